using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyWatch.Catalog;

/// <summary>
/// Loads feeds.json and validates all of it before anything is used: either the whole catalog
/// comes back, or a <see cref="CatalogException"/> listing every error with its JSON path.
/// </summary>
public static partial class CatalogLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdShape();

    public static async Task<PolicyCatalog> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        string json;
        if (!File.Exists(path))
            throw new CatalogException(path, [new CatalogError("", $"was not found (looked for {Path.GetFullPath(path)}); pass --feeds PATH or run from the folder that holds it")]);
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException(path, [new CatalogError("", $"cannot be read: {e.Message}")]);
        }
        return Load(json, path);
    }

    /// <param name="file">Named in errors; relative <c>file:</c> source URLs resolve against its folder.</param>
    public static PolicyCatalog Load(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, column {e.BytePositionInLine + 1}: " : "";
            throw new CatalogException(file, [new CatalogError("", $"is not valid JSON: {where}{FirstSentence(e.Message)}")]);
        }
        using (document)
        {
            var errors = new List<CatalogError>();
            var catalog = Read(document.RootElement, errors, Path.GetDirectoryName(Path.GetFullPath(file))!);
            if (errors.Count > 0 || catalog is null) throw new CatalogException(file, errors);
            return catalog;
        }
    }

    private static PolicyCatalog? Read(JsonElement root, List<CatalogError> errors, string baseFolder)
    {
        var fields = JsonFields.Of(root, "", errors);
        if (fields is null) return null;
        var jurisdictions = ReadJurisdictions(fields, errors);
        var context = new Context(jurisdictions.Keys.ToHashSet(), errors, baseFolder);
        var dossiers = ReadAll(fields, "dossiers", required: true, e => DossierReader.Read(e, context));
        context.DossierIds = dossiers.Select(d => d.Id).ToHashSet();
        var topics = ReadAll(fields, "topics", required: false, e => TopicReader.Read(e, context));
        var sources = ReadAll(fields, "sources", required: true, e => SourceReader.Read(e, context));
        var historySince = ReadHistory(fields);
        fields.RejectUnknownKeys();
        RejectDuplicates(dossiers.Select(d => d.Id), "dossiers", errors);
        RejectDuplicates(topics.Select(t => t.Id), "topics", errors);
        RejectDuplicates(dossiers.Select(d => d.Id).Concat(topics.Select(t => t.Id)), "dossiers and topics", errors);
        RejectDuplicates(sources.Select(s => s.Id), "sources", errors);
        return new PolicyCatalog(jurisdictions, dossiers, topics, sources) { HistorySince = historySince };
    }

    /// <summary><c>"history": { "since": "2020-01-01" }</c>: the horizon history walks go back to.</summary>
    private static DateOnly? ReadHistory(JsonFields fields)
    {
        if (fields.Object("history", required: false) is not { } history) return null;
        var since = history.String("since", required: true);
        history.RejectUnknownKeys();
        if (since is null) return null;
        if (DateOnly.TryParseExact(since, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            && date.Year is >= 1990 and <= 2200)
            return date;
        history.Error("since", $"\"{since}\" is not a date such as 2020-01-01 (YYYY-MM-DD, from 1990)");
        return null;
    }

    private static Dictionary<string, string> ReadJurisdictions(JsonFields fields, List<CatalogError> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = fields.Object("jurisdictions", required: true);
        if (section is null) return result;
        foreach (var property in fields.Get("jurisdictions")!.Value.EnumerateObject())
        {
            var path = section.At(property.Name);
            if (!IsId(property.Name)) errors.Add(new CatalogError(path, "a jurisdiction code is lower-case letters, digits and dashes"));
            else if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString()!.Trim().Length == 0)
                errors.Add(new CatalogError(path, "must be the jurisdiction's name, e.g. \"European Union\""));
            else result[property.Name] = property.Value.GetString()!.Trim();
        }
        if (result.Count == 0 && !errors.Any(e => e.Path.StartsWith("jurisdictions", StringComparison.Ordinal)))
            errors.Add(new CatalogError("jurisdictions", "must name at least one jurisdiction"));
        return result;
    }

    private static List<T> ReadAll<T>(JsonFields fields, string name, bool required, Func<(JsonElement, string), T?> read)
        where T : class =>
        fields.Array(name, required).Select(read).OfType<T>().ToList();

    private static void RejectDuplicates(IEnumerable<string> ids, string section, List<CatalogError> errors)
    {
        foreach (var group in ids.GroupBy(id => id).Where(g => g.Count() > 1))
            errors.Add(new CatalogError(section, $"the id \"{group.Key}\" is used {group.Count()} times; ids must be unique"));
    }

    internal static bool IsId(string text) => IdShape().IsMatch(text);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>What the section readers need to check references and report errors.</summary>
    internal sealed class Context(HashSet<string> jurisdictions, List<CatalogError> errors, string baseFolder)
    {
        public HashSet<string> Jurisdictions { get; } = jurisdictions;
        public HashSet<string> DossierIds { get; set; } = [];
        public List<CatalogError> Errors { get; } = errors;
        public string BaseFolder { get; } = baseFolder;

        public string? Id(JsonFields fields)
        {
            var id = fields.String("id", required: true);
            if (id is not null && !IsId(id))
            {
                fields.Error("id", $"\"{id}\" is not an id: use lower-case letters, digits and dashes");
                return null;
            }
            return id;
        }

        public string? Jurisdiction(JsonFields fields, bool required)
        {
            var code = fields.String("jurisdiction", required);
            if (code is not null && !Jurisdictions.Contains(code))
            {
                fields.Error("jurisdiction", $"\"{code}\" is not one of the jurisdictions ({string.Join(", ", Jurisdictions)})");
                return null;
            }
            return code;
        }

        /// <summary>An absolute http(s) URL, or with <paramref name="allowFile"/> a file: URL (relative ones resolve against feeds.json's folder).</summary>
        public Uri? Url(JsonFields fields, string name, bool required, bool allowFile)
        {
            var text = fields.String(name, required);
            if (text is null) return null;
            if (allowFile && text.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
                return new Uri(Path.GetFullPath(Path.Combine(BaseFolder, Uri.UnescapeDataString(text["file:".Length..]))));
            if (Uri.TryCreate(text, UriKind.Absolute, out var url)
                && (url.Scheme is "http" or "https" || (allowFile && url.IsFile)))
                return url;
            fields.Error(name, $"\"{text}\" is not an absolute {(allowFile ? "http(s) or file:" : "http(s)")} URL");
            return null;
        }
    }
}
