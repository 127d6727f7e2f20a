using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyWatch.Catalog;

/// <summary>
/// An EU interinstitutional procedure reference such as <c>2022/0155(COD)</c>: year, number and
/// procedure type. The European Parliament's API names it <c>2022-0155</c>.
/// </summary>
public sealed partial record ProcedureReference(int Year, int Number, string Type)
{
    [GeneratedRegex(@"^(?<year>(?:19|20)\d\d)/(?<number>\d{4})\((?<type>[A-Z]{3})\)$")]
    private static partial Regex Shape();

    public static ProcedureReference? Parse(string text)
    {
        var match = Shape().Match(text);
        if (!match.Success) return null;
        return new ProcedureReference(
            int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture),
            match.Groups["type"].Value);
    }

    /// <summary>The id in the European Parliament's Open Data API: <c>2022-0155</c>.</summary>
    public string ApiId => string.Create(CultureInfo.InvariantCulture, $"{Year}-{Number:0000}");

    /// <summary>The procedure file on the Legislative Observatory, the official page people read.</summary>
    public Uri Page => new("https://oeil.europarl.europa.eu/oeil/en/procedure-file?reference=" + this);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}/{Number:0000}({Type})");
}

/// <summary>The official pages of what the parliaments' APIs follow.</summary>
public static class OfficialPages
{
    /// <summary>The bill's page on bills.parliament.uk.</summary>
    public static Uri Bill(int bill) => new(string.Create(CultureInfo.InvariantCulture, $"https://bills.parliament.uk/bills/{bill}"));
}
