namespace PolicyWatch.Citing;

/// <summary>
/// Writes a whole view to a stream as it is read, one item at a time: nothing but the
/// current item and an output buffer of a few kilobytes is held, so a view of a million
/// items costs no more memory than one of ten. Only asynchronous writes reach the stream
/// (Kestrel refuses synchronous ones on a response body), and the stream is left open.
/// </summary>
public abstract class ExportWriter
{
    /// <summary>How much output is gathered before it is handed to the stream.</summary>
    protected const int BufferSize = 16 * 1024;

    public abstract ExportFormat Format { get; }

    public abstract Task WriteAsync(IAsyncEnumerable<CitableItem> items, Stream output, CancellationToken ct);

    public static ExportWriter For(ExportFormat format) => format switch
    {
        ExportFormat.Csv => new CsvExportWriter(),
        ExportFormat.BibTeX => new BibTeXExportWriter(),
        ExportFormat.Ris => new RisExportWriter(),
        ExportFormat.CslJson => new CslJsonExportWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}

/// <summary>
/// Text formats: one string per item through a UTF-8 StreamWriter whose buffer goes to the
/// stream each time it fills, so output starts after the first few items, not at the end.
/// </summary>
public abstract class TextExportWriter : ExportWriter
{
    /// <summary>Written before the first item (a header row), or "".</summary>
    protected virtual string Preamble => "";

    /// <summary>One item's text; <paramref name="first"/> lets formats put separators between items.</summary>
    protected abstract string Entry(CitableItem item, bool first);

    public override async Task WriteAsync(IAsyncEnumerable<CitableItem> items, Stream output, CancellationToken ct)
    {
        var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), BufferSize, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(Preamble.AsMemory(), ct).ConfigureAwait(false);
            var first = true;
            await foreach (var item in items.WithCancellation(ct).ConfigureAwait(false))
            {
                await writer.WriteAsync(Entry(item, first).AsMemory(), ct).ConfigureAwait(false);
                first = false;
            }
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// CSV (RFC 4180) with a header row. It starts with a UTF-8 byte order mark: without one,
/// Excel, where most exports are opened, reads the file as ANSI and garbles every accent.
/// </summary>
public sealed class CsvExportWriter : TextExportWriter
{
    public override ExportFormat Format => ExportFormat.Csv;
    protected override string Preamble => "\uFEFF" + CsvRow.Record(CsvRow.Header);
    protected override string Entry(CitableItem item, bool first) => CsvRow.Format(item);
}

/// <summary>A .bib file: @online entries separated by blank lines, keys unique through the item id.</summary>
public sealed class BibTeXExportWriter : TextExportWriter
{
    public override ExportFormat Format => ExportFormat.BibTeX;
    protected override string Entry(CitableItem item, bool first) => (first ? "" : "\n") + BibTeXEntry.Format(item) + "\n";
}

/// <summary>An .ris file: records one after another, every line a tag line (no blank lines).</summary>
public sealed class RisExportWriter : TextExportWriter
{
    public override ExportFormat Format => ExportFormat.Ris;
    protected override string Entry(CitableItem item, bool first) => RisRecord.Format(item);
}
