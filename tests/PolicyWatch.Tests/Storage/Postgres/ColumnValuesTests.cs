using PolicyWatch.Storage.Postgres.Copying;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>How a copy reads SQLite's instants: the stores' spelling, and the other spellings of the same instant.</summary>
public sealed class ColumnValuesTests
{
    [Theory]
    [InlineData("2024-05-28T09:30:00Z")]
    [InlineData("2024-05-28 09:30:00")]
    [InlineData("2024-05-28T09:30:00.999Z")]
    [InlineData("2024-05-28T11:30:00+02:00")]
    [InlineData("2024-05-28T09:30:00")]
    public void An_instant_in_any_spelling_SQLite_writes_is_read_as_UTC_cut_to_the_second(string text)
    {
        var instant = ColumnValues.Instant(text);

        Assert.Equal(new DateTime(2024, 5, 28, 9, 30, 0, DateTimeKind.Utc), instant);
        Assert.Equal(DateTimeKind.Utc, instant.Kind);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("28/05/2024 09:30")]
    [InlineData(1716888600L)]
    public void Anything_else_is_refused_saying_what_it_is(object value)
    {
        var error = Assert.Throws<FormatException>(() => ColumnValues.Instant(value));

        Assert.Contains("is not an instant such as 2024-05-28T09:30:00Z", error.Message);
    }
}
