namespace PolicyWatch.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, as numbered steps applied in order, as <see cref="Migrations"/> is for SQLite. A step,
/// once shipped, never changes: add a new one. The numbers are PostgreSQL's own: its step 1 is SQLite's steps
/// 1 to 11 at once, so a change to the SQLite schema becomes a new step on each side, under different numbers.
/// <c>schema_migrations</c> records every step applied (<see cref="PostgresDatabase"/>).
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: everything SQLite's steps 1 to 11 make, in PostgreSQL's terms (see PostgresSchema).
        PostgresSchema.Baseline,

        // 2: Quartz.NET's persistent job store, for several nodes scheduling as one cluster.
        QuartzSchema.Tables,

        // 3: SQLite's step 12: the node holding a due source and until when, the node that crawled it last and
        // the node of each fetch.
        """
        ALTER TABLE sources ADD COLUMN claimed_by text;
        ALTER TABLE sources ADD COLUMN claimed_until timestamptz(0);
        ALTER TABLE sources ADD COLUMN last_node text;
        ALTER TABLE fetch_log ADD COLUMN node text;
        """,

        // 4: SQLite's step 13: every author of an item, in order, one a line (author stays the display line).
        """
        ALTER TABLE items ADD COLUMN authors text;
        """,
    ];
}
