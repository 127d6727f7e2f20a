using PolicyWatch.Storage;

namespace PolicyWatch.Tests.Storage;

/// <summary>Two sources' names for one official step compare equal; different steps never do.</summary>
public sealed class StepKindsTests
{
    [Theory]
    [InlineData("Plenary vote", "plenary vote")]
    [InlineData("plenary vote", "plenary vote")]
    [InlineData("Decision by Parliament, 1st reading", "plenary vote")]
    [InlineData("Indicative plenary sitting date, 1st reading/single reading", "plenary vote")]
    [InlineData("Committee decision to enter into interinstitutional negotiations confirmed by plenary (Rule 71)", "plenary vote")]
    [InlineData("Mandate for interinstitutional negotiations confirmed in plenary", "plenary vote")]
    [InlineData("Vote in committee, 1st reading", "committee vote")]
    [InlineData("Report adopted in committee", "committee vote")]
    [InlineData("Legislative proposal published", "proposal")]
    [InlineData("2nd reading (Commons)", "second reading")]
    [InlineData("1st reading (Commons)", "first reading")]
    [InlineData("introduction", "first reading")]
    [InlineData("Royal Assent", "royal assent")]
    [InlineData("Final act signed", "adoption")]
    [InlineData("Act adopted by Council after Parliament\u2019s 1st reading", "adoption")]
    public void Names_of_one_step_map_to_its_kind(string name, string kind) => Assert.Equal(kind, StepKinds.Of(name, "any title"));

    [Fact]
    public void Without_a_stage_the_title_names_the_step()
    {
        Assert.Equal("committee vote", StepKinds.Of(null, "Vote in committee, 1st reading"));
        Assert.Equal("plenary vote", StepKinds.Of(" ", "Decision by Parliament, 1st reading"));
    }

    [Fact]
    public void An_unknown_name_is_its_own_kind_and_other_steps_stay_apart()
    {
        Assert.Equal("Committee decision to open interinstitutional negotiations", StepKinds.Of(null, "Committee decision to open interinstitutional negotiations"));
        Assert.NotEqual(StepKinds.Of("Plenary debate", ""), StepKinds.Of("Plenary vote", ""));
        Assert.NotEqual(StepKinds.Of("committee vote", ""), StepKinds.Of("plenary vote", ""));
        Assert.True(StepKinds.Same(StepKinds.Of("Trilogue", ""), StepKinds.Of("trilogue", "")));
    }
}
