using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Normalizing;
using PolicyWatch.Syndication;

namespace PolicyWatch.Catalog;

/// <summary>What every imported source gets: the flags of import-opml.</summary>
public sealed record OpmlImportSettings(string Jurisdiction, string Every = "1h", string Keep = "all");

/// <summary>The outcome of planning an import: the new feeds.json text, or the errors that stop it.</summary>
/// <param name="FeedsJson">The whole new file; null when there are errors (then nothing may be written).</param>
/// <param name="Notes">Outlines skipped on purpose (duplicates, folders), for the operator to read.</param>
public sealed record OpmlImportPlan(string? FeedsJson, IReadOnlyList<string> AddedIds, IReadOnlyList<string> Errors, IReadOnlyList<string> Notes);

/// <summary>
/// Adds an OPML's feeds to feeds.json as sources. The file is edited as text, the new source
/// objects inserted before the closing bracket of "sources", so its comments and layout stay
/// as the operator wrote them; the result must then load with <see cref="CatalogLoader"/>.
/// </summary>
public static class OpmlImport
{
    private static readonly JsonSerializerOptions SourceJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static OpmlImportPlan Plan(string feedsJson, string feedsPath, IReadOnlyList<OpmlOutline> outlines, OpmlImportSettings settings)
    {
        var errors = new List<string>();
        var notes = new List<string>();
        PolicyCatalog existing;
        try
        {
            existing = CatalogLoader.Load(feedsJson, feedsPath);
        }
        catch (CatalogException e)
        {
            return new OpmlImportPlan(null, [], [$"the current file cannot be extended: {e.Message}"], []);
        }
        var knownUrls = existing.Sources.ToDictionary(s => Normalize(s.Url.AbsoluteUri) ?? s.Url.AbsoluteUri, s => $"source \"{s.Id}\"");
        var ids = existing.Sources.Select(s => s.Id).ToHashSet();
        var added = new List<(string Id, string Name, string Url)>();
        foreach (var outline in outlines.SelectMany(o => o.Flatten()))
        {
            var where = $"{outline.Path} \"{outline.Text}\"";
            if (outline.XmlUrl is null)
            {
                if (outline.Children.Count == 0) errors.Add($"{where}: has no xmlUrl, so there is no feed to add");
                continue;
            }
            if (Normalize(outline.XmlUrl) is not { } url)
            {
                errors.Add($"{where}: xmlUrl \"{outline.XmlUrl}\" is not an absolute http or https URL");
                continue;
            }
            if (knownUrls.TryGetValue(url, out var already))
            {
                notes.Add($"{where}: skipped, {outline.XmlUrl} is already {already}");
                continue;
            }
            var id = UniqueId(outline, ids);
            knownUrls[url] = $"imported as \"{id}\" from {outline.Path}";
            added.Add((id, outline.Text.Length > 0 ? outline.Text : new Uri(url).Host, outline.XmlUrl));
        }
        if (errors.Count > 0) return new OpmlImportPlan(null, [], errors, notes);
        if (added.Count == 0) return new OpmlImportPlan(null, [], ["the OPML has no feed that is not already configured"], notes);

        var objects = added.Select(a => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["id"] = a.Id, ["name"] = a.Name, ["url"] = a.Url, ["type"] = "feed",
            ["jurisdiction"] = settings.Jurisdiction, ["every"] = settings.Every, ["keep"] = settings.Keep,
        }, SourceJson).Replace("\":\"", "\": \"").Replace("\",\"", "\", \"")).ToList();
        string text;
        try
        {
            text = JsonText.AppendToArray(feedsJson, "sources", objects);
        }
        catch (FormatException e)
        {
            return new OpmlImportPlan(null, [], [e.Message], notes);
        }
        try
        {
            CatalogLoader.Load(text, feedsPath);
        }
        catch (CatalogException e)
        {
            return new OpmlImportPlan(null, [], [$"the imported sources would make the file invalid: {e.Message}"], notes);
        }
        return new OpmlImportPlan(text, added.Select(a => a.Id).ToList(), [], notes);
    }

    /// <summary>The identity used to spot duplicates: canonical form, and no difference between http and https or a trailing slash.</summary>
    public static string? Normalize(string url) =>
        UrlCanonicalizer.Canonicalize(url) is { } canonical
            ? canonical.Replace("https://", "http://", StringComparison.Ordinal).TrimEnd('/')
            : null;

    private static string UniqueId(OpmlOutline outline, HashSet<string> taken)
    {
        var slug = Slug(outline.Text);
        if (slug.Length == 0 && Uri.TryCreate(outline.XmlUrl, UriKind.Absolute, out var uri)) slug = Slug(uri.Host);
        if (slug.Length == 0) slug = "source";
        slug = slug.Length > 56 ? slug[..56].TrimEnd('-') : slug;
        var id = slug;
        for (var n = 2; !taken.Add(id); n++) id = $"{slug}-{n}";
        return id;
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in Folding.Fold(text).ToLowerInvariant())
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        return slug.ToString().Trim('-');
    }
}
