using System.Text;

namespace PolicyWatch.Tests.Citing;

/// <summary>A strict RFC 4180 reader, to prove the CSV export parses back to what went in.</summary>
internal static class Rfc4180Reader
{
    public static List<List<string>> Read(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException("unterminated quoted field");
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; }
                    else if (text[i] == '"') { i++; break; }
                    else field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"') throw new FormatException($"quote inside an unquoted field at {i}");
                    field.Append(text[i++]);
                }
            }
            record.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',') { i++; continue; }
            if (i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n') i += 2;
            else if (i < text.Length) throw new FormatException($"record not ended by CRLF at {i}");
            records.Add(record);
            record = [];
        }
        if (record.Count > 0) throw new FormatException("last record not ended by CRLF");
        return records;
    }
}
