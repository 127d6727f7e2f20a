namespace PolicyWatch.Tests.Browser;

/// <summary>
/// A test that drives Debian's Chromium. On CI (CI=true, where .ci/run installs it) a missing Chromium
/// fails the test; on a developer's machine without it the test is skipped, saying so loudly.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool OnCi => Environment.GetEnvironmentVariable("CI") == "true";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !OnCi)
            Skip = $"SKIPPED: Chromium is not installed at {ChromiumPath}; the browser test needs it (apt-get install -y chromium). CI installs it and runs this test.";
    }
}
