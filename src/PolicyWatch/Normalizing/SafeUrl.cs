using System.Globalization;

namespace PolicyWatch.Normalizing;

/// <summary>
/// Decides whether a URL taken from feed HTML may be shown as a link or image source, and
/// gives its absolute form. Values arrive entity-decoded from the parser; what is left to
/// defeat is the browser's own leniency about control characters and case in the scheme.
/// </summary>
internal static class SafeUrl
{
    private const int MaxLength = 8192;

    /// <summary>An absolute http, https or mailto URL (or a raster data: image when allowed); null otherwise.</summary>
    public static string? Resolve(string? value, Uri? baseUrl, bool allowDataImage = false)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength) return null;
        var cleaned = RemoveInvisibles(value).Trim();
        // "#section" points into the original page, which is not what we show.
        if (cleaned.Length == 0 || cleaned[0] == '#') return null;

        var scheme = SchemeOf(WithoutSpaces(cleaned));
        if (scheme is not null)
        {
            if (scheme == "data") return allowDataImage && IsRasterDataImage(cleaned) ? cleaned : null;
            if (scheme is not ("http" or "https" or "mailto")) return null;
            return Uri.TryCreate(cleaned, UriKind.Absolute, out var absolute) && IsAllowed(absolute)
                ? absolute.AbsoluteUri : null;
        }

        if (baseUrl is null || !baseUrl.IsAbsoluteUri || baseUrl.Scheme is not ("http" or "https")) return null;
        // Browsers read "\" as "/" in http(s) URLs; .NET would read "\\host" as a file share.
        var relative = cleaned.Replace('\\', '/');
        return Uri.TryCreate(baseUrl, relative, out var resolved) && IsAllowed(resolved)
            ? resolved.AbsoluteUri : null;
    }

    /// <summary>The lower-cased scheme a browser would see, or null for a relative reference.</summary>
    internal static string? SchemeOf(string url)
    {
        if (url.Length == 0 || !char.IsAsciiLetter(url[0])) return null;
        for (var i = 1; i < url.Length; i++)
        {
            var c = url[i];
            if (c == ':') return url[..i].ToLowerInvariant();
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return null;
        }
        return null;
    }

    private static bool IsAllowed(Uri uri) =>
        uri.IsAbsoluteUri && uri.Scheme is "http" or "https" or "mailto";

    // SVG is left out on purpose: an SVG document can carry script.
    private static readonly string[] RasterDataPrefixes =
        ["data:image/png;base64,", "data:image/gif;base64,", "data:image/jpeg;base64,", "data:image/webp;base64,", "data:image/avif;base64,"];

    private static bool IsRasterDataImage(string url)
    {
        var prefix = RasterDataPrefixes.FirstOrDefault(p => url.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        return prefix is not null && !url.AsSpan(prefix.Length).ContainsAnyExcept(Base64Characters);
    }

    private static readonly System.Buffers.SearchValues<char> Base64Characters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= ");

    /// <summary>
    /// Drops what browsers ignore or what hides a scheme from a reader: controls (tab, newline,
    /// NUL...), format characters (zero-width, soft hyphen, bidi marks) and the U+FFFD the
    /// parser puts where a NUL was.
    /// </summary>
    private static string RemoveInvisibles(string value)
    {
        if (!value.Any(IsInvisible)) return value;
        return string.Concat(value.Where(c => !IsInvisible(c)));
    }

    private static bool IsInvisible(char c) =>
        char.IsControl(c) || c == '\uFFFD'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    // For finding the scheme only: "java script:" is not a scheme to a browser, but refusing it
    // costs nothing and leaves no room for a parser difference.
    private static string WithoutSpaces(string value) =>
        value.Any(char.IsWhiteSpace) ? string.Concat(value.Where(c => !char.IsWhiteSpace(c))) : value;
}
