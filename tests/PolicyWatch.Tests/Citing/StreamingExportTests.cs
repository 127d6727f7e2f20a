using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using PolicyWatch.Citing;
using static PolicyWatch.Tests.Citing.CitingFixtures;

namespace PolicyWatch.Tests.Citing;

/// <summary>Exports stream: output reaches the stream while the view is still being read.</summary>
public class StreamingExportTests
{
    private const int Total = 10_000;

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.BibTeX)]
    [InlineData(ExportFormat.Ris)]
    [InlineData(ExportFormat.CslJson)]
    public async Task Output_begins_long_before_the_enumeration_ends(ExportFormat format)
    {
        var source = new CountingSource(Total);
        var output = new RecordingStream(() => source.Yielded);

        await ExportWriter.For(format).WriteAsync(source.Items(), output, CancellationToken.None);

        Assert.Equal(Total, source.Yielded);
        Assert.NotNull(output.YieldedAtFirstWrite);
        Assert.True(output.YieldedAtFirstWrite < Total / 10,
            $"first write only after {output.YieldedAtFirstWrite} of {Total} items: the export is buffered");
        Assert.True(output.Writes > 50, $"{output.Writes} writes for {Total} items: the export is not written in chunks");
        Assert.True(output.LargestWrite <= 64 * 1024, $"a write of {output.LargestWrite} bytes: too much held in memory");
        Assert.Equal(Total, CountEntries(format, output.ToArray()));
    }

    [Fact]
    public async Task Cancellation_stops_the_export()
    {
        using var cancel = new CancellationTokenSource();
        var source = new CountingSource(Total, afterYield: n => { if (n == 100) cancel.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ExportWriter.For(ExportFormat.Csv).WriteAsync(source.Items(), new RecordingStream(() => 0), cancel.Token));
        Assert.True(source.Yielded < Total);
    }

    [Fact]
    public async Task The_output_stream_is_left_open()
    {
        var output = new RecordingStream(() => 0);
        await ExportWriter.For(ExportFormat.Ris).WriteAsync(Items.ToAsyncEnumerable(), output, CancellationToken.None);
        Assert.True(output.CanWrite);
    }

    private static int CountEntries(ExportFormat format, byte[] bytes)
    {
        if (format == ExportFormat.CslJson)
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.GetArrayLength();
        }
        var text = Encoding.UTF8.GetString(bytes);
        return format switch
        {
            ExportFormat.Csv => Rfc4180Reader.Read(text.TrimStart('\uFEFF')).Count - 1,
            ExportFormat.BibTeX => text.Split("@online{").Length - 1,
            _ => text.Split("ER  - \r\n").Length - 1,
        };
    }

    /// <summary>A view of <paramref name="total"/> items, read asynchronously like a database cursor.</summary>
    private sealed class CountingSource(int total, Action<int>? afterYield = null)
    {
        public int Yielded { get; private set; }

        public async IAsyncEnumerable<CitableItem> Items([EnumeratorCancellation] CancellationToken ct = default)
        {
            for (var i = 1; i <= total; i++)
            {
                if (i % 100 == 0) await Task.Yield();
                ct.ThrowIfCancellationRequested();
                var template = CitingFixtures.Items[i % CitingFixtures.Items.Count];
                Yielded = i;
                yield return template with { Id = i };
                afterYield?.Invoke(i);
            }
        }
    }

    /// <summary>
    /// Records each write and how many items had been read when the first came. Synchronous
    /// writes throw, as Kestrel's response body does by default.
    /// </summary>
    private sealed class RecordingStream(Func<int> yielded) : Stream
    {
        private readonly MemoryStream _content = new();

        public int? YieldedAtFirstWrite { get; private set; }
        public int Writes { get; private set; }
        public int LargestWrite { get; private set; }

        public byte[] ToArray() => _content.ToArray();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            YieldedAtFirstWrite ??= yielded();
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _content.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
