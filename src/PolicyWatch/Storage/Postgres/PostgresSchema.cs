namespace PolicyWatch.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema's first step: the whole SQLite schema after its eleven steps (<see cref="Migrations"/>),
/// said in PostgreSQL's own terms. Same tables, same column names, same keys, indexes and triggers; what differs:
/// <list type="bullet">
/// <item><b>Instants</b> are <c>timestamptz(0)</c>, where SQLite keeps UTC text (<see cref="UtcTimestamp"/>,
/// <c>2024-05-28T09:30:00Z</c>). Whole seconds, as that text is: keyset cursors carry second-precision times, and a
/// row a fraction past its cursor's second would be skipped. The stores send UTC values cut to the second (cutting,
/// as <see cref="UtcTimestamp.ToText"/> does; the column's own rounding is only a guard).</item>
/// <item><b>Days</b> are <c>date</c>: an activity week (its Monday, SQLite's <c>yyyy-MM-dd</c> text) and a history
/// walk's horizon (<c>since</c>).</item>
/// <item><b>Flags</b> are <c>boolean</c> (SQLite's 0/1 integers): <c>in_catalog</c>, <c>gone</c>,
/// <c>date_is_first_seen</c>, <c>is_act</c>, <c>is_defeated</c>, <c>is_withdrawn</c>.</item>
/// <item><b>Ids</b> are <c>bigint GENERATED ALWAYS AS IDENTITY</c> (SQLite's AUTOINCREMENT: never reused, since an
/// item id is a permalink). Copying rows in from SQLite needs <c>OVERRIDING SYSTEM VALUE</c>, then
/// <c>setval</c>.</item>
/// <item><b>Keys</b> (ids, codes, URLs, hashes, tokens) are <c>text COLLATE "C"</c>: compared and sorted by code point
/// as SQLite's BINARY does, and faster to index. Text people read (titles, names) keeps the database's
/// collation.</item>
/// <item><b>Text stays text</b>, whatever the length, never packed: SQLite's Brotli (<see cref="StoredText"/>,
/// <c>pack()</c>/<c>unpack()</c>) has no counterpart here; PostgreSQL compresses long values itself (TOAST), with
/// lz4 where the server has it (set at the end of this step). Raw header values (<c>etag</c>,
/// <c>last_modified</c>), <c>published_raw</c> and a digest's <c>summary_json</c> stay text too: they are read back
/// byte for byte (a frozen digest never changes; jsonb would reorder it).</item>
/// <item><b>Search</b> is <c>items.search_vector</c>, a stored generated <c>tsvector</c> with a GIN index, where SQLite
/// has the FTS5 table <c>items_fts</c> over the view <c>item_search_text</c>. The same four parts, weighted:
/// title A, summary B, archived text C, the filter tokens (<see cref="Search.SearchTokens"/>) D. Ranked with
/// <c>ts_rank('{0, 0.1, 0.4, 1}', …)</c> those are SQLite's pw_rank weights (title 10, summary 4, archived text 1,
/// filters 0). The words go through the <c>policywatch</c> text search configuration: English stemming, as SQLite's
/// porter tokenizer, but without stop words (FTS5 has none, so "to be or not to be" is a phrase one can find), and
/// accents folded by <c>unaccent</c> where the server has it (SQLite's <c>remove_diacritics 2</c>). Filter tokens
/// go through <c>simple</c>, whole. A search's words must keep off the D weight where a word could look like a
/// token (<c>'word':ABC</c>), as SQLite's keep to the text columns. Each text is indexed up to a length (the
/// archived text's first 80,000 characters): a tsvector holds at most 1 MB, and a hostile page of distinct
/// words must not make its item impossible to store.</item>
/// <item><b>Triggers</b> are PL/pgSQL functions; SQLite's <c>LIKE</c> (ASCII case-insensitive) is <c>ILIKE</c>.</item>
/// </list>
/// The version table (<c>schema_migrations</c>) is <see cref="PostgresDatabase"/>'s, not a step's: SQLite keeps
/// its version in <c>PRAGMA user_version</c>.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The archived text's share of an item's search entry, in characters; see the type's remarks.</summary>
    public const int IndexedArchivedText = 80_000;

    public static readonly string Baseline =
        $$$"""
        -- Search: the text search configuration words go through, and the filter tokens' spelling.
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
                CREATE EXTENSION IF NOT EXISTS unaccent;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'unaccent could not be installed (%): searches will tell accented letters from plain ones', SQLERRM;
        END $$;
        -- English stems without stop words: FTS5's porter tokenizer drops no word either.
        CREATE TEXT SEARCH DICTIONARY policywatch_stem (TEMPLATE = snowball, Language = english);
        CREATE TEXT SEARCH CONFIGURATION policywatch (COPY = pg_catalog.english);
        DO $$
        DECLARE
            folding text := coalesce((SELECT format('%I.%I, ', n.nspname, d.dictname)
                                      FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
                                      WHERE d.dictname = 'unaccent' LIMIT 1), '');
        BEGIN
            EXECUTE 'ALTER TEXT SEARCH CONFIGURATION policywatch ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH '
                || folding || 'policywatch_stem';
            EXECUTE 'ALTER TEXT SEARCH CONFIGURATION policywatch ALTER MAPPING FOR numword, numhword, hword_numpart WITH '
                || folding || 'simple';
        END $$;

        -- SearchTokens.Token in SQL: the filter's letter, the id in ASCII letters and digits ("x" → "xx", anything
        -- else → "xh"), and a final 0.
        CREATE FUNCTION search_token(filter text, id text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT filter || regexp_replace(replace(lower(id COLLATE "C"), 'x', 'xx'), '[^a-z0-9]', 'xh', 'g') || '0' $$;

        -- 1: sources with their schedule state, items, tags, the fetch log.
        CREATE TABLE sources (
            id               text COLLATE "C" PRIMARY KEY,
            name             text NOT NULL,
            url              text COLLATE "C" NOT NULL,
            type             text COLLATE "C" NOT NULL,
            jurisdiction     text COLLATE "C" NOT NULL,
            every_seconds    integer NOT NULL,
            in_catalog       boolean NOT NULL DEFAULT true,
            gone             boolean NOT NULL DEFAULT false,
            next_fetch_at    timestamptz(0),
            last_attempt_at  timestamptz(0),
            last_success_at  timestamptz(0),
            last_status      text COLLATE "C",
            last_error       text,
            failures_in_row  integer NOT NULL DEFAULT 0,
            etag             text,
            last_modified    text
        );

        -- An identity never reuses a number: item ids are permalinks.
        CREATE TABLE items (
            id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source_id          text COLLATE "C" NOT NULL REFERENCES sources(id),
            guid               text COLLATE "C" NOT NULL,
            kind               text COLLATE "C" NOT NULL,
            title              text NOT NULL,
            url                text COLLATE "C",
            canonical_url      text COLLATE "C",
            author             text,
            summary_html       text,
            summary_text       text,
            content_text       text,
            published_at       timestamptz(0) NOT NULL,
            published_raw      text,
            date_is_first_seen boolean NOT NULL DEFAULT false,
            updated_at         timestamptz(0),
            first_seen_at      timestamptz(0) NOT NULL,
            last_changed_at    timestamptz(0) NOT NULL,
            content_hash       text COLLATE "C" NOT NULL,
            stage              text,
            dossier_id         text COLLATE "C",
            -- 2: the archived text of an item's page, legislative categories and references.
            archived_text      text,
            archived_at        timestamptz(0),
            archived_hash      text COLLATE "C",
            category           text,
            reference          text,
            -- 6: the item's tags as search tokens (SearchTokens.ForTags).
            tag_tokens         text COLLATE "C",
            -- 7: page-archiving attempts.
            archive_attempts   integer NOT NULL DEFAULT 0,
            archive_error      text,
            archive_tried_at   timestamptz(0),
            -- 8: how the item arrived: a crawl, or a history walk and the page or capture it came from.
            arrived_via        text COLLATE "C" NOT NULL DEFAULT 'crawl',
            arrived_from       text COLLATE "C",
            -- 9: the institution behind a legislative event.
            institution        text,
            -- SQLite's items_fts: the one definition of what search sees (see PostgresSchema).
            search_vector      tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('policywatch', left(coalesce(title, ''), 2000)), 'A')
                || setweight(to_tsvector('policywatch', left(coalesce(summary_text, ''), 65536)), 'B')
                || setweight(to_tsvector('policywatch', left(coalesce(archived_text, ''), {{{IndexedArchivedText}}})), 'C')
                || setweight(to_tsvector('simple',
                       search_token('k', kind) || ' ' || search_token('s', source_id) || coalesce(' ' || tag_tokens, '')), 'D')
            ) STORED,
            UNIQUE (source_id, guid)
        );
        CREATE INDEX items_by_published ON items (published_at DESC, id DESC);
        CREATE INDEX items_by_source ON items (source_id, published_at DESC, id DESC);
        CREATE INDEX items_by_canonical_url ON items (canonical_url) WHERE canonical_url IS NOT NULL;
        CREATE INDEX items_by_content_hash ON items (content_hash);
        CREATE INDEX items_by_last_changed ON items (last_changed_at);
        CREATE INDEX items_by_kind ON items (kind, published_at DESC, id DESC);
        CREATE INDEX items_pending_archive ON items (source_id, id)
            WHERE archived_at IS NULL AND url IS NOT NULL AND archive_attempts < 3;
        CREATE INDEX items_search ON items USING gin (search_vector);

        CREATE TABLE item_jurisdictions (
            jurisdiction text COLLATE "C" NOT NULL,
            item_id      bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            published_at timestamptz(0) NOT NULL,
            PRIMARY KEY (jurisdiction, published_at, item_id)
        );
        CREATE INDEX item_jurisdictions_by_item ON item_jurisdictions (item_id);

        CREATE TABLE item_dossiers (
            dossier_id   text COLLATE "C" NOT NULL,
            item_id      bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            published_at timestamptz(0) NOT NULL,
            PRIMARY KEY (dossier_id, published_at, item_id)
        );
        CREATE INDEX item_dossiers_by_item ON item_dossiers (item_id);

        CREATE TABLE item_topics (
            topic_id     text COLLATE "C" NOT NULL,
            item_id      bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            published_at timestamptz(0) NOT NULL,
            PRIMARY KEY (topic_id, published_at, item_id)
        );
        CREATE INDEX item_topics_by_item ON item_topics (item_id);

        -- Why each tag is on an item: the rule, the phrase and the field it matched in.
        CREATE TABLE item_tag_reasons (
            item_id bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            tag     text COLLATE "C" NOT NULL,
            phrase  text COLLATE "C" NOT NULL,
            field   text COLLATE "C" NOT NULL,
            PRIMARY KEY (item_id, tag, phrase, field)
        );

        CREATE TABLE fetch_log (
            id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source_id     text COLLATE "C" NOT NULL REFERENCES sources(id),
            started_at    timestamptz(0) NOT NULL,
            duration_ms   integer NOT NULL,
            http_status   integer,
            outcome       text COLLATE "C" NOT NULL,
            bytes         bigint NOT NULL DEFAULT 0,
            new_items     integer NOT NULL DEFAULT 0,
            updated_items integer NOT NULL DEFAULT 0,
            skipped_items integer NOT NULL DEFAULT 0,
            error         text,
            -- 2: something worth knowing about a fetch that still succeeded, e.g. a malformed feed read leniently.
            note          text,
            -- 11: what the fetch was for: the source's document, or an item's page archived for its text.
            target        text COLLATE "C" NOT NULL DEFAULT 'source'
        );
        CREATE INDEX fetch_log_by_source ON fetch_log (source_id, started_at DESC);
        CREATE INDEX fetch_log_by_target ON fetch_log (source_id, target, id);

        -- 3: a closed digest period, frozen on first render so its entry never changes.
        CREATE TABLE digest_periods (
            feed_key     text COLLATE "C" NOT NULL,
            period_start timestamptz(0) NOT NULL,
            period_end   timestamptz(0) NOT NULL,
            item_count   integer NOT NULL,
            summary_json text NOT NULL,
            frozen_at    timestamptz(0) NOT NULL,
            PRIMARY KEY (feed_key, period_start)
        );

        -- 5: items per week for the activity charts, kept by triggers for the views people open most.
        -- Scopes: 'all', 'j:<code>', 'd:<id>', 't:<id>', 's:<id>'; a week is its Monday (UTC).
        CREATE TABLE activity_weeks (
            scope text COLLATE "C" NOT NULL,
            week  date NOT NULL,
            items integer NOT NULL,
            PRIMARY KEY (scope, week)
        );

        -- SQLite's date(x, '-6 days', 'weekday 1'): the Monday on or before the instant's UTC day.
        CREATE FUNCTION activity_week(at timestamptz) RETURNS date
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT date_trunc('week', at AT TIME ZONE 'UTC')::date $$;

        CREATE FUNCTION activity_count(counted_scope text, counted_week date, change integer) RETURNS void
            LANGUAGE plpgsql AS $$
        BEGIN
            IF change > 0 THEN
                INSERT INTO activity_weeks (scope, week, items) VALUES (counted_scope, counted_week, change)
                ON CONFLICT (scope, week) DO UPDATE SET items = activity_weeks.items + excluded.items;
            ELSE
                UPDATE activity_weeks SET items = items + change WHERE scope = counted_scope AND week = counted_week;
            END IF;
        END $$;

        CREATE FUNCTION activity_of_items() RETURNS trigger
            LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                PERFORM activity_count('all', activity_week(OLD.published_at), -1);
                PERFORM activity_count('s:' || OLD.source_id, activity_week(OLD.published_at), -1);
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                PERFORM activity_count('all', activity_week(NEW.published_at), 1);
                PERFORM activity_count('s:' || NEW.source_id, activity_week(NEW.published_at), 1);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER activity_after_insert_or_delete_items AFTER INSERT OR DELETE ON items
            FOR EACH ROW EXECUTE FUNCTION activity_of_items();
        CREATE TRIGGER activity_after_update_items AFTER UPDATE OF published_at ON items
            FOR EACH ROW WHEN (activity_week(OLD.published_at) <> activity_week(NEW.published_at))
            EXECUTE FUNCTION activity_of_items();

        -- One function for the three tag tables: TG_ARGV[0] is the scope's prefix, TG_ARGV[1] the tag's column.
        CREATE FUNCTION activity_of_tags() RETURNS trigger
            LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                PERFORM activity_count(TG_ARGV[0] || (to_jsonb(OLD) ->> TG_ARGV[1]), activity_week(OLD.published_at), -1);
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                PERFORM activity_count(TG_ARGV[0] || (to_jsonb(NEW) ->> TG_ARGV[1]), activity_week(NEW.published_at), 1);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER activity_of_item_jurisdictions AFTER INSERT OR UPDATE OR DELETE ON item_jurisdictions
            FOR EACH ROW EXECUTE FUNCTION activity_of_tags('j:', 'jurisdiction');
        CREATE TRIGGER activity_of_item_dossiers AFTER INSERT OR UPDATE OR DELETE ON item_dossiers
            FOR EACH ROW EXECUTE FUNCTION activity_of_tags('d:', 'dossier_id');
        CREATE TRIGGER activity_of_item_topics AFTER INSERT OR UPDATE OR DELETE ON item_topics
            FOR EACH ROW EXECUTE FUNCTION activity_of_tags('t:', 'topic_id');

        -- 8: history. Each source's walk back to the horizon, resumable; the archive pages a walk has read.
        CREATE TABLE history_walks (
            source_id    text COLLATE "C" PRIMARY KEY REFERENCES sources(id),
            since        date NOT NULL,
            method       text COLLATE "C",
            status       text COLLATE "C" NOT NULL,
            position     text COLLATE "C",
            pages        integer NOT NULL DEFAULT 0,
            items_found  integer NOT NULL DEFAULT 0,
            items_kept   integer NOT NULL DEFAULT 0,
            oldest_at    timestamptz(0),
            error        text,
            retry_at     timestamptz(0),
            updated_at   timestamptz(0) NOT NULL
        );
        CREATE TABLE history_pages (
            source_id  text COLLATE "C" NOT NULL REFERENCES sources(id),
            url        text COLLATE "C" NOT NULL,
            next_url   text COLLATE "C",
            items      integer NOT NULL,
            fetched_at timestamptz(0) NOT NULL,
            PRIMARY KEY (source_id, url)
        );

        -- 9: the parliaments' APIs: where each followed bill or procedure stands, the validators of each document.
        CREATE TABLE official_status (
            source_id          text COLLATE "C" PRIMARY KEY REFERENCES sources(id),
            dossier_id         text COLLATE "C" NOT NULL,
            reference          text NOT NULL,
            title              text,
            current_stage      text,
            current_stage_code text COLLATE "C",
            current_house      text,
            is_act             boolean,
            is_defeated        boolean,
            is_withdrawn       boolean,
            source_updated_at  timestamptz(0),
            updated_at         timestamptz(0) NOT NULL
        );
        CREATE TABLE official_requests (
            source_id     text COLLATE "C" NOT NULL REFERENCES sources(id),
            url           text COLLATE "C" NOT NULL,
            etag          text,
            last_modified text,
            PRIMARY KEY (source_id, url)
        );

        -- 10: archived copies at the Internet Archive; triggers keep a row per item with an http(s) link.
        CREATE TABLE archived_copies (
            item_id        bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            copy_url       text COLLATE "C",
            captured_at    timestamptz(0),
            found_via      text COLLATE "C",
            looked_up_at   timestamptz(0),
            attempts       integer NOT NULL DEFAULT 0,
            last_error     text,
            next_lookup_at timestamptz(0)
        );
        CREATE INDEX archived_copies_due ON archived_copies (next_lookup_at, item_id) WHERE next_lookup_at IS NOT NULL;

        CREATE FUNCTION archived_copies_of_items() RETURNS trigger
            LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                DELETE FROM archived_copies WHERE item_id = NEW.id;
            END IF;
            IF NEW.url ILIKE 'http://%' OR NEW.url ILIKE 'https://%' THEN
                INSERT INTO archived_copies (item_id, next_lookup_at)
                VALUES (NEW.id, CASE TG_OP WHEN 'INSERT' THEN NEW.first_seen_at ELSE NEW.last_changed_at END);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER archived_copies_after_insert_items AFTER INSERT ON items
            FOR EACH ROW WHEN (NEW.url ILIKE 'http://%' OR NEW.url ILIKE 'https://%')
            EXECUTE FUNCTION archived_copies_of_items();
        CREATE TRIGGER archived_copies_after_update_url AFTER UPDATE OF url ON items
            FOR EACH ROW WHEN (NEW.url IS DISTINCT FROM OLD.url)
            EXECUTE FUNCTION archived_copies_of_items();

        CREATE TABLE archive_saves (
            item_id      bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            page_url     text COLLATE "C" NOT NULL,
            status       text COLLATE "C" NOT NULL,
            job_id       text COLLATE "C",
            attempts     integer NOT NULL DEFAULT 0,
            last_error   text,
            queued_at    timestamptz(0) NOT NULL,
            submitted_at timestamptz(0),
            updated_at   timestamptz(0) NOT NULL,
            next_try_at  timestamptz(0)
        );
        CREATE INDEX archive_saves_due ON archive_saves (status, next_try_at, item_id) WHERE next_try_at IS NOT NULL;
        CREATE TABLE archive_sources (
            source_id    text COLLATE "C" PRIMARY KEY REFERENCES sources(id),
            since        timestamptz(0) NOT NULL,
            last_item_id bigint NOT NULL
        );

        -- Long texts compressed with lz4 where the server has it (PostgreSQL 14 and later, built with lz4): faster
        -- than the default pglz both ways, at about the same size. Values already stored keep their compression.
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
                ALTER TABLE items
                    ALTER COLUMN summary_html SET COMPRESSION lz4,
                    ALTER COLUMN summary_text SET COMPRESSION lz4,
                    ALTER COLUMN content_text SET COMPRESSION lz4,
                    ALTER COLUMN archived_text SET COMPRESSION lz4,
                    ALTER COLUMN search_vector SET COMPRESSION lz4;
                ALTER TABLE digest_periods ALTER COLUMN summary_json SET COMPRESSION lz4;
            END IF;
        END $$;
        """;
}
