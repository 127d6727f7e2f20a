using System.Text.Json;

namespace PolicyWatch.Catalog;

internal static class TopicReader
{
    public static Topic? Read((JsonElement Element, string Path) entry, CatalogLoader.Context context)
    {
        var fields = JsonFields.Of(entry.Element, entry.Path, context.Errors);
        if (fields is null) return null;
        var id = context.Id(fields);
        var name = fields.String("name", required: true);
        var jurisdiction = context.Jurisdiction(fields, required: false);
        var phrases = fields.Strings("phrases");
        var exclude = fields.Strings("exclude");
        fields.RejectUnknownKeys();
        if (phrases.Count == 0 && fields.Get("phrases") is null) fields.Error("phrases", "is required: a topic is found by its phrases");
        if (id is null || name is null) return null;
        return new Topic(id, name, jurisdiction, phrases, exclude);
    }
}
