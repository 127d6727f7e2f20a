using PolicyWatch.Tests.Support;
using Xunit.Abstractions;

namespace PolicyWatch.Tests.Classifying;

/// <summary>
/// The shipped feeds.json rules against PolicyWatch's own labelled coverage in
/// testdata/labelled-own.json (provenance: testdata/README.md), split and scored as
/// <see cref="LabelledCorpusTests"/> does the shared corpus.
/// </summary>
public sealed class OwnLabelledTests(ITestOutputHelper output)
{
    private static readonly LabelledFloors Floors = new(
        All: [("dossiers", 0, 0), ("topics", 0, 0), ("jurisdictions", 0, 0)],
        HeldAside: [("dossiers", 0, 0), ("topics", 0, 0), ("jurisdictions", 0, 0)]);

    [Fact]
    public async Task Shipped_rules_meet_the_precision_and_recall_floors_on_our_own_labels()
    {
        var items = LabelledItem.ReadAll(TestPaths.TestData("Classifying", "testdata", "labelled-own.json"));
        // pw086 on were labelled after the phrase families were written, as a check neither half tuned.
        await LabelledReport.AssertFloorsAsync(output, items, Floors,
            ("labelled later", item => string.CompareOrdinal(item.Id, "pw086") >= 0));
    }
}
