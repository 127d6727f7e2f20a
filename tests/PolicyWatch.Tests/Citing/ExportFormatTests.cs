using PolicyWatch.Citing;

namespace PolicyWatch.Tests.Citing;

public class ExportFormatTests
{
    [Theory]
    [InlineData(ExportFormat.Csv, "csv", "text/csv; charset=utf-8; header=present")]
    [InlineData(ExportFormat.BibTeX, "bib", "application/x-bibtex; charset=utf-8")]
    [InlineData(ExportFormat.Ris, "ris", "application/x-research-info-systems; charset=utf-8")]
    [InlineData(ExportFormat.CslJson, "json", "application/vnd.citationstyles.csl+json; charset=utf-8")]
    public void Each_format_has_an_extension_a_content_type_and_a_writer(ExportFormat format, string extension, string contentType)
    {
        Assert.Equal(extension, format.Extension);
        Assert.Equal(contentType, format.ContentType);
        Assert.Equal(format, ExportWriter.For(format).Format);
        Assert.True(ExportFormats.TryParseExtension("." + extension.ToUpperInvariant(), out var parsed));
        Assert.Equal(format, parsed);
    }

    [Theory]
    [InlineData(null), InlineData(""), InlineData("xml"), InlineData("csv2")]
    public void Unknown_extensions_are_refused(string? extension) =>
        Assert.False(ExportFormats.TryParseExtension(extension, out _));
}
