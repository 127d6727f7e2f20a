using PolicyWatch.Citing;

namespace PolicyWatch.Tests.Citing;

public class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    public void Fields_are_quoted_only_when_needed(string field, string expected) =>
        Assert.Equal(expected + "\r\n", CsvRow.Record([field]));

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 20", "'+44 20")]
    [InlineData("-10%", "'-10%")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Formulas_are_defused(string field, string expected) =>
        Assert.Equal(expected, CsvRow.DefuseFormula(field));

    [Fact]
    public void Empty_and_missing_fields_are_empty() =>
        Assert.Equal("a,,\r\n", CsvRow.Record(["a", null, ""]));
}
