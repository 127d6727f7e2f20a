using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Storage.Search;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

public sealed class SearchTests : IDisposable
{
    private readonly StoredItems _store = new();

    [Fact]
    public async Task Words_match_whatever_their_case_accents_or_ending()
    {
        var german = await _store.AddAsync("Chatkontrolle: Rat vertagt Abstimmung");
        var french = await _store.AddAsync("La décision du Conseil");
        var english = await _store.AddAsync("Apple drops its encryption plan");

        Assert.Equal([german], await _store.SearchIdsAsync("chatkontrolle"));
        Assert.Equal([german], await _store.SearchIdsAsync("CHATKONTROLLE"));
        Assert.Equal([french], await _store.SearchIdsAsync("decision"));
        Assert.Equal([french], await _store.SearchIdsAsync("décision"));
        Assert.Equal([english], await _store.SearchIdsAsync("encrypting"));
    }

    [Fact]
    public async Task Phrases_prefixes_and_operators_find_what_they_say()
    {
        var chatControl = await _store.AddAsync("Chat control vote delayed", "The Council could not agree on encryption.");
        var controlChat = await _store.AddAsync("Control of the chat", "Moderators on scanning.");
        var scanning = await _store.AddAsync("Client-side scanning explained", "Apple and scanning.");

        Assert.Equal([chatControl], await _store.SearchIdsAsync("\"chat control\""));
        Assert.Equal([controlChat, chatControl], (await _store.SearchIdsAsync("chat control")).Order().Reverse().ToList());
        Assert.Equal([chatControl], await _store.SearchIdsAsync("encrypt*"));
        Assert.Equal([scanning, controlChat], (await _store.SearchIdsAsync("scanning")).OrderDescending().ToList());
        Assert.Equal([controlChat], await _store.SearchIdsAsync("scanning NOT apple"));
        Assert.Equal([controlChat], await _store.SearchIdsAsync("scanning -apple"));
        Assert.Equal([scanning, chatControl], (await _store.SearchIdsAsync("encryption OR apple")).OrderDescending().ToList());
        Assert.Equal([chatControl], await _store.SearchIdsAsync("(vote OR ballot) council"));
        // Lower-case operators are words; a phrase's last word alone is the prefix, as in FTS5.
        Assert.Equal([controlChat], await _store.SearchIdsAsync("scanning AND moderators"));
        Assert.Empty(await _store.SearchIdsAsync("scanning and moderators"));
        Assert.Equal([chatControl], await _store.SearchIdsAsync("\"chat contr\"*"));
        Assert.Empty(await _store.SearchIdsAsync("\"cha control\"*"));
        Assert.Equal([scanning], await _store.SearchIdsAsync("\"client side\""));
        Assert.Equal([scanning], await _store.SearchIdsAsync("client-side"));
    }

    [Fact]
    public async Task Archived_text_is_searched_too()
    {
        var id = await _store.AddAsync("A statement", archived: "The full text mentions the Technology Notice regime.");

        Assert.Equal([id], await _store.SearchIdsAsync("\"technology notice\""));
    }

    [Fact]
    public async Task A_match_in_the_title_ranks_above_one_in_the_summary_above_one_in_the_text()
    {
        var inText = await _store.AddAsync("Weekly roundup", archived: "long text about many things, including encryption and more");
        var inSummary = await _store.AddAsync("Weekly roundup", "Today: encryption and more");
        var inTitle = await _store.AddAsync("Encryption under threat", "Today: a statement");

        Assert.Equal([inTitle, inSummary, inText], await _store.SearchIdsAsync("encryption"));
        // Words left out do not flatten the ranking: the score weighs the words looked for.
        Assert.Equal([inTitle, inSummary, inText], await _store.SearchIdsAsync("encryption -apple"));
    }

    [Fact]
    public async Task Equal_scores_list_the_newest_first_and_date_order_goes_by_publication()
    {
        var older = await _store.AddAsync("Encryption news", at: StoredItems.Day.AddDays(1));
        var newer = await _store.AddAsync("Encryption news", at: StoredItems.Day);

        Assert.Equal([newer, older], await _store.SearchIdsAsync("encryption"));
        Assert.Equal([older, newer], await _store.SearchIdsAsync("encryption", new ItemFilter { Order = ItemOrder.Date }));
    }

    [Fact]
    public async Task Relevance_ranks_the_newest_matches_when_a_search_matches_very_many()
    {
        var oldBest = await _store.AddAsync("Encryption encryption encryption");
        var newer = new List<long>();
        for (var n = 0; n < 4; n++) newer.Add(await _store.AddAsync($"Weekly {n}", "encryption"));
        var queries = new ItemQueries(_store.Database) { RankedMatches = 3 };

        var page = await queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10);

        Assert.Equal(newer.Skip(1).Reverse(), page.Items.Select(i => i.Id));
        Assert.DoesNotContain(oldBest, page.Items.Select(i => i.Id));
        Assert.Contains(oldBest, (await queries.PageAsync(new ItemFilter { Q = "encryption", Order = ItemOrder.Date }, null, 10)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Search_combines_with_every_filter()
    {
        var hit = await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", at: StoredItems.Day,
            jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "article", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "other", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", jurisdictions: ["uk"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-digital-services-act"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["age-assurance"]);
        await _store.AddAsync("Encryption vote", kind: "legislative", source: "europarl", at: StoredItems.Day.AddYears(-1),
            jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        await _store.AddAsync("Scanning vote", kind: "legislative", source: "europarl", jurisdictions: ["eu"], dossiers: ["eu-csam-regulation"], topics: ["end-to-end-encryption"]);
        var filter = new ItemFilter
        {
            Jurisdiction = "eu", Dossier = "eu-csam-regulation", Topic = "end-to-end-encryption", Source = "europarl",
            Kind = ItemKind.Legislative, From = StoredItems.Day.AddDays(-1), To = StoredItems.Day.AddDays(1),
        };

        Assert.Equal([hit], await _store.SearchIdsAsync("encryption", filter));
        Assert.Equal([hit], await _store.SearchIdsAsync("encryption", filter with { Order = ItemOrder.Date }));
        Assert.Equal(6, (await _store.SearchIdsAsync("encryption", new ItemFilter { Dossier = "eu-csam-regulation" })).Count);
    }

    [Fact]
    public async Task A_broad_jurisdiction_and_a_narrow_one_give_the_answers_of_their_filter()
    {
        // Four of five items are in the EU (on SQLite: broad, checked per match), one in the UK (narrow: a token in the index).
        var (eu, uk) = await AddEuAndUkAsync();

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            Assert.Equal(eu, await _store.SearchIdsAsync("encryption", new ItemFilter { Jurisdiction = "eu", Order = order }));
            Assert.Equal([uk], await _store.SearchIdsAsync("encryption", new ItemFilter { Jurisdiction = "uk", Order = order }));
            Assert.Equal([eu[0]], await _store.SearchIdsAsync("\"story 3\"", new ItemFilter { Jurisdiction = "eu", Order = order }));
        }
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task On_SQLite_a_broad_jurisdiction_is_checked_per_match_and_a_narrow_one_in_the_index()
    {
        await AddEuAndUkAsync();
        await using var connection = await _store.Database.OpenAsync();

        Assert.True((await SearchPlan.ForAsync(connection, new ItemFilter { Jurisdiction = "eu" }, "\"x\"", default)).JurisdictionPerMatch);
        Assert.False((await SearchPlan.ForAsync(connection, new ItemFilter { Jurisdiction = "uk" }, "\"x\"", default)).JurisdictionPerMatch);
    }

    /// <summary>Four items in the EU, newest first, and one in the UK.</summary>
    private async Task<(List<long> Eu, long Uk)> AddEuAndUkAsync()
    {
        var eu = new List<long>();
        for (var n = 0; n < 4; n++) eu.Add(await _store.AddAsync($"Encryption story {n}", at: StoredItems.Day.AddDays(n), jurisdictions: ["eu"]));
        var uk = await _store.AddAsync("Encryption story in London", jurisdictions: ["uk"]);
        eu.Reverse();
        return (eu, uk);
    }

    [Fact]
    public async Task A_search_for_articles_leaves_out_official_events()
    {
        var article = await _store.AddAsync("Encryption vote explained", kind: "article");
        await _store.AddAsync("Encryption vote", kind: "legislative");
        await _store.AddAsync("Encryption vote scheduled", kind: "milestone");

        Assert.Equal([article], await _store.SearchIdsAsync("encryption", new ItemFilter { Kind = ItemKind.Article }));
        Assert.Equal([article], await _store.SearchIdsAsync("encryption", new ItemFilter { Kind = ItemKind.Article, Order = ItemOrder.Date }));
        Assert.Equal(3, (await _store.SearchIdsAsync("encryption")).Count);
    }

    [Fact]
    public async Task Snippets_mark_the_matches_and_encode_hostile_text()
    {
        await _store.AddAsync("Statement", "<script>alert('x')</script> Ministers & encryption <b>now</b>");

        var item = (await _store.Queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10)).Items.Single();

        Assert.Equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ministers &amp; <mark>encryption</mark> &lt;b&gt;now&lt;/b&gt;", item.Snippet);
    }

    [Fact]
    public async Task A_search_page_asked_without_snippets_has_none()
    {
        await _store.AddAsync("Statement", "encryption");

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
        {
            var page = await _store.Queries.PageAsync(new ItemFilter { Q = "encryption", Order = order }, null, 10, withSnippets: false);
            Assert.Null(page.Items.Single().Snippet);
        }
    }

    [Fact]
    [Trait(TestDatabases.Provider, TestDatabases.SqliteOnly)]
    public async Task A_search_page_asked_without_snippets_makes_none()
    {
        await _store.AddAsync("Statement", "encryption");
        var made = BoundedSnippet.MadeFor(_store.Database.Path);

        foreach (var order in new[] { ItemOrder.Relevance, ItemOrder.Date })
            await _store.Queries.PageAsync(new ItemFilter { Q = "encryption", Order = order }, null, 10, withSnippets: false);

        Assert.Equal(made, BoundedSnippet.MadeFor(_store.Database.Path));
    }

    [Fact]
    public async Task Timelines_have_no_snippet()
    {
        await _store.AddAsync("Statement", "encryption");

        Assert.Null((await _store.Queries.PageAsync(new ItemFilter(), null, 10)).Items.Single().Snippet);
    }

    [Fact]
    public async Task Bad_search_syntax_is_an_invalid_search_not_a_database_error()
    {
        await Assert.ThrowsAsync<InvalidSearchException>(() => _store.Queries.PageAsync(new ItemFilter { Q = "\"chat control" }, null, 10));
        await Assert.ThrowsAsync<InvalidSearchException>(() => _store.Queries.PageAsync(new ItemFilter { Q = "NOT apple" }, null, 10));
    }

    [Theory]
    [InlineData("NEAR(\"a\" \"b\", 1)")]
    [InlineData("title: x OR")]
    [InlineData("* ^ : ( ) \" ")]
    [InlineData("a OR OR b")]
    [InlineData("x\u0000y")]
    [InlineData("a -b -c -d -e -f -g -h -i -j -k -l -m -n -o -p -q -r -s -t -u -v -w -x -y -z -aa -bb -cc -dd -ee -ff -gg -hh -ii -jj -kk -ll -mm -nn -oo -pp -qq -rr -ss -tt -uu -vv -ww")]
    [InlineData("(((((((((a OR b) c) d) e) f) g) h) i) j)")]
    [InlineData("w01 w02 w03 w04 w05 w06 w07 w08 w09 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39 w40 w41 w42 w43 w44 w45 w46 w47 w48 w49 w50")]
    // tsquery's syntax, as text in the search box.
    [InlineData("it's a \\' back\\slash 'quoted' & | ! <-> :* :ABC")]
    [InlineData("'a':* & !'b' | ('c' <-> 'd')")]
    [InlineData("\ud800 half \udfff a surrogate")]
    [InlineData("<b> -apple")]
    [InlineData("<b> OR x")]
    [InlineData("&amp; (x OR -y)")]
    public async Task Hostile_searches_either_run_or_are_refused_with_a_reason(string q)
    {
        await _store.AddAsync("Some title");

        var refusal = await Record.ExceptionAsync(() => _store.Queries.PageAsync(new ItemFilter { Q = q }, null, 10));

        // Either it ran, or it was refused as a search a person can fix: the reason says what is wrong
        // in words, not in the database's.
        if (refusal is null) return;
        var invalid = Assert.IsType<InvalidSearchException>(refusal);
        Assert.False(string.IsNullOrWhiteSpace(invalid.Message));
        Assert.DoesNotContain("SQLite", invalid.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fts5", invalid.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("postgres", invalid.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tsquery", invalid.Message, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _store.Dispose();
}
