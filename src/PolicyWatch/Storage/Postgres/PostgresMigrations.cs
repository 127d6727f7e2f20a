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

        // 5: SQLite's step 14: stories. The same tables; the lead is re-chosen by the same rule (an official body's
        // item first, then the earliest) in one function the triggers share.
        """
        ALTER TABLE sources ADD COLUMN official boolean NOT NULL DEFAULT false;
        CREATE TABLE stories (
            id           bigint PRIMARY KEY,
            lead_item_id bigint NOT NULL,
            items        integer NOT NULL,
            sources      integer NOT NULL,
            created_at   timestamptz(0) NOT NULL
        );
        CREATE TABLE story_members (
            item_id      bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            story_id     bigint NOT NULL REFERENCES stories(id),
            source_id    text COLLATE "C" NOT NULL,
            kind         text COLLATE "C" NOT NULL,
            published_at timestamptz(0) NOT NULL,
            official     boolean NOT NULL,
            is_lead      boolean NOT NULL DEFAULT false,
            joined_by    text NOT NULL
        );
        CREATE INDEX story_members_by_story ON story_members (story_id, published_at, item_id);
        CREATE TABLE story_terms (
            term  bigint PRIMARY KEY,
            items integer NOT NULL
        );
        CREATE TABLE story_keys (
            term    bigint NOT NULL,
            day     integer NOT NULL,
            item_id bigint NOT NULL,
            PRIMARY KEY (term, day, item_id)
        );
        CREATE TABLE story_signatures (
            item_id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            norm    double precision NOT NULL
        );

        CREATE FUNCTION story_rechoose(chosen_story bigint) RETURNS void
            LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE story_members SET is_lead = (item_id = (
                SELECT m.item_id FROM story_members m WHERE m.story_id = chosen_story
                ORDER BY m.official DESC, m.published_at, m.item_id LIMIT 1))
            WHERE story_id = chosen_story;
            UPDATE stories SET items = (SELECT count(*) FROM story_members WHERE story_id = chosen_story),
                sources = (SELECT count(DISTINCT source_id) FROM story_members WHERE story_id = chosen_story),
                lead_item_id = coalesce((SELECT item_id FROM story_members WHERE story_id = chosen_story AND is_lead), lead_item_id)
            WHERE id = chosen_story;
        END $$;
        CREATE FUNCTION story_of_members() RETURNS trigger
            LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM story_rechoose(CASE WHEN TG_OP = 'DELETE' THEN OLD.story_id ELSE NEW.story_id END);
            RETURN NULL;
        END $$;
        CREATE TRIGGER story_members_after_insert AFTER INSERT ON story_members
            FOR EACH ROW EXECUTE FUNCTION story_of_members();
        CREATE TRIGGER story_members_after_delete AFTER DELETE ON story_members
            FOR EACH ROW EXECUTE FUNCTION story_of_members();
        CREATE FUNCTION story_of_moved_items() RETURNS trigger
            LANGUAGE plpgsql AS $$
        DECLARE moved_story bigint;
        BEGIN
            SELECT story_id INTO moved_story FROM story_members WHERE item_id = NEW.id;
            IF moved_story IS NOT NULL THEN
                UPDATE story_members SET published_at = NEW.published_at, kind = NEW.kind WHERE item_id = NEW.id;
                PERFORM story_rechoose(moved_story);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER story_members_after_items_moved AFTER UPDATE OF published_at, kind ON items
            FOR EACH ROW EXECUTE FUNCTION story_of_moved_items();
        """,
        // 6: pack() and unpack(), which SQLite's connections define in C# to compress long texts (StoredText), as
        // what they are here: the text itself, since PostgreSQL compresses long values on its own (TOAST, lz4). So
        // one SQL text serves both engines, and PostgreSQL inlines the calls away.
        """
        CREATE FUNCTION pack(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT value';
        CREATE FUNCTION unpack(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT value';
        """,
        // 7: each item's search vector kept in its row (compressed) rather than out of line in TOAST: every phrase
        // check, weight check and ranking reads it, and reading it from TOAST cost about 4 µs an item (the pgsearch
        // benchmark at a million items: p95 120 → 108 ms by relevance, 71 → 40 by date, 135 → 83 in one source).
        // Applies to rows written from now on; copy-db writes every row afresh.
        """
        ALTER TABLE items ALTER COLUMN search_vector SET STORAGE MAIN;
        """,
        // 8: a dossier's official steps have an index of their own (SQLite's step 15 says why); the activity
        // counts move only when a row's dossier or date does.
        """
        ALTER TABLE item_dossiers ADD COLUMN official boolean NOT NULL DEFAULT false;
        DROP TRIGGER activity_of_item_dossiers ON item_dossiers;
        CREATE TRIGGER activity_of_item_dossiers AFTER INSERT OR DELETE OR UPDATE OF dossier_id, published_at ON item_dossiers
            FOR EACH ROW EXECUTE FUNCTION activity_of_tags('d:', 'dossier_id');
        UPDATE item_dossiers d SET official = true FROM items i WHERE i.id = d.item_id AND i.kind IN ('legislative', 'milestone');
        CREATE INDEX item_dossiers_official ON item_dossiers (dossier_id, published_at, item_id) WHERE official;
        """,
        // Each source's host, for the claims' host rule in SQL (SQLite's step adding sources.host says why).
        """
        ALTER TABLE sources ADD COLUMN host text COLLATE "C";
        """,
        // 10: an index of each item's adjacent words (its search vector's lexemes one position apart, as one lexeme
        // 'chat control'), so a phrase's candidates are the items holding its pairs, not every item holding its words:
        // GIN keeps no positions (WordPairs says how a search asks). A pair over WordPairs.MaxPairBytes is left out (a
        // lexeme is at most 2,047 bytes) and never asked for. An expression index: nothing is stored in the rows.
        // Building it reads every item's vector once (about 0.3 ms an item on the benchmark machine); ANALYZE gives
        // the planner the index expression's statistics at once (autovacuum would only after many writes).
        """
        CREATE FUNCTION word_pairs(vector tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)), ''::tsvector)
            FROM (SELECT w.lexeme, p FROM unnest(vector) w, unnest(w.positions) p) a
            JOIN (SELECT w.lexeme, p FROM unnest(vector) w, unnest(w.positions) p) b ON b.p = a.p + 1
            WHERE octet_length(a.lexeme) + octet_length(b.lexeme) + 1 <= 2046
        $$;
        CREATE INDEX items_word_pairs ON items USING gin (word_pairs(search_vector));
        ANALYZE items;
        """,
    ];
}
