namespace PolicyWatch.Citing;

/// <summary>The formats a whole view can be exported in, at <c>/export.{Extension}</c>.</summary>
public enum ExportFormat { Csv, BibTeX, Ris, CslJson }

public static class ExportFormats
{
    extension(ExportFormat format)
    {
        /// <summary>The media type to send, with its charset (all exports are UTF-8).</summary>
        public string ContentType => format switch
        {
            ExportFormat.Csv => "text/csv; charset=utf-8; header=present",
            ExportFormat.BibTeX => "application/x-bibtex; charset=utf-8",
            ExportFormat.Ris => "application/x-research-info-systems; charset=utf-8",
            ExportFormat.CslJson => "application/vnd.citationstyles.csl+json; charset=utf-8",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };

        /// <summary>The file extension, without the dot: "csv", "bib", "ris", "json".</summary>
        public string Extension => format switch
        {
            ExportFormat.Csv => "csv",
            ExportFormat.BibTeX => "bib",
            ExportFormat.Ris => "ris",
            ExportFormat.CslJson => "json",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    /// <summary>Reads the extension of an export URL ("csv", "bib", "ris", "json"; any case, dot optional).</summary>
    public static bool TryParseExtension(string? extension, out ExportFormat format)
    {
        foreach (var candidate in Enum.GetValues<ExportFormat>())
        {
            if (string.Equals(extension?.TrimStart('.'), candidate.Extension, StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }
        format = default;
        return false;
    }
}
