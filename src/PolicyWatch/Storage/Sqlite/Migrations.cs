namespace PolicyWatch.Storage;

/// <summary>
/// The schema, as numbered steps applied in order. A step, once shipped, never changes:
/// add a new one. <c>PRAGMA user_version</c> records the last step applied.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: sources with their schedule state, items, tags, the fetch log.
        """
        CREATE TABLE sources (
            id               TEXT PRIMARY KEY,
            name             TEXT NOT NULL,
            url              TEXT NOT NULL,
            type             TEXT NOT NULL,
            jurisdiction     TEXT NOT NULL,
            every_seconds    INTEGER NOT NULL,
            in_catalog       INTEGER NOT NULL DEFAULT 1,
            gone             INTEGER NOT NULL DEFAULT 0,
            next_fetch_at    TEXT,
            last_attempt_at  TEXT,
            last_success_at  TEXT,
            last_status      TEXT,
            last_error       TEXT,
            failures_in_row  INTEGER NOT NULL DEFAULT 0,
            etag             TEXT,
            last_modified    TEXT
        );

        -- AUTOINCREMENT: item ids are permalinks and are never reused.
        CREATE TABLE items (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id          TEXT NOT NULL REFERENCES sources(id),
            guid               TEXT NOT NULL,
            kind               TEXT NOT NULL,
            title              TEXT NOT NULL,
            url                TEXT,
            canonical_url      TEXT,
            author             TEXT,
            summary_html       TEXT,
            summary_text       TEXT,
            content_text       TEXT,
            published_at       TEXT NOT NULL,
            published_raw      TEXT,
            date_is_first_seen INTEGER NOT NULL DEFAULT 0,
            updated_at         TEXT,
            first_seen_at      TEXT NOT NULL,
            last_changed_at    TEXT NOT NULL,
            content_hash       TEXT NOT NULL,
            stage              TEXT,
            dossier_id         TEXT,
            UNIQUE (source_id, guid)
        );
        CREATE INDEX items_by_published ON items (published_at DESC, id DESC);
        CREATE INDEX items_by_source ON items (source_id, published_at DESC, id DESC);
        CREATE INDEX items_by_canonical_url ON items (canonical_url) WHERE canonical_url IS NOT NULL;
        CREATE INDEX items_by_content_hash ON items (content_hash);

        CREATE TABLE item_jurisdictions (
            jurisdiction TEXT NOT NULL,
            item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            published_at TEXT NOT NULL,
            PRIMARY KEY (jurisdiction, published_at, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX item_jurisdictions_by_item ON item_jurisdictions (item_id);

        CREATE TABLE item_dossiers (
            dossier_id   TEXT NOT NULL,
            item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            published_at TEXT NOT NULL,
            PRIMARY KEY (dossier_id, published_at, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX item_dossiers_by_item ON item_dossiers (item_id);

        CREATE TABLE item_topics (
            topic_id     TEXT NOT NULL,
            item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            published_at TEXT NOT NULL,
            PRIMARY KEY (topic_id, published_at, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX item_topics_by_item ON item_topics (item_id);

        -- Why each tag is on an item: the rule, the phrase and the field it matched in.
        CREATE TABLE item_tag_reasons (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            tag     TEXT NOT NULL,
            phrase  TEXT NOT NULL,
            field   TEXT NOT NULL,
            PRIMARY KEY (item_id, tag, phrase, field)
        ) WITHOUT ROWID;

        CREATE TABLE fetch_log (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id     TEXT NOT NULL REFERENCES sources(id),
            started_at    TEXT NOT NULL,
            duration_ms   INTEGER NOT NULL,
            http_status   INTEGER,
            outcome       TEXT NOT NULL,
            bytes         INTEGER NOT NULL DEFAULT 0,
            new_items     INTEGER NOT NULL DEFAULT 0,
            updated_items INTEGER NOT NULL DEFAULT 0,
            skipped_items INTEGER NOT NULL DEFAULT 0,
            error         TEXT
        );
        CREATE INDEX fetch_log_by_source ON fetch_log (source_id, started_at DESC);
        """,

        // 2: the archived text of an item's page, legislative categories and references, notes on fetches.
        """
        ALTER TABLE items ADD COLUMN archived_text TEXT;
        ALTER TABLE items ADD COLUMN archived_at TEXT;
        ALTER TABLE items ADD COLUMN archived_hash TEXT;
        ALTER TABLE items ADD COLUMN category TEXT;
        ALTER TABLE items ADD COLUMN reference TEXT;
        -- Something worth knowing about a fetch that still succeeded, e.g. a malformed feed read leniently.
        ALTER TABLE fetch_log ADD COLUMN note TEXT;
        """,

        // 3: feeds. The newest change anywhere answers conditional GETs from an index alone;
        // a closed digest period is frozen on first render so its entry never changes.
        """
        CREATE INDEX items_by_last_changed ON items (last_changed_at);
        CREATE TABLE digest_periods (
            feed_key     TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end   TEXT NOT NULL,
            item_count   INTEGER NOT NULL,
            summary_json TEXT NOT NULL,
            frozen_at    TEXT NOT NULL,
            PRIMARY KEY (feed_key, period_start)
        ) WITHOUT ROWID;
        """,

        // 4: full-text search over title, summary and archived text; an index for kind timelines.
        // External content: the text lives once, in items; triggers keep the index in step with it.
        """
        CREATE VIRTUAL TABLE items_fts USING fts5 (
            title, summary_text, archived_text,
            content = 'items', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
            INSERT INTO items_fts (rowid, title, summary_text, archived_text)
            VALUES (new.id, new.title, new.summary_text, new.archived_text);
        END;
        CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, title, summary_text, archived_text)
            VALUES ('delete', old.id, old.title, old.summary_text, old.archived_text);
        END;
        CREATE TRIGGER items_fts_after_update AFTER UPDATE OF title, summary_text, archived_text ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, title, summary_text, archived_text)
            VALUES ('delete', old.id, old.title, old.summary_text, old.archived_text);
            INSERT INTO items_fts (rowid, title, summary_text, archived_text)
            VALUES (new.id, new.title, new.summary_text, new.archived_text);
        END;
        INSERT INTO items_fts (items_fts) VALUES ('rebuild');
        CREATE INDEX items_by_kind ON items (kind, published_at DESC, id DESC);
        """,

        // 5: items per week for the activity charts, kept by triggers for the views people open most
        // (everything, a jurisdiction, a dossier, a topic, a source), so a chart reads ~100 rows
        // instead of counting a million. Scopes: 'all', 'j:<code>', 'd:<id>', 't:<id>', 's:<id>'.
        """
        CREATE TABLE activity_weeks (
            scope TEXT NOT NULL,
            week  TEXT NOT NULL,
            items INTEGER NOT NULL,
            PRIMARY KEY (scope, week)
        ) WITHOUT ROWID;
        CREATE TRIGGER activity_after_insert_items AFTER INSERT ON items BEGIN
            INSERT INTO activity_weeks (scope, week, items) VALUES ('all', date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
            INSERT INTO activity_weeks (scope, week, items) VALUES ('s:' || new.source_id, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        CREATE TRIGGER activity_after_delete_items AFTER DELETE ON items BEGIN
            UPDATE activity_weeks SET items = items - 1
            WHERE scope IN ('all', 's:' || old.source_id) AND week = date(old.published_at, '-6 days', 'weekday 1');
        END;
        CREATE TRIGGER activity_after_update_items AFTER UPDATE OF published_at ON items
        WHEN date(old.published_at, '-6 days', 'weekday 1') != date(new.published_at, '-6 days', 'weekday 1') BEGIN
            UPDATE activity_weeks SET items = items - 1
            WHERE scope IN ('all', 's:' || old.source_id) AND week = date(old.published_at, '-6 days', 'weekday 1');
            INSERT INTO activity_weeks (scope, week, items) VALUES ('all', date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
            INSERT INTO activity_weeks (scope, week, items) VALUES ('s:' || new.source_id, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        CREATE TRIGGER activity_after_insert_item_jurisdictions AFTER INSERT ON item_jurisdictions BEGIN
            INSERT INTO activity_weeks (scope, week, items) VALUES ('j:' || new.jurisdiction, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        CREATE TRIGGER activity_after_delete_item_jurisdictions AFTER DELETE ON item_jurisdictions BEGIN
            UPDATE activity_weeks SET items = items - 1 WHERE scope = 'j:' || old.jurisdiction AND week = date(old.published_at, '-6 days', 'weekday 1');
        END;
        CREATE TRIGGER activity_after_update_item_jurisdictions AFTER UPDATE ON item_jurisdictions BEGIN
            UPDATE activity_weeks SET items = items - 1 WHERE scope = 'j:' || old.jurisdiction AND week = date(old.published_at, '-6 days', 'weekday 1');
            INSERT INTO activity_weeks (scope, week, items) VALUES ('j:' || new.jurisdiction, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        CREATE TRIGGER activity_after_insert_item_dossiers AFTER INSERT ON item_dossiers BEGIN
            INSERT INTO activity_weeks (scope, week, items) VALUES ('d:' || new.dossier_id, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        CREATE TRIGGER activity_after_delete_item_dossiers AFTER DELETE ON item_dossiers BEGIN
            UPDATE activity_weeks SET items = items - 1 WHERE scope = 'd:' || old.dossier_id AND week = date(old.published_at, '-6 days', 'weekday 1');
        END;
        CREATE TRIGGER activity_after_update_item_dossiers AFTER UPDATE ON item_dossiers BEGIN
            UPDATE activity_weeks SET items = items - 1 WHERE scope = 'd:' || old.dossier_id AND week = date(old.published_at, '-6 days', 'weekday 1');
            INSERT INTO activity_weeks (scope, week, items) VALUES ('d:' || new.dossier_id, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        CREATE TRIGGER activity_after_insert_item_topics AFTER INSERT ON item_topics BEGIN
            INSERT INTO activity_weeks (scope, week, items) VALUES ('t:' || new.topic_id, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        CREATE TRIGGER activity_after_delete_item_topics AFTER DELETE ON item_topics BEGIN
            UPDATE activity_weeks SET items = items - 1 WHERE scope = 't:' || old.topic_id AND week = date(old.published_at, '-6 days', 'weekday 1');
        END;
        CREATE TRIGGER activity_after_update_item_topics AFTER UPDATE ON item_topics BEGIN
            UPDATE activity_weeks SET items = items - 1 WHERE scope = 't:' || old.topic_id AND week = date(old.published_at, '-6 days', 'weekday 1');
            INSERT INTO activity_weeks (scope, week, items) VALUES ('t:' || new.topic_id, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        INSERT INTO activity_weeks (scope, week, items)
            SELECT 'all', date(published_at, '-6 days', 'weekday 1'), count(*) FROM items GROUP BY 2
            UNION ALL SELECT 's:' || source_id, date(published_at, '-6 days', 'weekday 1'), count(*) FROM items GROUP BY 1, 2
            UNION ALL SELECT 'j:' || jurisdiction, date(published_at, '-6 days', 'weekday 1'), count(*) FROM item_jurisdictions GROUP BY 1, 2
            UNION ALL SELECT 'd:' || dossier_id, date(published_at, '-6 days', 'weekday 1'), count(*) FROM item_dossiers GROUP BY 1, 2
            UNION ALL SELECT 't:' || topic_id, date(published_at, '-6 days', 'weekday 1'), count(*) FROM item_topics GROUP BY 1, 2;
        """,

        // 6: a smaller file and filtered searches inside FTS5. Long texts are stored packed (Brotli, see
        // StoredText) and the index reads them through a view, the one definition of what is indexed; the
        // index also holds each item's filters as tokens (SearchTokens), so a search narrowed by filters is
        // an intersection of posting lists. Run VACUUM afterwards to give the freed space back to the disk.
        """
        DROP TRIGGER items_fts_after_insert;
        DROP TRIGGER items_fts_after_delete;
        DROP TRIGGER items_fts_after_update;
        DROP TABLE items_fts;
        ALTER TABLE items ADD COLUMN tag_tokens TEXT;
        UPDATE items SET
            summary_html = pack(summary_html), summary_text = pack(summary_text),
            content_text = pack(content_text), archived_text = pack(archived_text),
            tag_tokens = (SELECT group_concat(token, ' ') FROM (
                SELECT search_token('j', jurisdiction) AS token FROM item_jurisdictions WHERE item_id = items.id
                UNION ALL SELECT search_token('d', dossier_id) FROM item_dossiers WHERE item_id = items.id
                UNION ALL SELECT search_token('t', topic_id) FROM item_topics WHERE item_id = items.id));
        CREATE VIEW item_search_text AS
            SELECT id, title, unpack(summary_text) AS summary_text, unpack(archived_text) AS archived_text,
                   search_token('k', kind) || ' ' || search_token('s', source_id) || coalesce(' ' || tag_tokens, '') AS filters
            FROM items;
        CREATE VIRTUAL TABLE items_fts USING fts5 (
            title, summary_text, archived_text, filters,
            content = 'item_search_text', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
            INSERT INTO items_fts (rowid, title, summary_text, archived_text, filters)
            SELECT id, title, summary_text, archived_text, filters FROM item_search_text WHERE id = new.id;
        END;
        CREATE TRIGGER items_fts_before_delete BEFORE DELETE ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, title, summary_text, archived_text, filters)
            SELECT 'delete', id, title, summary_text, archived_text, filters FROM item_search_text WHERE id = old.id;
        END;
        CREATE TRIGGER items_fts_before_update BEFORE UPDATE OF title, summary_text, archived_text, kind, source_id, tag_tokens ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, title, summary_text, archived_text, filters)
            SELECT 'delete', id, title, summary_text, archived_text, filters FROM item_search_text WHERE id = old.id;
        END;
        CREATE TRIGGER items_fts_after_update AFTER UPDATE OF title, summary_text, archived_text, kind, source_id, tag_tokens ON items BEGIN
            INSERT INTO items_fts (rowid, title, summary_text, archived_text, filters)
            SELECT id, title, summary_text, archived_text, filters FROM item_search_text WHERE id = new.id;
        END;
        INSERT INTO items_fts (items_fts) VALUES ('rebuild');
        """,
        // 7: each item's page-archiving attempts, so pages left over by a killed crawl are archived
        // later, a failing page is retried a few times, and a refused link is never fetched again.
        """
        ALTER TABLE items ADD COLUMN archive_attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE items ADD COLUMN archive_error TEXT;
        ALTER TABLE items ADD COLUMN archive_tried_at TEXT;
        CREATE INDEX items_pending_archive ON items (source_id, id)
            WHERE archived_at IS NULL AND url IS NOT NULL AND archive_attempts < 3;
        """,
            // 8: history. How each item arrived (a crawl, or a history walk and the page or capture it came
        // from); each source's walk back to the horizon, resumable; the archive pages a walk has read,
        // which never change, so they are never fetched again.
        """
        ALTER TABLE items ADD COLUMN arrived_via TEXT NOT NULL DEFAULT 'crawl';
        ALTER TABLE items ADD COLUMN arrived_from TEXT;
        CREATE TABLE history_walks (
            source_id    TEXT PRIMARY KEY REFERENCES sources(id),
            since        TEXT NOT NULL,
            method       TEXT,
            status       TEXT NOT NULL,
            position     TEXT,
            pages        INTEGER NOT NULL DEFAULT 0,
            items_found  INTEGER NOT NULL DEFAULT 0,
            items_kept   INTEGER NOT NULL DEFAULT 0,
            oldest_at    TEXT,
            error        TEXT,
            retry_at     TEXT,
            updated_at   TEXT NOT NULL
        );
        CREATE TABLE history_pages (
            source_id  TEXT NOT NULL REFERENCES sources(id),
            url        TEXT NOT NULL,
            next_url   TEXT,
            items      INTEGER NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (source_id, url)
        );
        """,
        // 9: the parliaments' APIs (uk-bill and ep-procedure sources). The institution behind a legislative
        // event; where each followed bill or procedure stands as its API last said (for the dossier status);
        // the validators of each API document a source reads, for conditional GETs (a source reads several).
        """
        ALTER TABLE items ADD COLUMN institution TEXT;
        CREATE TABLE official_status (
            source_id          TEXT PRIMARY KEY REFERENCES sources(id),
            dossier_id         TEXT NOT NULL,
            reference          TEXT NOT NULL,
            title              TEXT,
            current_stage      TEXT,
            current_stage_code TEXT,
            current_house      TEXT,
            is_act             INTEGER,
            is_defeated        INTEGER,
            is_withdrawn       INTEGER,
            source_updated_at  TEXT,
            updated_at         TEXT NOT NULL
        );
        CREATE TABLE official_requests (
            source_id     TEXT NOT NULL REFERENCES sources(id),
            url           TEXT NOT NULL,
            etag          TEXT,
            last_modified TEXT,
            PRIMARY KEY (source_id, url)
        );
        """,
        // 10: archived copies at the Internet Archive, for citations. Every item with an http(s) link (a
        // milestone too) has a row: the copy found (its address and capture time) and the state of the
        // lookup (when last asked, unsuccessful lookups in a row, the last error, when to ask next; null
        // once a copy is found). Triggers keep the rows in step with items, so a new item is due at once
        // and an item whose link changes is looked up afresh. The queue of pages to save (Save Page Now)
        // for sources with "archive": true survives restarts; archive_sources remembers, per such source,
        // the last item id already considered, so only items that arrived after that are saved.
        """
        CREATE TABLE archived_copies (
            item_id        INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            copy_url       TEXT,
            captured_at    TEXT,
            found_via      TEXT,
            looked_up_at   TEXT,
            attempts       INTEGER NOT NULL DEFAULT 0,
            last_error     TEXT,
            next_lookup_at TEXT
        );
        CREATE INDEX archived_copies_due ON archived_copies (next_lookup_at, item_id) WHERE next_lookup_at IS NOT NULL;
        CREATE TRIGGER archived_copies_after_insert_items AFTER INSERT ON items
        WHEN new.url LIKE 'http://%' OR new.url LIKE 'https://%' BEGIN
            INSERT INTO archived_copies (item_id, next_lookup_at) VALUES (new.id, new.first_seen_at);
        END;
        CREATE TRIGGER archived_copies_after_update_url AFTER UPDATE OF url ON items
        WHEN new.url IS NOT old.url BEGIN
            DELETE FROM archived_copies WHERE item_id = new.id;
            INSERT INTO archived_copies (item_id, next_lookup_at)
            SELECT new.id, new.last_changed_at WHERE new.url LIKE 'http://%' OR new.url LIKE 'https://%';
        END;
        INSERT INTO archived_copies (item_id, next_lookup_at)
            SELECT id, first_seen_at FROM items WHERE url LIKE 'http://%' OR url LIKE 'https://%';

        CREATE TABLE archive_saves (
            item_id      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            page_url     TEXT NOT NULL,
            status       TEXT NOT NULL,
            job_id       TEXT,
            attempts     INTEGER NOT NULL DEFAULT 0,
            last_error   TEXT,
            queued_at    TEXT NOT NULL,
            submitted_at TEXT,
            updated_at   TEXT NOT NULL,
            next_try_at  TEXT
        );
        CREATE INDEX archive_saves_due ON archive_saves (status, next_try_at, item_id) WHERE next_try_at IS NOT NULL;
        CREATE TABLE archive_sources (
            source_id    TEXT PRIMARY KEY REFERENCES sources(id),
            since        TEXT NOT NULL,
            last_item_id INTEGER NOT NULL
        );
        """,
        // 11: what a fetch was for is a column (the source's document, or an item's page archived for its text),
        // not a prefix of the outcome's text; outcomes are stable codes (FetchOutcome), not display text.
        """
        ALTER TABLE fetch_log ADD COLUMN target TEXT NOT NULL DEFAULT 'source';
        UPDATE fetch_log SET target = 'page',
            outcome = CASE outcome WHEN 'page archived' THEN 'ok' WHEN 'page refused' THEN 'refused' ELSE 'failed' END
            WHERE outcome LIKE 'page %';
        UPDATE fetch_log SET outcome = 'warnings' WHERE outcome = 'ok, with warnings';
        UPDATE sources SET last_status = 'warnings' WHERE last_status = 'ok, with warnings';
        CREATE INDEX fetch_log_by_target ON fetch_log (source_id, target, id);
        """,
        // 12: several nodes on one database. A node takes the due sources it will crawl (claimed_by, until
        // claimed_until) and gives each back when its fetch is recorded; a node killed mid-crawl gives them back
        // when the lease runs out. Which node crawled, on the source and in the fetch log.
        """
        ALTER TABLE sources ADD COLUMN claimed_by TEXT;
        ALTER TABLE sources ADD COLUMN claimed_until TEXT;
        ALTER TABLE sources ADD COLUMN last_node TEXT;
        ALTER TABLE fetch_log ADD COLUMN node TEXT;
        """,
        // 13: every author of an item, in order. `authors` holds the names, one a line, as Normalizing/AuthorNames
        // reads them from a feed's creators; `author` stays the display line. An author stored before is split by
        // the same rules (split_authors, which only the migrating connection has), so an item stored as "Paddy
        // Leerssen, Rachel Griffin" is cited as two people from the upgrade on; a milestone's author is the
        // institution named in feeds.json and stays whole. Co-authors given in further elements of a feed were never
        // stored: the next crawl that still finds the item adds them.
        """
        ALTER TABLE items ADD COLUMN authors TEXT;
        UPDATE items SET authors = CASE WHEN kind = 'milestone' THEN author
            ELSE split_authors(author, (SELECT name FROM sources WHERE id = items.source_id)) END
        WHERE author IS NOT NULL;
        """,
        // 14: stories, the same event reported by several sources. A story is known by the id of the item that
        // founded it and never changes id; its members (only stories of two or more items have any) say which of
        // them leads (an official body's first, "official": true on its source, then the earliest; triggers re-choose when members come, go or move in
        // time), so a collapsed view is its usual query plus a probe of story_members. Candidates are found by
        // each item's heaviest words (story_keys, by day, for the time window), weighed with story_terms (how many
        // items use each word; the row 0 counts the items); story_signatures holds each assigned item's vector
        // norm, and an item without one has not been assigned yet (those stored before this step: `stories`).
        """
        ALTER TABLE sources ADD COLUMN official INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE stories (
            id           INTEGER PRIMARY KEY,
            lead_item_id INTEGER NOT NULL,
            items        INTEGER NOT NULL,
            sources      INTEGER NOT NULL,
            created_at   TEXT NOT NULL
        );
        CREATE TABLE story_members (
            item_id      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            story_id     INTEGER NOT NULL REFERENCES stories(id),
            source_id    TEXT NOT NULL,
            kind         TEXT NOT NULL,
            published_at TEXT NOT NULL,
            official     INTEGER NOT NULL,
            is_lead      INTEGER NOT NULL DEFAULT 0,
            joined_by    TEXT NOT NULL
        );
        CREATE INDEX story_members_by_story ON story_members (story_id, published_at, item_id);
        CREATE TRIGGER story_members_after_insert AFTER INSERT ON story_members BEGIN
            UPDATE story_members SET is_lead = (item_id = (
                SELECT m.item_id FROM story_members m WHERE m.story_id = new.story_id ORDER BY m.official DESC, m.published_at, m.item_id LIMIT 1))
            WHERE story_id = new.story_id;
            UPDATE stories SET items = (SELECT count(*) FROM story_members WHERE story_id = new.story_id),
                sources = (SELECT count(DISTINCT source_id) FROM story_members WHERE story_id = new.story_id),
                lead_item_id = (SELECT item_id FROM story_members WHERE story_id = new.story_id AND is_lead)
            WHERE id = new.story_id;
        END;
        CREATE TRIGGER story_members_after_delete AFTER DELETE ON story_members BEGIN
            UPDATE story_members SET is_lead = (item_id = (
                SELECT m.item_id FROM story_members m WHERE m.story_id = old.story_id ORDER BY m.official DESC, m.published_at, m.item_id LIMIT 1))
            WHERE story_id = old.story_id;
            UPDATE stories SET items = (SELECT count(*) FROM story_members WHERE story_id = old.story_id),
                sources = (SELECT count(DISTINCT source_id) FROM story_members WHERE story_id = old.story_id),
                lead_item_id = coalesce((SELECT item_id FROM story_members WHERE story_id = old.story_id AND is_lead), lead_item_id)
            WHERE id = old.story_id;
        END;
        CREATE TRIGGER story_members_after_items_moved AFTER UPDATE OF published_at, kind ON items
        WHEN EXISTS (SELECT 1 FROM story_members WHERE item_id = new.id) BEGIN
            UPDATE story_members SET published_at = new.published_at, kind = new.kind WHERE item_id = new.id;
            UPDATE story_members SET is_lead = (item_id = (
                SELECT m.item_id FROM story_members m
                WHERE m.story_id = (SELECT story_id FROM story_members WHERE item_id = new.id)
                ORDER BY m.official DESC, m.published_at, m.item_id LIMIT 1))
            WHERE story_id = (SELECT story_id FROM story_members WHERE item_id = new.id);
            UPDATE stories SET lead_item_id = (SELECT item_id FROM story_members WHERE story_id = stories.id AND is_lead)
            WHERE id = (SELECT story_id FROM story_members WHERE item_id = new.id);
        END;
        CREATE TABLE story_terms (
            term  INTEGER PRIMARY KEY,
            items INTEGER NOT NULL
        );
        CREATE TABLE story_keys (
            term    INTEGER NOT NULL,
            day     INTEGER NOT NULL,
            item_id INTEGER NOT NULL,
            PRIMARY KEY (term, day, item_id)
        ) WITHOUT ROWID;
        CREATE TABLE story_signatures (
            item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            norm    REAL NOT NULL
        );
        """,
        // 15: a dossier's official steps (its legislative events and milestones) have an index of their own, so the
        // walk back through them for the dossier's status and the timeline's steps of a day read steps only, not
        // the coverage around them (ten times as many rows, each looked up in items for its kind). An item's kind
        // is copied into its dossier rows as it is tagged. The activity counts change only when a row's dossier or
        // date does, so the upgrade's own update leaves them alone.
        """
        ALTER TABLE item_dossiers ADD COLUMN official INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER activity_after_update_item_dossiers;
        CREATE TRIGGER activity_after_update_item_dossiers AFTER UPDATE OF dossier_id, published_at ON item_dossiers BEGIN
            UPDATE activity_weeks SET items = items - 1 WHERE scope = 'd:' || old.dossier_id AND week = date(old.published_at, '-6 days', 'weekday 1');
            INSERT INTO activity_weeks (scope, week, items) VALUES ('d:' || new.dossier_id, date(new.published_at, '-6 days', 'weekday 1'), 1)
            ON CONFLICT (scope, week) DO UPDATE SET items = items + 1;
        END;
        UPDATE item_dossiers SET official = 1 WHERE item_id IN (SELECT id FROM items WHERE kind IN ('legislative', 'milestone'));
        CREATE INDEX item_dossiers_official ON item_dossiers (dossier_id, published_at, item_id) WHERE official;
        """,
        // The host a crawl of each source talks to, kept on its row, so that a claim applies the host rule (a host
        // another node holds is left alone; a node takes at most as many hosts as it has fetch slots) in SQL, and
        // reads the sources it takes rather than every held and every due source. Written at each sync of
        // feeds.json, which follows the migrations at every start, so rows of before are filled before any claim;
        // until then a source with no host is not claimed (SourceStore.ClaimDueAsync).
        """
        ALTER TABLE sources ADD COLUMN host TEXT;
        """,
    ];
}
