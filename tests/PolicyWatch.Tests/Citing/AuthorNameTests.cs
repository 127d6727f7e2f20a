using PolicyWatch.Citing;

namespace PolicyWatch.Tests.Citing;

public class AuthorNameTests
{
    [Theory]
    [InlineData("Jane Doe", "Doe", "Jane")]
    [InlineData("Doe, Jane", "Doe", "Jane")]
    [InlineData("Ursula von der Leyen", "von der Leyen", "Ursula")]
    [InlineData("María José García-López", "García-López", "María José")]
    [InlineData("smith@example.org (John Smith)", "Smith", "John")]
    [InlineData("  Jane \n Doe ", "Doe", "Jane")]
    public void People_split_into_family_and_given(string raw, string family, string given) =>
        Assert.Equal(AuthorName.Person(family, given), AuthorName.Parse(raw));

    [Theory]
    [InlineData("EDRi")]
    [InlineData("Open Rights Group")]
    [InlineData("European Commission")]
    [InlineData("The Register Staff")]
    [InlineData("@policy_bot")]
    [InlineData("Article 19")]
    public void Organisations_stay_whole(string raw) =>
        Assert.Equal(AuthorName.Organisation(raw), AuthorName.Parse(raw));

    [Theory]
    [InlineData("Martin Luther King Jr.", "King", "Martin Luther", "Jr.")]
    [InlineData("Martin Luther King, Jr.", "King", "Martin Luther", "Jr.")]
    [InlineData("King, Martin Luther, Jr.", "King", "Martin Luther", "Jr.")]
    [InlineData("King, Jr., Martin Luther", "King", "Martin Luther", "Jr.")]
    [InlineData("John Smith III", "Smith", "John", "III")]
    public void A_suffix_stays_with_the_person(string raw, string family, string given, string suffix) =>
        Assert.Equal(AuthorName.Person(family, given, suffix), AuthorName.Parse(raw));

    [Fact]
    public void A_suffix_follows_the_name_in_every_form()
    {
        var king = AuthorName.Person("King", "Martin Luther", "Jr.");
        Assert.Equal(("King, Martin Luther, Jr.", "Martin Luther King Jr.", "King, M. L., Jr."), (king.Inverted, king.Natural, king.WithInitials));
    }

    [Theory]
    [InlineData("山田 太郎")]
    [InlineData("山田太郎")]
    [InlineData("김 철수")]
    [InlineData("やまだ たろう")]
    public void A_name_in_a_family_first_script_is_kept_whole_and_never_initialised(string raw)
    {
        var name = AuthorName.Parse(raw);
        Assert.Equal(raw, name.Literal);
        Assert.Equal((raw, raw, raw), (name.Inverted, name.Natural, name.WithInitials));
    }

    [Theory]
    [InlineData("Paddy Leerssen, Rachel Griffin")]
    [InlineData("Alice and Bob")]
    [InlineData("Fox & Hound")]
    [InlineData("Doe, Jane, Ann, Lee")]
    public void A_name_that_is_not_one_person_is_kept_whole_rather_than_inverted_wrongly(string raw) =>
        Assert.Equal(AuthorName.Organisation(raw), AuthorName.Parse(raw));

    [Fact]
    public void The_publishers_own_name_is_an_organisation() =>
        Assert.True(AuthorName.Parse("Netzpolitik Redaktion", "netzpolitik redaktion").IsLiteral);

    [Theory]
    [InlineData("Jane Ann", "J. A.")]
    [InlineData("Jean-Paul", "J.-P.")]
    [InlineData("J.A.", "J. A.")]
    [InlineData("zoë", "Z.")]
    public void Initials(string given, string expected) => Assert.Equal(expected, AuthorName.Initials(given));

    [Fact]
    public async Task A_hostile_author_is_read_in_linear_time()
    {
        // Bounded by outcome, not a stopwatch: the old backtracking pattern took about 10 s here, the
        // new one finishes long before the generous limit.
        var hostile = string.Concat(Enumerable.Repeat("a@", 20_000));

        var name = await Task.Run(() => AuthorName.Parse(hostile)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(name);
    }
}
