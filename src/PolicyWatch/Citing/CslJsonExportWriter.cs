using System.Text.Json;

namespace PolicyWatch.Citing;

/// <summary>
/// A CSL-JSON array written element by element with Utf8JsonWriter, which keeps its output
/// in memory until flushed: it is flushed to the stream whenever a buffer's worth is pending.
/// </summary>
public sealed class CslJsonExportWriter : ExportWriter
{
    public override ExportFormat Format => ExportFormat.CslJson;

    public override async Task WriteAsync(IAsyncEnumerable<CitableItem> items, Stream output, CancellationToken ct)
    {
        var json = new Utf8JsonWriter(output, CslJsonItem.Options);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartArray();
            await foreach (var item in items.WithCancellation(ct).ConfigureAwait(false))
            {
                CslJsonItem.Write(json, item);
                if (json.BytesPending >= BufferSize) await json.FlushAsync(ct).ConfigureAwait(false);
            }
            json.WriteEndArray();
            await json.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}
