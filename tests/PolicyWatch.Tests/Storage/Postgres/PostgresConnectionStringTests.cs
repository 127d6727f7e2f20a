using Npgsql;
using PolicyWatch.Storage.Postgres;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>What <c>--db</c> may say for PostgreSQL, read as libpq reads a URI.</summary>
public sealed class PostgresConnectionStringTests
{
    private static NpgsqlConnectionStringBuilder Read(string uri) => new(PostgresConnectionString.From(uri));

    [Fact]
    public void A_uri_gives_user_password_host_port_database_and_sslmode()
    {
        var read = Read("postgresql://pw:s3cret@db.example.org:6543/policywatch?sslmode=require");

        Assert.Equal("pw", read.Username);
        Assert.Equal("s3cret", read.Password);
        Assert.Equal("db.example.org", read.Host);
        Assert.Equal(6543, read.Port);
        Assert.Equal("policywatch", read.Database);
        Assert.Equal(SslMode.Require, read.SslMode);
    }

    [Fact]
    public void Every_part_is_percent_decoded_the_password_above_all()
    {
        var read = Read("postgres://Ann%40example:p%40ss%3Aw%2Fo%25rd%20%C3%A9@h/my%20db");

        Assert.Equal("Ann@example", read.Username);
        Assert.Equal("p@ss:w/o%rd é", read.Password);
        Assert.Equal("my db", read.Database);
    }

    [Fact]
    public void An_unencoded_at_sign_in_the_password_still_reads_as_libpq_reads_it()
    {
        Assert.Equal("p@ss", Read("postgresql://pw:p@ss@h/db").Password);
    }

    [Fact]
    public void Missing_parts_keep_npgsql_defaults()
    {
        var read = Read("postgresql://db.internal");

        Assert.Equal("db.internal", read.Host);
        Assert.Equal(NpgsqlConnection.DefaultPort, read.Port);
        Assert.Null(read.Username);
        Assert.Null(read.Password);
        Assert.Null(read.Database);
    }

    [Fact]
    public void An_ipv6_address_is_in_brackets_and_a_socket_folder_can_come_as_a_parameter()
    {
        var v6 = Read("postgresql://[::1]:5433/db");
        Assert.Equal("::1", v6.Host);
        Assert.Equal(5433, v6.Port);

        var socket = Read("postgresql:///policywatch?host=%2Fvar%2Frun%2Fpostgresql&user=pw");
        Assert.Equal("/var/run/postgresql", socket.Host);
        Assert.Equal("pw", socket.Username);
        Assert.Equal("policywatch", socket.Database);
    }

    [Fact]
    public void Several_hosts_become_npgsqls_failover_list_each_with_its_port()
    {
        var read = Read("postgresql://pw@a.example:5432,b.example:5433/db?target_session_attrs=read-write");

        Assert.Equal("a.example:5432,b.example:5433", read.Host);
        Assert.Equal("read-write", read.TargetSessionAttributes);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Every_libpq_sslmode_has_its_npgsql_counterpart(string mode, SslMode expected)
    {
        Assert.Equal(expected, Read($"postgresql://h/db?sslmode={mode}").SslMode);
    }

    [Fact]
    public void Other_known_parameters_are_carried_over()
    {
        var read = Read("postgresql://h/db?application_name=policywatch%20node%201&connect_timeout=7&sslrootcert=%2Fetc%2Fca.pem&options=-c%20search_path%3Dpw");

        Assert.Equal("policywatch node 1", read.ApplicationName);
        Assert.Equal(7, read.Timeout);
        Assert.Equal("/etc/ca.pem", read.RootCertificate);
        Assert.Equal("-c search_path=pw", read.Options);
    }

    [Theory]
    [InlineData("postgresql://pw:secret@h/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgresql://pw:secret@h/db?colour=blue", "parameter 'colour'")]
    [InlineData("postgresql://pw:secret@h/db?sslmode", "has no value")]
    [InlineData("postgresql://pw:secret@h:port/db", "port 'port'")]
    [InlineData("postgresql://pw:secret@h:70000/db", "port '70000'")]
    [InlineData("postgresql://pw:secret@[::1/db", "closing ']'")]
    [InlineData("postgresql://pw:secret@h/d%zzb", "%-escape")]
    [InlineData("postgresql://pw:secret@h/db%4", "%-escape")]
    public void A_uri_that_cannot_be_read_is_refused_in_words_without_showing_the_password(string uri, string why)
    {
        var error = Assert.Throws<FormatException>(() => PostgresConnectionString.From(uri));

        Assert.Contains(why, error.Message);
        Assert.DoesNotContain("secret", error.Message);
        Assert.Contains("pw:***@", error.Message);
    }

    [Fact]
    public void A_password_given_as_a_parameter_is_hidden_too()
    {
        Assert.Equal("postgresql://h/db?user=pw&password=***&sslmode=on",
            PostgresConnectionString.Redact("postgresql://h/db?user=pw&password=secret&sslmode=on"));
    }

    [Theory]
    [InlineData("postgresql://h/db", true)]
    [InlineData("POSTGRES://h/db", true)]
    [InlineData("Host=db.internal;Database=policywatch;Username=pw", true)]
    [InlineData("data/policywatch.db", false)]
    [InlineData("/var/lib/policywatch/policywatch.db", false)]
    [InlineData("C:\\data\\policywatch.db", false)]
    [InlineData("odd=name.db", false)]
    [InlineData("Database=policywatch", false)]
    public void A_database_setting_is_postgres_when_it_is_a_uri_or_names_a_host(string database, bool postgres)
    {
        Assert.Equal(postgres, PostgresConnectionString.IsPostgres(database));
    }

    [Fact]
    public void A_connection_string_is_taken_as_it_is_and_described_without_its_password()
    {
        const string connectionString = "Host=db.internal;Port=5433;Database=policywatch;Username=pw;Password=secret";

        Assert.Equal(connectionString, PostgresConnectionString.From(connectionString));
        Assert.Equal("PostgreSQL database policywatch at db.internal:5433", PostgresConnectionString.Describe(connectionString));
    }
}
