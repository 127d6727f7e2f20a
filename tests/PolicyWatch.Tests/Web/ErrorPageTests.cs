using System.Net;

namespace PolicyWatch.Tests.Web;

/// <summary>/error is reachable directly too: its code parameter can only choose among the error statuses.</summary>
[Collection(SiteCollection.Name)]
public sealed class ErrorPageTests(SiteFixture site)
{
    private readonly HttpClient _client = site.Host.Client;

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("99")]
    [InlineData("200")]
    [InlineData("302")]
    [InlineData("600")]
    [InlineData("999")]
    [InlineData("99999999999")]
    public async Task A_code_that_is_not_an_error_status_is_not_answered_with(string code)
    {
        var plain = await _client.GetAsync("/error");
        var response = await _client.GetAsync($"/error?code={code}");

        Assert.Equal(plain.StatusCode, response.StatusCode);
        Assert.Contains("Something went wrong", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(404, "Not found")]
    [InlineData(400, "That request cannot be answered")]
    [InlineData(503, "Something went wrong")]
    public async Task An_error_code_is_answered_with_its_page(int code, string heading)
    {
        var response = await _client.GetAsync($"/error?code={code}");

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Contains(heading, await response.Content.ReadAsStringAsync());
    }
}
