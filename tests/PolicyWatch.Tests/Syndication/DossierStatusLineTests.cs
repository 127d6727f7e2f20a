using PolicyWatch.Storage;
using PolicyWatch.Syndication;

namespace PolicyWatch.Tests.Syndication;

/// <summary>The status line a dossier's feeds pin as their subtitle.</summary>
public sealed class DossierStatusLineTests
{
    private static OfficialStep Step(string title, DateTimeOffset at, string kind = "legislative", string? raw = null) =>
        new() { Id = 1, Kind = kind, Title = title, At = at, AtRaw = raw, SourceId = "uk-bill", SourceName = "UK Parliament: Bills API" };

    [Fact]
    public void Before_any_official_step_it_says_so() =>
        Assert.Equal("No official step recorded yet.", DossierStatusLine.Text(new DossierStatus()));

    [Fact]
    public void A_month_stays_a_month_a_milestone_is_curated_and_an_act_says_so()
    {
        var council = Step("Council vote called off.", new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), "milestone", "2025-10");
        var status = new DossierStatus { CurrentStage = "Royal Assent", IsAct = true, ReachedBy = council, LastStep = council };

        Assert.Equal("Current stage: Royal Assent (an Act), since October 2025. Last official step: October 2025, Council vote called off "
                     + "(curated milestone). No next step dated yet.", DossierStatusLine.Text(status));
    }

    [Fact]
    public void A_next_step_is_announced_even_before_any_step_was_reached()
    {
        var status = new DossierStatus { NextStep = Step("2nd reading", new(2027, 1, 12, 14, 30, 0, TimeSpan.Zero)) };

        Assert.Equal("Next expected: 12 January 2027, 2nd reading (UK Parliament: Bills API).", DossierStatusLine.Text(status));
    }
}
