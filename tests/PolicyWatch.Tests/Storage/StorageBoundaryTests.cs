using System.Reflection;
using System.Text.RegularExpressions;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Storage;

/// <summary>
/// Storage is a boundary: it owns every connection and transaction, and no database provider's type is seen
/// outside it, so a second provider changes Storage alone.
/// </summary>
public sealed partial class StorageBoundaryTests
{
    [Fact]
    public void No_source_file_outside_Storage_names_a_database_provider_a_connection_or_a_transaction()
    {
        var storage = Path.Combine(TestPaths.RepoRoot, "src", "PolicyWatch", "Storage") + Path.DirectorySeparatorChar;
        var leaks = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.StartsWith(storage, StringComparison.Ordinal) && !IsBuildOutput(file))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => ProviderWords().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(TestPaths.RepoRoot, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(leaks.Count == 0, "outside Storage:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public void No_public_member_of_Storage_takes_or_gives_a_connection_or_a_transaction()
    {
        var exposed = typeof(Database).Assembly.GetExportedTypes()
            .SelectMany(type => type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .OfType<MethodBase>()
            .Where(method => Signature(method).Any(IsProviderType))
            .Select(method => $"{method.DeclaringType!.FullName}.{method.Name}")
            .ToList();

        Assert.True(exposed.Count == 0, "public: " + string.Join(", ", exposed));
    }

    [Fact]
    public void Classification_knows_nothing_of_storage()
    {
        var classifying = Path.Combine(TestPaths.RepoRoot, "src", "PolicyWatch", "Classifying");
        var uses = Directory.EnumerateFiles(classifying, "*.cs", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("PolicyWatch.Storage", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(uses);
    }

    private static IEnumerable<Type> Signature(MethodBase method) =>
        method.GetParameters().Select(p => p.ParameterType)
            .Concat(method is MethodInfo info ? [info.ReturnType, .. info.ReturnType.GetGenericArguments()] : []);

    private static bool IsProviderType(Type type) =>
        typeof(System.Data.IDbConnection).IsAssignableFrom(type) || typeof(System.Data.IDbTransaction).IsAssignableFrom(type)
        || type.Namespace?.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) == true
        || type.Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true;

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex(@"\b(Microsoft\.Data\.Sqlite|Sqlite\w*|Npgsql\w*|IDbConnection|IDbTransaction|DbConnection|DbTransaction|BeginTransaction\w*|using Dapper)\b")]
    private static partial Regex ProviderWords();
}
