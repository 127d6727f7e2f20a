using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

public sealed class StoredTextTests : IDisposable
{
    private static readonly string LongText = string.Concat(Enumerable.Repeat(
        "Der Rat hat die Chatkontrolle vertagt; la décision sur le chiffrement de bout en bout attend. ", 40));

    private readonly StoredItems _store = new();

    [Fact]
    public void A_long_text_packs_to_a_smaller_blob_and_unpacks_to_the_same_text()
    {
        var packed = Assert.IsType<byte[]>(StoredText.Pack(LongText));

        Assert.True(packed.Length < LongText.Length / 3, $"packed {packed.Length} bytes from {LongText.Length} characters");
        Assert.Equal(LongText, StoredText.Unpack(packed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Sunny.")]
    public void A_text_too_short_to_shrink_stays_text(string text) => Assert.Equal(text, StoredText.Pack(text));

    [Fact]
    public void Nothing_stays_nothing_and_plain_text_passes_through()
    {
        Assert.Null(StoredText.Pack(null));
        Assert.Null(StoredText.Unpack(null));
        Assert.Null(StoredText.Unpack(DBNull.Value));
        Assert.Equal("written before packing", StoredText.Unpack("written before packing"));
    }

    [Fact]
    public async Task Read_models_read_stored_texts_within_their_limits()
    {
        await using var connection = await _store.Database.OpenAsync();

        var row = await connection.QuerySingleAsync<(string Text, string Short, string Html, string Plain)>(
            $"""
            SELECT {StoredText.UnpackedAtMost("pack(@Long)", 40)}, {StoredText.UnpackedAtMost("pack('Sunny.')", 40)},
                   {StoredText.UnpackedAtMost("pack(@Html)", 40)}, {StoredText.AtMost("@Plain", 10)}
            """, new { Long = LongText, Html = "<p>" + LongText + "</p>", Plain = "Council debates chat control" });

        Assert.Equal("Der Rat hat die Chatkontrolle vertagt;…", StoredText.Within(row.Text, 40));
        Assert.Equal("Sunny.", StoredText.Within(row.Short, 40));
        Assert.Equal("<p>Der Rat hat die Chatkontrolle ve…</p>", StoredText.HtmlWithin(row.Html, 40)); // 40 characters, closed
        Assert.Equal("Council d…", row.Plain);
    }

    [Fact]
    public void A_damaged_blob_is_an_error_that_says_so_not_wrong_text()
    {
        var packed = (byte[])StoredText.Pack(LongText)!;
        var truncated = packed[..(packed.Length / 2)];

        Assert.Contains("damaged", Assert.Throws<InvalidDataException>(() => StoredText.Unpack(truncated)).Message);
        Assert.Contains("marker", Assert.Throws<InvalidDataException>(() => StoredText.Unpack(new byte[] { 9, 9, 9, 9, 9, 9 })).Message);
    }

    /// <summary>PostgreSQL keeps texts as text (pack and unpack are the text itself there) and compresses them in TOAST.</summary>
    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task Sql_packs_once_however_often_it_is_asked_and_unpacks_what_it_packed()
    {
        await using var connection = await _store.Database.OpenAsync();

        var (type, text) = await connection.QuerySingleAsync<(string, string)>(
            "SELECT typeof(pack(pack(@Text))), unpack(pack(pack(@Text)))", new { Text = LongText });

        Assert.Equal(("blob", LongText), (type, text));
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
