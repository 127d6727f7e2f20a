namespace PolicyWatch.Tests.Support;

/// <summary>A test that reads what only Linux has (<c>/proc</c>): skipped elsewhere, saying why, never silently passed.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute(string needs)
    {
        if (!OperatingSystem.IsLinux()) Skip = $"SKIPPED: needs Linux ({needs})";
    }
}
