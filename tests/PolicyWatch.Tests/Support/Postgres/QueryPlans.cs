using System.Text.Json;

namespace PolicyWatch.Tests.Support.Postgres;

/// <summary>Reading PostgreSQL's <c>EXPLAIN (FORMAT JSON)</c> plans in tests.</summary>
public static class QueryPlans
{
    /// <summary>Every node of <paramref name="plan"/>, the plan itself first, then its children's, depth first.</summary>
    public static IEnumerable<JsonElement> Nodes(JsonElement plan)
    {
        yield return plan;
        if (!plan.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
            foreach (var node in Nodes(child))
                yield return node;
    }
}
