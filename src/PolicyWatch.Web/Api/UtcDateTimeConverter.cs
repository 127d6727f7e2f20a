using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Api;

/// <summary>Dates in the API read as <c>2024-05-28T09:30:00Z</c>: UTC, to the second, as stored.</summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(UtcTimestamp.ToText(value));
}
