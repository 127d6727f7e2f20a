using System.Text.Json;

namespace PolicyWatch.Catalog;

internal static class DossierReader
{
    public static Dossier? Read((JsonElement Element, string Path) entry, CatalogLoader.Context context)
    {
        var fields = JsonFields.Of(entry.Element, entry.Path, context.Errors);
        if (fields is null) return null;
        var id = context.Id(fields);
        var title = fields.String("title", required: true);
        var jurisdiction = context.Jurisdiction(fields, required: true);
        var reference = fields.String("reference", required: false);
        var url = context.Url(fields, "url", required: false, allowFile: false);
        var phrases = fields.Strings("phrases");
        var exclude = fields.Strings("exclude");
        var milestones = ReadMilestones(fields.Array("milestones", required: false), context);
        fields.RejectUnknownKeys();
        if (id is null || title is null || jurisdiction is null) return null;
        return new Dossier(id, title, jurisdiction, reference, url, phrases, exclude, milestones);
    }

    /// <summary>
    /// A milestone's identity is its dossier, date and stage (<c>MilestoneStore</c>): a second one with the
    /// same date and stage would silently overwrite the first, so it is an error naming both.
    /// </summary>
    private static List<Milestone> ReadMilestones(IEnumerable<(JsonElement Element, string Path)> entries, CatalogLoader.Context context)
    {
        var milestones = new List<Milestone>();
        var seen = new Dictionary<(PartialDate, string), string>();
        foreach (var entry in entries)
        {
            if (ReadMilestone(entry, context) is not { } milestone) continue;
            if (seen.TryGetValue((milestone.Date, milestone.Stage), out var first))
            {
                context.Errors.Add(new CatalogError(entry.Path,
                    $"has the same date ({milestone.Date}) and stage (\"{milestone.Stage}\") as {first}; a milestone is identified by them"));
                continue;
            }
            seen.Add((milestone.Date, milestone.Stage), entry.Path);
            milestones.Add(milestone);
        }
        return milestones;
    }

    private static Milestone? ReadMilestone((JsonElement Element, string Path) entry, CatalogLoader.Context context)
    {
        var fields = JsonFields.Of(entry.Element, entry.Path, context.Errors);
        if (fields is null) return null;
        var dateText = fields.String("date", required: true);
        PartialDate date = default;
        if (dateText is not null && !PartialDate.TryParse(dateText, out date))
            fields.Error("date", $"\"{dateText}\" is not a date such as 2022-05-11, or 2022-05 when only the month is known");
        var title = fields.String("title", required: true);
        var stage = fields.String("stage", required: true);
        var url = context.Url(fields, "url", required: true, allowFile: false);
        var publisher = fields.String("publisher", required: false);
        fields.RejectUnknownKeys();
        if (dateText is null || date == default || title is null || stage is null || url is null) return null;
        return new Milestone(date, title, stage, url, publisher ?? Publishers.ForUrl(url));
    }
}
