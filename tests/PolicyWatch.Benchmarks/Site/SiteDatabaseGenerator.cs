using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Search;

namespace PolicyWatch.Benchmarks.Site;

/// <summary>
/// Fills a database with synthetic items through the real schema (so the FTS triggers run as they
/// do in production): prepared commands, one transaction per 10,000 items. About one article in seven
/// reports, from another source and up to a day and a half later, an event an earlier article of its
/// batch reported: the two are written as one story (the story triggers choose the lead), and every
/// item gets the signature and the 8 candidate keys assignment writes, so the story tables weigh what
/// they would (their words are random; assignment's own speed is the stories benchmark's).
/// </summary>
internal static class SiteDatabaseGenerator
{
    public static readonly string[] Jurisdictions = ["eu", "uk", "us", "global"];

    public static readonly (string Id, string Jurisdiction)[] Dossiers =
    [
        ("uk-online-safety-act", "uk"), ("eu-csam-regulation", "eu"), ("eu-csam-interim-derogation", "eu"),
        ("eu-digital-services-act", "eu"), ("apple-csam-detection", "us"),
    ];

    public static readonly string[] Topics = ["client-side-scanning", "end-to-end-encryption", "age-assurance", "csam-detection", "platform-enforcement"];

    public const int SourceCount = 50;

    private const int Batch = 10_000;

    /// <summary>A feeds.json with the shipped taxonomy and 50 sources that read one local empty feed.</summary>
    public static string WriteFeedsJson(string folder)
    {
        var emptyFeed = Path.Combine(folder, "empty.xml");
        File.WriteAllText(emptyFeed, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>empty</title></channel></rss>");
        var url = new Uri(emptyFeed).AbsoluteUri;
        var sources = Enumerable.Range(0, SourceCount).Select(n =>
            $$"""{ "id": "source-{{n:00}}", "name": "Synthetic source {{n:00}}", "url": "{{url}}", "type": "feed", "jurisdiction": "{{Jurisdictions[n % 4]}}", "every": "24h" }""");
        var dossiers = Dossiers.Select(d =>
            $$"""{ "id": "{{d.Id}}", "title": "{{d.Id}}", "jurisdiction": "{{d.Jurisdiction}}", "phrases": ["{{d.Id.Replace('-', ' ')}}"] }""");
        var topics = Topics.Select(t => $$"""{ "id": "{{t}}", "name": "{{t}}", "phrases": ["{{t.Replace('-', ' ')}}"] }""");
        var path = Path.Combine(folder, "feeds.json");
        File.WriteAllText(path, $$"""
            {
              "jurisdictions": { "uk": "United Kingdom", "eu": "European Union", "us": "United States", "global": "Global" },
              "dossiers": [ {{string.Join(",\n", dossiers)}} ],
              "topics": [ {{string.Join(",\n", topics)}} ],
              "sources": [ {{string.Join(",\n", sources)}} ]
            }
            """);
        return path;
    }

    /// <summary>Adds items until the database holds <paramref name="target"/> synthetic ones; sources must exist already.</summary>
    public static async Task FillAsync(Database database, int target, double archivedFraction)
    {
        await using var connection = await database.OpenSqliteAsync();
        // Nothing is crawled during a run: every source is due only in the far future.
        await connection.ExecuteAsync("UPDATE sources SET next_fetch_at = '2100-01-01T00:00:00Z'");
        var existing = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM items WHERE guid LIKE 'synthetic-%'");
        if (existing >= target) { Console.WriteLine($"database already holds {existing:N0} synthetic items"); return; }
        await connection.ExecuteAsync("PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;");

        var corpus = new SyntheticCorpus(seed: 20261122 + existing);
        var clock = Stopwatch.StartNew();
        for (var start = existing; start < target; start += Batch)
        {
            await InsertBatchAsync(connection, corpus, start, Math.Min(Batch, target - start), archivedFraction);
            var done = Math.Min(start + Batch, target);
            var rate = (done - existing) / clock.Elapsed.TotalSeconds;
            Console.Write($"\r  {done:N0} / {target:N0} items, {rate:N0}/s, eta {TimeSpan.FromSeconds((target - done) / rate):mm\\:ss}   ");
        }
        Console.WriteLine();
        Console.WriteLine("  optimizing the FTS index and gathering statistics…");
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts) VALUES ('optimize'); ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);",
            commandTimeout: 3600);
        Console.WriteLine($"  generated in {clock.Elapsed:mm\\:ss}");
    }

    private static async Task InsertBatchAsync(SqliteConnection connection, SyntheticCorpus corpus, int start, int count, double archivedFraction)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        // Texts are packed and tag tokens written as ItemStore does, so size and search match a crawled database.
        var item = Prepare(connection, transaction,
            """
            INSERT INTO items (source_id, guid, kind, title, url, canonical_url, summary_html, summary_text, archived_text, archived_at,
                               published_at, first_seen_at, last_changed_at, content_hash, stage, dossier_id, tag_tokens)
            VALUES ($source, $guid, $kind, $title, $url, $url, pack($html), pack($summary), pack($archived), $archivedAt,
                    $at, $at, $at, $hash, $stage, $dossier, $tokens)
            RETURNING id
            """, "$source", "$guid", "$kind", "$title", "$url", "$html", "$summary", "$archived", "$archivedAt", "$at", "$hash", "$stage", "$dossier", "$tokens");
        var jurisdiction = Prepare(connection, transaction, "INSERT INTO item_jurisdictions VALUES ($tag, $id, $at)", "$tag", "$id", "$at");
        var dossier = Prepare(connection, transaction, "INSERT INTO item_dossiers (dossier_id, item_id, published_at, official) VALUES ($tag, $id, $at, $official)", "$tag", "$id", "$at", "$official");
        var topic = Prepare(connection, transaction, "INSERT INTO item_topics VALUES ($tag, $id, $at)", "$tag", "$id", "$at");
        var reason = Prepare(connection, transaction, "INSERT INTO item_tag_reasons VALUES ($id, $tag, $phrase, $field)", "$id", "$tag", "$phrase", "$field");
        var signature = Prepare(connection, transaction, "INSERT INTO story_signatures VALUES ($id, 1.0)", "$id");
        var key = Prepare(connection, transaction, "INSERT OR IGNORE INTO story_keys VALUES ($term, $day, $id)", "$term", "$day", "$id");
        var story = Prepare(connection, transaction,
            "INSERT OR IGNORE INTO stories (id, lead_item_id, items, sources, created_at) VALUES ($id, $id, 1, 1, $at)", "$id", "$at");
        var member = Prepare(connection, transaction,
            """
            INSERT OR IGNORE INTO story_members (item_id, story_id, source_id, kind, published_at, official, joined_by)
            VALUES ($id, $story, $source, 'article', $at, 0, 'generated')
            """, "$id", "$story", "$source", "$at");
        var articles = new List<(long Id, DateTimeOffset At, string Source)>();
        var random = corpus.Random;
        var firstDay = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var span = (long)(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero) - firstDay).TotalSeconds;

        for (var n = start; n < start + count; n++)
        {
            var when = firstDay.AddSeconds(random.NextInt64(span));
            var source = n % SourceCount;
            var kind = random.NextDouble() switch { < 0.88 => "article", < 0.99 => "legislative", _ => "milestone" };
            var founder = kind == "article" && articles.Count > 0 && random.NextDouble() < 0.15 ? articles[articles.Count - 1 - random.Next(Math.Min(200, articles.Count))] : default;
            if (founder.Id != 0 && founder.Source != $"source-{source:00}") when = founder.At.AddMinutes(random.Next(36 * 60));
            else founder = default;
            var at = UtcTimestamp.ToText(when);
            var dossierTag = random.NextDouble() < 0.55 ? Dossiers[random.Next(Dossiers.Length)] : default;
            var summary = corpus.Text(250 + random.Next(300));
            var archived = random.NextDouble() < archivedFraction ? corpus.Text(2000 + random.Next(2000)) : null;
            var title = corpus.Text(60 + random.Next(40)).TrimEnd('.');
            var tags = Tags(random, source, dossierTag);
            Set(item, $"source-{source:00}", $"synthetic-{n}", kind, title, $"https://example.org/{source}/{n}",
                $"<p>{WebUtility.HtmlEncode(summary)}</p>", summary, archived, archived is null ? null : at, at, $"{n:x16}",
                kind == "article" ? null : "plenary", dossierTag.Id, SearchTokens.ForTags(tags));
            var id = (long)(await item.ExecuteScalarAsync())!;

            foreach (var tag in tags.Jurisdictions) await InsertAsync(jurisdiction, tag, id, at);
            foreach (var tag in tags.Dossiers) await InsertAsync(dossier, tag, id, at, kind == "article" ? 0 : 1);
            foreach (var tag in tags.Topics) await InsertAsync(topic, tag, id, at);
            foreach (var why in tags.Why) await InsertAsync(reason, id, why.Tag, why.Phrase, why.Field);

            await InsertAsync(signature, id);
            if (kind != "article") continue;
            var day = DateOnly.FromDateTime(when.UtcDateTime).DayNumber;
            for (var k = 0; k < 8; k++) await InsertAsync(key, random.NextInt64(), day, id);
            if (founder.Id != 0)
            {
                var storyId = await StoryOfAsync(connection, transaction, founder.Id);
                if (storyId is null)
                {
                    await InsertAsync(story, founder.Id, at);
                    await InsertAsync(member, founder.Id, founder.Id, founder.Source, UtcTimestamp.ToText(founder.At));
                }
                await InsertAsync(member, id, storyId ?? founder.Id, $"source-{source:00}", at);
            }
            articles.Add((id, when, $"source-{source:00}"));
        }
        await transaction.CommitAsync();
    }

    /// <summary>The story the founder is in now (it may have joined one as a follower).</summary>
    private static async Task<long?> StoryOfAsync(SqliteConnection connection, SqliteTransaction transaction, long item) =>
        await connection.ExecuteScalarAsync<long?>("SELECT story_id FROM story_members WHERE item_id = @Item", new { Item = item }, transaction);

    /// <summary>A dossier for about half the items, its jurisdiction (else the source's), sometimes a second one, topics at 15 % each.</summary>
    private static Classification Tags(Random random, int source, (string? Id, string? Jurisdiction) dossierTag)
    {
        var jurisdictions = new HashSet<string> { dossierTag.Jurisdiction ?? Jurisdictions[source % 4] };
        if (random.NextDouble() < 0.2) jurisdictions.Add(Jurisdictions[random.Next(4)]);
        string[] dossiers = dossierTag.Id is null ? [] : [dossierTag.Id];
        var topics = Topics.Where(_ => random.NextDouble() < 0.15).ToArray();
        // Every tag has its reason, as the classifier writes it: the phrase (the id spelled as words) and the field.
        var why = dossiers.Concat(topics).Select(tag => new TagReason(tag, tag.Replace('-', ' '), random.Next(3) switch { 0 => "title", 1 => "summary", _ => "text" }));
        return new Classification(dossiers, topics, jurisdictions.ToArray(), why.ToArray());
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static async Task InsertAsync(SqliteCommand command, params object?[] values)
    {
        Set(command, values);
        await command.ExecuteNonQueryAsync();
    }
}
