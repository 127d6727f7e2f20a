using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PolicyWatch.Storage.Postgres.Copying;

/// <summary>A column copied: its name (the same on both sides), PostgreSQL's type, and whether it is part of SQLite's key.</summary>
internal sealed record ColumnPlan(string Name, ColumnType Type, bool IsKey);

/// <summary>A table copied, with the columns both sides have, and its identity column on PostgreSQL if it has one.</summary>
internal sealed record TablePlan(string Name, IReadOnlyList<ColumnPlan> Columns, string? IdentityColumn)
{
    public string ColumnList => string.Join(", ", Columns.Select(c => CopyPlan.Quote(c.Name)));
}

/// <summary>
/// What to copy, read from the two schemas themselves, so a table or column added by a later migration on both sides
/// is copied without a change here. Every table of the SQLite file but SQLite's own (<c>sqlite_*</c>) and FTS5's (the
/// virtual table and its shadow tables: PostgreSQL's search entry is a generated column); every column of each but
/// hidden ones; PostgreSQL's generated columns are left to PostgreSQL. Tables come parents first, as PostgreSQL's
/// foreign keys order them, and otherwise in the order SQLite's migrations made them.
/// </summary>
internal static class CopyPlan
{
    private sealed record SqliteColumn(string Name, long Pk);

    private sealed record PostgresColumn(string Name, string Type, bool Generated, bool Identity, bool Required);

    private sealed record ForeignKey(string Child, string Parent);

    /// <exception cref="CopyRefusedException">A table or column of the SQLite file has nowhere to go, or cannot be written.</exception>
    public static async Task<IReadOnlyList<TablePlan>> ReadAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target,
        NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var tables = (await source.QueryAsync<string>(new CommandDefinition(
            """
            SELECT t.name FROM pragma_table_list t JOIN sqlite_schema s ON s.name = t.name AND s.type = 'table'
            WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
            ORDER BY s.rowid
            """, transaction: snapshot, cancellationToken: cancellationToken))).AsList();

        var problems = new List<string>();
        var plans = new List<TablePlan>();
        foreach (var table in tables)
        {
            var sqliteColumns = (await source.QueryAsync<SqliteColumn>(new CommandDefinition(
                "SELECT name AS Name, pk AS Pk FROM pragma_table_xinfo(@Table) WHERE hidden = 0 ORDER BY cid",
                new { Table = table }, snapshot, cancellationToken: cancellationToken))).AsList();
            var postgresColumns = (await target.QueryAsync<PostgresColumn>(new CommandDefinition(
                """
                SELECT a.attname AS Name, t.typname AS Type, a.attgenerated <> '' AS Generated, a.attidentity <> '' AS Identity,
                       a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = '' AS Required
                FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                WHERE a.attrelid = to_regclass(quote_ident(@Table)) AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """, new { Table = table }, transaction, cancellationToken: cancellationToken))).ToDictionary(c => c.Name);
            if (postgresColumns.Count == 0)
            {
                problems.Add($"PostgreSQL has no table {table}");
                continue;
            }

            var columns = new List<ColumnPlan>();
            foreach (var column in sqliteColumns)
            {
                if (!postgresColumns.TryGetValue(column.Name, out var counterpart) || counterpart.Generated)
                    problems.Add($"PostgreSQL has no column {table}.{column.Name} to write into");
                else if (ColumnValues.TypeOf(counterpart.Type) is not { } type)
                    problems.Add($"{table}.{column.Name} is of PostgreSQL type {counterpart.Type}, which copy-db cannot write yet");
                else
                    columns.Add(new ColumnPlan(column.Name, type, column.Pk > 0));
            }
            problems.AddRange(postgresColumns.Values
                .Where(c => c.Required && sqliteColumns.All(s => s.Name != c.Name))
                .Select(c => $"{table}.{c.Name} must have a value on PostgreSQL, and the SQLite file has no such column"));
            plans.Add(new TablePlan(table, columns, postgresColumns.Values.FirstOrDefault(c => c.Identity)?.Name));
        }
        if (problems.Count > 0)
            throw new CopyRefusedException(
                $"the two schemas do not match, so the copy would lose data: {string.Join("; ", problems)}. Nothing was copied. " +
                "This PolicyWatch's PostgreSQL schema holds all its SQLite schema does: was the PostgreSQL database changed by hand?");

        var foreignKeys = await target.QueryAsync<ForeignKey>(new CommandDefinition(
            """
            SELECT c.relname AS Child, p.relname AS Parent
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
            WHERE k.contype = 'f' AND k.conrelid IN (SELECT to_regclass(quote_ident(name)) FROM unnest(@Tables) AS name)
            """, new { Tables = tables.ToArray() }, transaction, cancellationToken: cancellationToken));
        return ParentsFirst(plans, foreignKeys.ToList());
    }

    /// <summary>
    /// The tables in an order where every table comes after those its foreign keys point to (a stable topological
    /// sort: among tables free to go, the earliest in SQLite's order goes first).
    /// </summary>
    private static List<TablePlan> ParentsFirst(List<TablePlan> tables, List<ForeignKey> foreignKeys)
    {
        var names = tables.Select(t => t.Name).ToHashSet();
        var waitingFor = tables.ToDictionary(t => t.Name, t => foreignKeys
            .Where(k => k.Child == t.Name && k.Parent != t.Name && names.Contains(k.Parent)).Select(k => k.Parent).ToHashSet());
        var ordered = new List<TablePlan>(tables.Count);
        while (ordered.Count < tables.Count)
        {
            var next = tables.FirstOrDefault(t => !ordered.Contains(t) && waitingFor[t.Name].Count == 0)
                ?? throw new InvalidOperationException(
                    $"the foreign keys of {string.Join(", ", tables.Except(ordered).Select(t => t.Name))} go round in a circle: no table can be copied first");
            ordered.Add(next);
            foreach (var waiting in waitingFor.Values) waiting.Remove(next.Name);
        }
        return ordered;
    }

    /// <summary>A name as both dialects quote it.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
