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

    [Fact]
    public void The_publishers_own_name_is_an_organisation() =>
        Assert.True(AuthorName.Parse("Netzpolitik Redaktion", "netzpolitik redaktion").IsOrganisation);

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
