using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace PolicyWatch.Storage.Postgres;

/// <summary>
/// What <c>--db</c> (and <c>Storage:Database</c>) can say for PostgreSQL: an Npgsql connection string
/// (<c>Host=db;Database=policywatch;Username=pw</c>) or a libpq URI
/// (<c>postgresql://pw:secret@db:5432/policywatch?sslmode=require</c>), which is what hosting providers hand out
/// and Npgsql does not read. Anything else is a SQLite path.
/// </summary>
public static partial class PostgresConnectionString
{
    private static readonly string[] Schemes = ["postgresql://", "postgres://"];

    /// <summary>
    /// Whether <paramref name="database"/> names a PostgreSQL database rather than a SQLite file: a
    /// <c>postgresql://</c> or <c>postgres://</c> URI, or a connection string that names a host.
    /// </summary>
    public static bool IsPostgres(string database)
    {
        if (IsUri(database)) return true;
        if (!database.Contains('=', StringComparison.Ordinal)) return false;
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(database).Host);
        }
        catch (ArgumentException)
        {
            return false; // not a connection string: a file name with '=' in it
        }
    }

    /// <summary>An Npgsql connection string for a URI or a connection string (returned as it is).</summary>
    /// <exception cref="FormatException">A URI that cannot be read, or with a parameter this does not know; the message says which.</exception>
    public static string From(string database) => IsUri(database) ? FromUri(database) : database;

    /// <summary>Where the database is, for messages: never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var at = host.Contains(',', StringComparison.Ordinal) || host.StartsWith('/') ? host : $"{host}:{builder.Port}";
        return builder.Database is { Length: > 0 } name ? $"PostgreSQL database {name} at {at}" : $"PostgreSQL at {at}";
    }

    private static bool IsUri(string database) =>
        Schemes.Any(scheme => database.StartsWith(scheme, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads <c>postgresql://[user[:password]@][host[:port][,host[:port]…]][/database][?name=value&amp;…]</c> as libpq
    /// does: every part percent-decoded, an IPv6 address in brackets, a query parameter overriding the part it names.
    /// </summary>
    private static string FromUri(string uri)
    {
        var rest = uri[Schemes.First(scheme => uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)).Length..];
        var builder = new NpgsqlConnectionStringBuilder();

        var query = "";
        var queryAt = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryAt >= 0) (rest, query) = (rest[..queryAt], rest[(queryAt + 1)..]);
        var path = "";
        var pathAt = rest.IndexOf('/', StringComparison.Ordinal);
        if (pathAt >= 0) (rest, path) = (rest[..pathAt], rest[(pathAt + 1)..]);

        var userAt = rest.LastIndexOf('@');
        if (userAt >= 0)
        {
            var user = rest[..userAt];
            rest = rest[(userAt + 1)..];
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Decode(colon >= 0 ? user[..colon] : user, uri);
            if (colon >= 0) builder.Password = Decode(user[(colon + 1)..], uri);
        }

        if (rest.Length > 0) SetHosts(builder, rest, uri);
        if (path.Length > 0) builder.Database = Decode(path, uri);

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new FormatException($"the PostgreSQL URI's parameter '{pair}' has no value; write name=value ({Redact(uri)})");
            SetParameter(builder, Decode(pair[..equals], uri), Decode(pair[(equals + 1)..], uri), uri);
        }
        return builder.ConnectionString;
    }

    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string hosts, string uri)
    {
        var parsed = hosts.Split(',').Select(host => SplitHost(host, uri)).ToList();
        if (parsed.Count == 1)
        {
            if (parsed[0].Host.Length > 0) builder.Host = parsed[0].Host;
            if (parsed[0].Port is { } port) builder.Port = port;
            return;
        }
        // Several hosts: Npgsql takes them as one list, each with its own port (libpq's failover list).
        builder.Host = string.Join(',', parsed.Select(h =>
            (h.Host.Contains(':', StringComparison.Ordinal) ? $"[{h.Host}]" : h.Host) + (h.Port is { } p ? $":{p}" : "")));
    }

    private static (string Host, int? Port) SplitHost(string text, string uri)
    {
        string host, port = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new FormatException($"the PostgreSQL URI has an IPv6 address without its closing ']' ({Redact(uri)})");
            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0 && !after.StartsWith(':'))
                throw new FormatException($"the PostgreSQL URI has something after an IPv6 address that is not a :port ({Redact(uri)})");
            if (after.Length > 0) port = after[1..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            (host, port) = colon >= 0 ? (text[..colon], text[(colon + 1)..]) : (text, "");
            host = Decode(host, uri);
        }
        return (host, port.Length == 0 ? null : Port(port, uri));
    }

    private static int Port(string text, string uri) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"the PostgreSQL URI's port '{text}' is not a number from 1 to 65535 ({Redact(uri)})");

    /// <summary>libpq's URI parameters that have an Npgsql counterpart.</summary>
    private static void SetParameter(NpgsqlConnectionStringBuilder builder, string name, string value, string uri)
    {
        switch (name)
        {
            case "host": builder.Host = value; break;
            case "port": builder.Port = Port(value, uri); break;
            case "user": builder.Username = value; break;
            case "password": builder.Password = value; break;
            case "dbname": builder.Database = value; break;
            case "sslmode": builder.SslMode = SslModeOf(value, uri); break;
            case "sslrootcert": builder.RootCertificate = value; break;
            case "sslcert": builder.SslCertificate = value; break;
            case "sslkey": builder.SslKey = value; break;
            case "sslpassword": builder.SslPassword = value; break;
            case "application_name": builder.ApplicationName = value; break;
            case "options": builder.Options = value; break;
            case "target_session_attrs": builder.TargetSessionAttributes = value; break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new FormatException($"the PostgreSQL URI's connect_timeout '{value}' is not a whole number of seconds ({Redact(uri)})");
                break;
            default:
                throw new FormatException(
                    $"the PostgreSQL URI's parameter '{name}' is not one PolicyWatch knows (host, port, user, password, dbname, sslmode, " +
                    $"sslrootcert, sslcert, sslkey, sslpassword, application_name, options, target_session_attrs, connect_timeout); " +
                    $"use an Npgsql connection string for anything else ({Redact(uri)})");
        }
    }

    private static SslMode SslModeOf(string value, string uri) => value switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw new FormatException(
            $"the PostgreSQL URI's sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full ({Redact(uri)})"),
    };

    /// <summary>Percent-decoding as libpq does it: %XX is a byte, the bytes are UTF-8, and a broken escape is an error.</summary>
    private static string Decode(string text, string uri)
    {
        if (!text.Contains('%', StringComparison.Ordinal)) return text;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                var run = text.IndexOf('%', i);
                if (run < 0) run = text.Length;
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i..run]));
                i = run - 1;
                continue;
            }
            if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                throw new FormatException($"the PostgreSQL URI has a malformed %-escape: % must be followed by two hexadecimal digits ({Redact(uri)})");
            bytes.Add(b);
            i += 2;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The URI as messages show it: the password, in the user part or as a parameter, replaced by ***.</summary>
    internal static string Redact(string uri)
    {
        var scheme = Schemes.First(s => uri.StartsWith(s, StringComparison.OrdinalIgnoreCase)).Length;
        var end = uri.IndexOfAny(['/', '?'], scheme);
        var authority = end < 0 ? uri[scheme..] : uri[scheme..end];
        var at = authority.LastIndexOf('@');
        var colon = at < 0 ? -1 : authority.IndexOf(':', StringComparison.Ordinal);
        var redacted = colon < 0 || colon > at ? uri : string.Concat(uri.AsSpan(0, scheme + colon + 1), "***", uri.AsSpan(scheme + at));
        return PasswordParameter().Replace(redacted, "${name}***");
    }

    [GeneratedRegex("(?<name>[?&]password=)[^&]*")]
    private static partial Regex PasswordParameter();
}
