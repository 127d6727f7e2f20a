using System.Text;
using PolicyWatch.Parsing.Charsets;

namespace PolicyWatch.Tests.Parsing.Charsets;

/// <summary>
/// Feeds and pages find their encoding the same way (<see cref="CharsetSniffer"/>): a BOM, then the HTTP charset,
/// then the document's own declaration (the XML declaration, a &lt;meta&gt;), then UTF-8. Each case writes the same
/// title as a feed and as a page, with the same BOM, header and declaration, and both must read it back.
/// </summary>
public sealed class CharsetSniffingTests
{
    private const string Title = "Café “quoted”";

    static CharsetSniffingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public sealed record Case(string Name, string Encoding, bool Bom, string? Charset, string? Declared)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() =>
    [
        new("a UTF-8 BOM beats a windows-1252 header and declaration", "utf-8", Bom: true, Charset: "windows-1252", Declared: "windows-1252"),
        new("a UTF-16 BOM beats a UTF-8 header and declaration", "utf-16", Bom: true, Charset: "utf-8", Declared: "utf-8"),
        new("a UTF-16BE BOM with nothing else said", "utf-16BE", Bom: true, Charset: null, Declared: null),
        new("the header beats the declaration", "windows-1252", Bom: false, Charset: "windows-1252", Declared: "utf-8"),
        new("a UTF-8 header beats a windows-1252 declaration", "utf-8", Bom: false, Charset: "utf-8", Declared: "windows-1252"),
        new("the declaration speaks when the header does not", "windows-1252", Bom: false, Charset: null, Declared: "windows-1252"),
        new("a Latin-1 header means windows-1252", "windows-1252", Bom: false, Charset: "ISO-8859-1", Declared: null),
        new("a declared UTF-16 in single bytes is UTF-8", "utf-8", Bom: false, Charset: null, Declared: "utf-16"),
        new("nothing said: UTF-8", "utf-8", Bom: false, Charset: null, Declared: null),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_feed_and_a_page_read_the_same_bytes_and_labels_alike(Case c)
    {
        var declaration = c.Declared is null ? "" : $" encoding=\"{c.Declared}\"";
        var meta = c.Declared is null ? "" : $"<meta charset=\"{c.Declared}\">";
        var feed = Bytes(c, $"<?xml version=\"1.0\"{declaration}?><rss version=\"2.0\"><channel><title>{Title}</title></channel></rss>");
        var page = Bytes(c, $"<!DOCTYPE html><html><head>{meta}<title>{Title}</title></head><body></body></html>");
        var contentType = c.Charset is null ? null : $"text/xml; charset={c.Charset}";

        Assert.Contains($"<title>{Title}</title>", FeedText.Decode(feed, contentType).Text);
        Assert.Contains($"<title>{Title}</title>", PageText.Decode(page, contentType?.Replace("text/xml", "text/html")));
    }

    [Theory]
    [InlineData("<script src=\"a.js\" charset=\"utf-8\"></script><meta charset=\"windows-1252\">")]
    [InlineData("<!-- <meta charset=\"utf-8\"> --><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">")]
    [InlineData("<meta charset=\"no-such-encoding\"><meta content='text/html; charset=\"windows-1252\"' http-equiv=content-type>")]
    public void Only_a_meta_that_names_an_encoding_declares_the_page(string head)
    {
        var page = Encoding.GetEncoding(1252).GetBytes($"<html><head>{head}<title>{Title}</title></head></html>");

        Assert.Contains($"<title>{Title}</title>", PageText.Decode(page, "text/html"));
    }

    private static byte[] Bytes(Case c, string text)
    {
        var encoding = Encoding.GetEncoding(c.Encoding);
        return c.Bom ? [.. encoding.GetPreamble(), .. encoding.GetBytes(text)] : encoding.GetBytes(text);
    }
}
