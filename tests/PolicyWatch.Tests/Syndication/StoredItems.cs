using Dapper;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;

namespace PolicyWatch.Tests.Syndication;

/// <summary>Writes items straight into a test database, with the exact times a test needs.</summary>
public static class StoredItems
{
    public sealed record Row(string Guid, string Title, DateTimeOffset PublishedAt)
    {
        public string SourceId { get; init; } = "eu-news";
        public string Kind { get; init; } = "article";
        public string? Url { get; init; }
        public string[] Authors { get; init; } = ["Jane Doe"];
        public string? SummaryHtml { get; init; } = "<p>Summary with <b>bold</b> &amp; more</p>";
        public DateTimeOffset? FirstSeenAt { get; init; }
        public string? Stage { get; init; }

        /// <summary>How the item arrived: "crawl", or "history" for an item a history walk recovered.</summary>
        public string ArrivedVia { get; init; } = "crawl";

        public string[] Jurisdictions { get; init; } = ["eu"];
        public string[] Dossiers { get; init; } = [];
        public string[] Topics { get; init; } = [];
    }

    public static async Task<long> InsertAsync(Database database, Row row)
    {
        await using var connection = await database.OpenAsync();
        var firstSeen = row.FirstSeenAt ?? row.PublishedAt;
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO items (source_id, guid, kind, title, url, canonical_url, author, authors, summary_html, summary_text,
                               published_at, first_seen_at, last_changed_at, content_hash, stage, arrived_via)
            VALUES (@SourceId, @Guid, @Kind, @Title, @Url, @Url, @Author, @Authors, @SummaryHtml, 'Summary with bold & more',
                    @PublishedAt, @FirstSeen, @FirstSeen, @Guid, @Stage, @ArrivedVia)
            RETURNING id
            """, new { row.SourceId, row.Guid, row.Kind, row.Title, Url = row.Url ?? $"https://example.org/{row.Guid}", Author = AuthorList.DisplayLine(row.Authors), Authors = AuthorList.Encode(row.Authors), row.SummaryHtml,
                row.PublishedAt, FirstSeen = firstSeen, row.Stage, row.ArrivedVia });
        await using var transaction = await connection.BeginTransactionAsync();
        await ItemStore.WriteTagsAsync(transaction, id, row.PublishedAt, new Classification(row.Dossiers, row.Topics, row.Jurisdictions, []));
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>A clock the test moves by hand.</summary>
    public sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
