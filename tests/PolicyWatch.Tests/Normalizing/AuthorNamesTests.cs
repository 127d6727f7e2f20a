using PolicyWatch.Catalog;
using PolicyWatch.Normalizing;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Normalizing;

/// <summary>One creator string read as the people and organisations it names (issue 14).</summary>
public class AuthorNamesTests
{
    [Theory]
    [InlineData("Paddy Leerssen, Rachel Griffin", new[] { "Paddy Leerssen", "Rachel Griffin" })]
    [InlineData("Paddy Leerssen and Rachel Griffin", new[] { "Paddy Leerssen", "Rachel Griffin" })]
    [InlineData("Paddy Leerssen & Rachel Griffin", new[] { "Paddy Leerssen", "Rachel Griffin" })]
    [InlineData("Paddy Leerssen, Rachel Griffin and Jane Doe", new[] { "Paddy Leerssen", "Rachel Griffin", "Jane Doe" })]
    [InlineData("Paddy Leerssen, Rachel Griffin, and Jane Doe", new[] { "Paddy Leerssen", "Rachel Griffin", "Jane Doe" })]
    [InlineData("Paddy Leerssen; Rachel Griffin", new[] { "Paddy Leerssen", "Rachel Griffin" })]
    [InlineData("Leerssen, Paddy and Griffin, Rachel", new[] { "Leerssen, Paddy", "Griffin, Rachel" })]
    [InlineData("Leerssen, Paddy, Griffin, Rachel", new[] { "Leerssen, Paddy", "Griffin, Rachel" })]
    [InlineData("Leerssen, P., Griffin, R.", new[] { "Leerssen, P.", "Griffin, R." })]
    [InlineData("Leerssen, Paddy, Rachel Griffin", new[] { "Leerssen, Paddy", "Rachel Griffin" })]
    [InlineData("Jane Doe and EDRi", new[] { "Jane Doe", "EDRi" })]
    [InlineData("Jane Doe and European Digital Rights", new[] { "Jane Doe", "European Digital Rights" })]
    // Bylines in capitals, as a newspaper in the shared corpus writes them.
    [InlineData("ANNA BERG and TOM LUND", new[] { "ANNA BERG", "TOM LUND" })]
    [InlineData("MARIA KOVAC, JO BRANDT and LEA HOLM", new[] { "MARIA KOVAC", "JO BRANDT", "LEA HOLM" })]
    [InlineData("NILS D. ERIKSSON and ÉLODIE PÉREZ-PEÑA", new[] { "NILS D. ERIKSSON", "ÉLODIE PÉREZ-PEÑA" })]
    [InlineData("Martin Luther King, Jr., and Coretta Scott King", new[] { "Martin Luther King, Jr.", "Coretta Scott King" })]
    [InlineData("山田太郎、鈴木花子", new[] { "山田太郎", "鈴木花子" })]
    [InlineData("山田太郎, 김철수", new[] { "山田太郎", "김철수" })]
    public void A_creator_that_lists_several_people_is_several_authors(string creator, string[] names) =>
        Assert.Equal(names, AuthorNames.Split(creator));

    [Theory]
    [InlineData("Jane Doe")]
    [InlineData("Leerssen, Paddy")]
    [InlineData("Leerssen, P.")]
    [InlineData("von der Leyen, Ursula")]
    [InlineData("Doe, Jane Ann")]
    [InlineData("Martin Luther King, Jr.")]
    [InlineData("King, Martin Luther, Jr.")]
    [InlineData("John Smith III")]
    [InlineData("山田 太郎")]
    [InlineData("김 철수")]
    [InlineData("smith@example.org (John Smith)")]
    public void One_person_stays_one_author(string creator) =>
        Assert.Equal([creator], AuthorNames.Split(creator));

    [Theory]
    [InlineData("Department for Science, Innovation and Technology")]
    [InlineData("Center for Democracy & Technology")]
    [InlineData("Society for Computers and Law")]
    [InlineData("Office of the Privacy Commissioner, Policy and Research")]
    [InlineData("Alpen Online und Teletext GmbH & Co KG")]
    [InlineData("Heise Medien GmbH & Co. KG")]
    [InlineData("Open Rights Group")]
    [InlineData("European Digital Rights")]
    [InlineData("Ofcom")]
    [InlineData("EDRi")]
    [InlineData("Marks and Spencer")]
    [InlineData("Ernst & Young")]
    [InlineData("Jane Doe, Staff Writer")]
    [InlineData("EFF Deeplinks")]
    [InlineData("A. B. C. / AGENCIAS")]
    public void An_organisation_stays_one_author(string creator) =>
        Assert.Equal([creator], AuthorNames.Split(creator));

    [Fact]
    public void A_creator_that_is_the_publishers_own_name_is_never_cut() =>
        Assert.Equal(["Smith, Jones and Partners"], AuthorNames.Split("Smith, Jones and Partners", publisher: "smith, jones and partners"));

    [Fact]
    public void Every_publisher_milestones_name_stays_whole()
    {
        // Milestones are never split, but the same names reach us as feed authors too.
        var names = new[] { "Publications Office of the European Union", "Council of the European Union", "Center for Democracy & Technology",
            "Association for Progressive Communications", "Society for Computers and Law", "Information Commissioner's Office",
            "legislation.gov.uk (The National Archives)", "Office of Electronic Communications (Poland)", "Katten Muchin Rosenman" };
        Assert.All(names, name => Assert.Equal([name], AuthorNames.Split(name)));
    }

    [Fact]
    public void Whitespace_and_control_characters_collapse_and_empty_creators_name_nobody()
    {
        Assert.Equal(["Jane Doe", "John Roe"], AuthorNames.Split("  Jane \n Doe\tand\u0001John Roe "));
        Assert.Empty(AuthorNames.Split(" \n "));
    }

    [Fact]
    public void An_items_creators_give_its_authors_in_order_without_repeats()
    {
        var names = AuthorNames.Read(["Paddy Leerssen, Rachel Griffin", null, "", "rachel griffin", "Jane Doe"], publisher: "EDRi", out var cut);

        Assert.Equal(["Paddy Leerssen", "Rachel Griffin", "Jane Doe"], names);
        Assert.False(cut);
    }

    [Fact]
    public void An_item_keeps_at_most_fifty_authors_each_within_the_author_limit()
    {
        var many = Enumerable.Range(1, 120).Select(i => $"Person Number{i}").ToList();
        var names = AuthorNames.Read(many, null, out var cut);
        Assert.Equal(many.Take(TextLimits.Authors), names);
        Assert.True(cut);

        var longName = "Jane " + new string('x', 2 * TextLimits.Author);
        var one = Assert.Single(AuthorNames.Read([longName], null, out cut));
        Assert.True(cut);
        Assert.InRange(one.Length, 1, TextLimits.Author);
        Assert.EndsWith(TextLimits.Mark, one);
    }

    [Fact]
    public async Task A_hostile_creator_is_read_in_linear_time()
    {
        // Bounded by outcome, not a stopwatch: a quadratic reading of 2 MB would take minutes.
        var hostile = string.Concat(Enumerable.Repeat("Jane Doe, and & ; 、Leerssen, P., Jr., III, ", 50_000));
        var creators = Enumerable.Repeat(hostile, 50).Append(string.Concat(Enumerable.Repeat("a", 2_000_000)));

        var names = await Task.Run(() => AuthorNames.Read(creators, null, out _)).WaitAsync(TimeSpan.FromSeconds(20));
        var split = await Task.Run(() => AuthorNames.Split(hostile)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.InRange(names.Count, 1, TextLimits.Authors);
        Assert.True(split.Count > 100_000, $"{split.Count} names");
    }

    [Fact]
    public void A_feed_entry_keeps_every_author_and_a_cut_shows_in_the_note()
    {
        var source = new SourceDefinition("s", "EDRi", new Uri("https://example.org/feed"), SourceType.Feed, "eu",
            TimeSpan.FromHours(1), KeepPolicy.All, ItemKind.Article, null, null);
        PolicyWatch.Parsing.ParsedEntry Entry(params string[] authors) =>
            new("id", "A title", "https://example.org/a", null, null, null, null, authors.FirstOrDefault(), authors, [], []);

        var item = Normalizer.Normalize(Entry("Paddy Leerssen, Rachel Griffin", "Jane Doe"), source, null);
        Assert.Equal(["Paddy Leerssen", "Rachel Griffin", "Jane Doe"], item.Authors);
        Assert.Empty(item.Truncated);

        var crowded = Normalizer.Normalize(Entry(Enumerable.Range(1, 60).Select(i => $"Person Number{i}").ToArray()), source, null);
        Assert.Equal(TextLimits.Authors, crowded.Authors.Count);
        Assert.Equal(["author"], crowded.Truncated);
    }
}
