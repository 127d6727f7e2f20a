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
        var milestones = fields.Array("milestones", required: false)
            .Select(m => ReadMilestone(m, context)).OfType<Milestone>().ToList();
        fields.RejectUnknownKeys();
        if (id is null || title is null || jurisdiction is null) return null;
        return new Dossier(id, title, jurisdiction, reference, url, phrases, exclude, milestones);
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
