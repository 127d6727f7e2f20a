using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PolicyWatch.Tests.Support.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run: <c>initdb</c> in a temporary folder, started with
/// <c>pg_ctl</c> on 127.0.0.1 and a free port, no fsync (a crash loses nothing a test needs), stopped and
/// deleted at the end. Started once and shared by every test class in <see cref="PostgresCollection"/>; each
/// class asks for its own database (<see cref="CreateDatabaseAsync"/>), owned by a role that is not a superuser,
/// as an operator's would be. PostgreSQL refuses to run as root, so as root the cluster belongs to the
/// <c>postgres</c> user of Debian's packages. Without PostgreSQL installed the tests are skipped
/// (<see cref="PostgresFactAttribute"/>), except on CI, where the fixture fails them.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    /// <summary>The role that owns each test database: not a superuser, as in production.</summary>
    public const string Owner = "policywatch";

    public const string OwnerPassword = "policywatch-test";

    /// <summary>Where <c>initdb</c>, <c>pg_ctl</c> and <c>psql</c> are; null when PostgreSQL is not installed.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    public static bool Installed => BinDirectory is not null;

    public static bool OnCi => Environment.GetEnvironmentVariable("CI") == "true";

    public const string NotInstalled =
        "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH); " +
        "the PostgreSQL tests need it (apt-get install -y postgresql). CI installs it and runs them.";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private string? _folder;
    private string? _dataDirectory;
    private string? _runAs;
    private int _databases;

    /// <summary>The port the cluster listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    public string Host => "127.0.0.1";

    /// <summary>
    /// Where PostgreSQL binaries live: Debian's <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (the newest), else the
    /// folder of an <c>initdb</c> on PATH, symbolic links followed (a link in /usr/local/bin points into Debian's).
    /// </summary>
    private static string? FindBinDirectory()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.EnumerateDirectories(debian)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(d => d.version > 0 && HasTools(Path.Combine(d.dir, "bin")))
                .OrderByDescending(d => d.version)
                .Select(d => Path.Combine(d.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (!File.Exists(initdb)) continue;
            var real = File.ResolveLinkTarget(initdb, returnFinalTarget: true)?.FullName ?? initdb;
            var bin = Path.GetDirectoryName(real)!;
            if (HasTools(bin)) return bin;
        }
        return null;
    }

    private static bool HasTools(string bin) =>
        new[] { "initdb", "pg_ctl", "postgres", "psql" }.All(tool => File.Exists(Path.Combine(bin, tool)));

    public async Task InitializeAsync()
    {
        if (!Installed)
        {
            if (OnCi) throw new InvalidOperationException($"{NotInstalled} On CI it must be there: .ci/run installs it when initdb is missing.");
            return;
        }
        // initdb and postgres refuse to run as root: as root, the cluster is the postgres user's (Debian's packages make it).
        _runAs = Environment.UserName == "root" ? "postgres" : null;
        RemoveLeftovers();
        _folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        _dataDirectory = Path.Combine(_folder, "data");
        await File.WriteAllTextAsync(Path.Combine(_folder, RunnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_runAs is not null) await RunAsync("chown", ["-R", $"{_runAs}:", _folder]);

        await RunToolAsync("initdb",
            ["-D", _dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]);

        // A free port can be taken by someone else between choosing and listening: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = string.Join(' ',
                "-c listen_addresses=127.0.0.1", $"-p {Port}", $"-c unix_socket_directories={_folder}",
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=300",
                // Little WAL kept: each test database is written into it whole as it is created (hundreds a run).
                "-c max_wal_size=128MB", "-c min_wal_size=32MB");
            try
            {
                await RunToolAsync("pg_ctl", ["-D", _dataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;

        await PsqlAsync("postgres", $"CREATE ROLE {Owner} LOGIN PASSWORD '{OwnerPassword}'");
    }

    /// <summary>
    /// A new, empty database (UTF-8, copied from <c>template0</c>) owned by <see cref="Owner"/>; its Npgsql
    /// connection string, as that role. <paramref name="purpose"/> goes into the name, so a leftover database says
    /// whose it was.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        if (!Installed || _folder is null) throw new InvalidOperationException(NotInstalled);
        var name = DatabaseName(purpose, Interlocked.Increment(ref _databases));
        await PsqlAsync("postgres", $"CREATE DATABASE {name} OWNER {Owner} TEMPLATE template0 ENCODING 'UTF8'");
        return ConnectionString(name);
    }

    /// <summary>
    /// The connection string to <paramref name="database"/> as <see cref="Owner"/>. Idle pooled connections close
    /// after a few seconds: a run makes hundreds of databases, each with Npgsql's pool of its own, and the server
    /// would run out of connection slots if each pool kept its connections for the default five minutes.
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host={Host};Port={Port};Database={database};Username={Owner};Password={OwnerPassword};Timeout=30;Command Timeout=60;" +
        "Connection Idle Lifetime=3;Connection Pruning Interval=1";

    /// <summary>Runs SQL through <c>psql</c> as the superuser and returns what it printed, unaligned, tuples only.</summary>
    public Task<string> PsqlAsync(string database, string sql) =>
        RunToolAsync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", Host, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", database, "-c", sql]);

    internal static string DatabaseName(string purpose, int number)
    {
        var name = new StringBuilder("pw_");
        foreach (var c in purpose.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c)) name.Append(c);
        if (name.Length > 50) name.Length = 50;
        return name.Append('_').Append(number).ToString();
    }

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        if (_folder is null) return;
        try
        {
            await RunToolAsync("pg_ctl", ["-D", _dataDirectory!, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
            _folder = null;
        }
    }

    /// <summary>
    /// A test run that ends without disposing its fixtures (the PostgreSQL pass's cluster is never disposed) still
    /// stops the server and deletes its folder. Not in this process: the test runner kills its host moments after the
    /// last test, which cut short both a waiting <c>pg_ctl stop</c> and a delete, and left a whole cluster (gigabytes
    /// after a full pass) in the temporary folder every run, until CI's disk filled. A detached shell asks the server
    /// for an immediate shutdown, waits a little for it, and deletes the folder; <see cref="RemoveLeftovers"/> clears
    /// whatever a killed run still leaves.
    /// </summary>
    private void StopOnExit(object? sender, EventArgs e)
    {
        if (_folder is null) return;
        const string script =
            "kill -QUIT \"$1\" 2>/dev/null; for i in $(seq 50); do kill -0 \"$1\" 2>/dev/null || break; sleep 0.1; done; " +
            "kill -KILL \"$1\" 2>/dev/null; rm -rf \"$2\"";
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "-f", "sh", "-c", script, "sh", PostmasterPid(_dataDirectory!)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0", _folder })
            info.ArgumentList.Add(argument);
        try
        {
            using var remover = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e2)
        {
            Console.Error.WriteLine($"the test PostgreSQL cluster in {_folder} could not be removed: {e2.Message}");
        }
    }

    private const string FolderPrefix = "policywatch-pg-", RunnerFile = "runner.pid";

    /// <summary>
    /// Deletes the clusters of earlier test runs that are gone (their runner's process is not running) and stops
    /// their servers, so a killed run does not leave gigabytes behind for the next. A folder without a runner file
    /// is another run's that is just starting, unless it is old.
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                if (!Abandoned(folder)) continue;
                KillPostmaster(Path.Combine(folder, "data"));
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"a leftover test PostgreSQL cluster in {folder} could not be removed: {e.Message}");
            }
        }
    }

    private static bool Abandoned(string folder)
    {
        var runner = Path.Combine(folder, RunnerFile);
        if (!File.Exists(runner)) return Directory.GetCreationTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10);
        return !int.TryParse(File.ReadAllText(runner), out var pid) || !IsRunning(pid);
    }

    /// <summary>Kills the server of the cluster in <paramref name="dataDirectory"/>, if it runs (its pid is the first line of postmaster.pid).</summary>
    private static void KillPostmaster(string dataDirectory)
    {
        if (PostmasterPid(dataDirectory) is not { } pid) return;
        try
        {
            using var postmaster = Process.GetProcessById(pid);
            postmaster.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Not running any more.
        }
    }

    private static int? PostmasterPid(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a PostgreSQL tool, as the <c>postgres</c> user when we are root.</summary>
    private Task<string> RunToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(BinDirectory!, tool);
        return _runAs is null ? RunAsync(path, arguments) : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments]);
    }

    private static async Task<string> RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // Messages in English whatever the machine's language, so a failure reads the same everywhere.
        info.Environment["LC_MESSAGES"] = "C";
        info.Environment.Remove("PGPASSWORD");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{await stderr}{await stdout}");
        return (await stdout).Trim();
    }
}

/// <summary>Every test that needs PostgreSQL shares one <see cref="PostgresCluster"/>, started once per run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// A test that needs PostgreSQL. On CI (CI=true, where .ci/run installs it) a missing PostgreSQL fails the test;
/// on a developer's machine without it the test is skipped, saying so loudly.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresCluster.Installed && !PostgresCluster.OnCi) Skip = $"SKIPPED: {PostgresCluster.NotInstalled}";
    }
}

/// <summary>A theory that needs PostgreSQL; skipped or failed as <see cref="PostgresFactAttribute"/> says.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!PostgresCluster.Installed && !PostgresCluster.OnCi) Skip = $"SKIPPED: {PostgresCluster.NotInstalled}";
    }
}
