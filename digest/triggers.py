"""The database triggers that keep the page cache fresh (see digest.cache).

`ContentVersion` rows name *scopes* of what readers see and hold a random `token`, renewed by
any change in that scope, and a random `removal` token, renewed only when something in it is
deleted or hidden. Scopes:

- ``content``: anything at all;
- ``visibility``: which issues exist and are visible (an issue created, deleted, or its status,
  publish time, year or week changed) — the lists, neighbours and archives;
- ``visible-year:<year>``, ``visible-week:<week>``, ``visible-at:<year>-<week>``: the same,
  only for the issues of that year, with that week number, or of that one week (both the old
  and the new ones when an issue moves) — what a year, a month, the links around an issue page
  or the address of an unpublished issue depend on;
- ``issue:<id>``: what a page shows of that issue: the issue, its entries, picks, tag links,
  and the names of its tags; ``issue-link:<id>``: what a link to it shows (its title);
- ``tag:<id>``: the tag and which visible entries carry it (also renewed when an issue with
  entries carrying it is published or hidden, or such an entry moves to another issue);
  ``tags``: any tag or tag link;
- ``section:<id>``: which entries a section holds (an entry added, deleted or moved to another
  section or issue; also renewed when an issue with entries in it is published or hidden) —
  what a section's feed lists; ``sections``: the sections themselves (names, order).

Every scope a trigger renews is also queued in `PendingPurge` for the HTTP cache or CDN in front
of the site (digest.cdn).

Triggers, rather than signals, so that every way of changing content counts: the admin,
management commands, a Django shell, QuerySet.update(), bulk_create() and raw SQL alike.
On PostgreSQL they are constraint triggers deferred to the commit, so the version rows are the
last locks a transaction takes (concurrent editors cannot deadlock on them) and the tokens
change at the moment the change becomes visible.

`install()` runs after every `migrate` (digest.signals): SQLite drops a table's triggers when a
migration rebuilds the table, and the triggers always match this code.
"""

# For each table and event: (scope expression, FROM/WHERE clause, removal?). The expressions
# read the changed row as OLD or NEW; removal marks changes that delete or hide content.
VISIBILITY_CHANGED = (
    "OLD.status <> NEW.status OR OLD.year <> NEW.year OR OLD.week <> NEW.week OR {old_publish_at} "
)
# Entries and picks: a row belongs to one issue, and moving it takes it away from the old one.
PART_OF_AN_ISSUE = {
    "INSERT": [("'issue:' || NEW.issue_id", "", False)],
    "UPDATE": [
        ("'issue:' || NEW.issue_id", "", False),
        ("'issue:' || OLD.issue_id", "WHERE OLD.issue_id <> NEW.issue_id", True),
    ],
    "DELETE": [("'issue:' || OLD.issue_id", "", True)],
}


def _visible_in(row, where="", removal=False):
    """The year, week number and week visibility scopes of an issue row (OLD or NEW)."""
    return [
        (f"'visible-year:' || {row}.year", where, removal),
        (f"'visible-week:' || {row}.week", where, removal),
        (f"'visible-at:' || {row}.year || '-' || {row}.week", where, removal),
    ]


# The section of an entry added, deleted or moved (to another section or issue).
ENTRY_PLACE_CHANGED = "WHERE OLD.section_id <> NEW.section_id OR OLD.issue_id <> NEW.issue_id"
SECTION_OF_THE_ENTRY = {
    "INSERT": [("'section:' || NEW.section_id", "", False)],
    "UPDATE": [
        ("'section:' || NEW.section_id", ENTRY_PLACE_CHANGED, False),
        ("'section:' || OLD.section_id", ENTRY_PLACE_CHANGED, True),
    ],
    "DELETE": [("'section:' || OLD.section_id", "", True)],
}
# The sections and the tags of an issue's entries (e), when the issue's visibility changes.
ITS_ENTRIES_SHOWN_OR_HIDDEN = f"WHERE e.issue_id = NEW.id AND ({VISIBILITY_CHANGED})"
SECTIONS_OF_THE_ISSUE = (
    "'section:' || e.section_id",
    f"FROM digest_entry e {ITS_ENTRIES_SHOWN_OR_HIDDEN}",
    True,
)
TAGS_OF_THE_ISSUE = (
    "'tag:' || t.tag_id",
    "FROM digest_taggedentry t JOIN digest_entry e ON e.id = t.content_object_id "
    + ITS_ENTRIES_SHOWN_OR_HIDDEN,
    True,
)
# The tags of an entry moved to another issue, and the tag index counting them.
ENTRY_MOVED = (
    "FROM digest_taggedentry t WHERE t.content_object_id = NEW.id AND OLD.issue_id <> NEW.issue_id"
)
TAGS_OF_THE_ENTRY = [("'tag:' || t.tag_id", ENTRY_MOVED, True), ("'tags'", ENTRY_MOVED, True)]
RULES = {
    "digest_issue": {
        "INSERT": [
            ("'issue:' || NEW.id", "", False),
            ("'visibility'", "", False),
            *_visible_in("NEW"),
        ],
        "UPDATE": [
            ("'issue:' || NEW.id", "", False),
            ("'issue:' || NEW.id", f"WHERE {VISIBILITY_CHANGED}", True),
            ("'issue-link:' || NEW.id", "WHERE OLD.title <> NEW.title", False),
            ("'visibility'", f"WHERE {VISIBILITY_CHANGED}", True),
            *_visible_in("NEW", f"WHERE {VISIBILITY_CHANGED}", True),
            *_visible_in("OLD", f"WHERE {VISIBILITY_CHANGED}", True),
            TAGS_OF_THE_ISSUE,
            SECTIONS_OF_THE_ISSUE,
        ],
        "DELETE": [
            ("'issue:' || OLD.id", "", True),
            ("'visibility'", "", True),
            *_visible_in("OLD", removal=True),
        ],
    },
    "digest_entry": {
        "INSERT": [*PART_OF_AN_ISSUE["INSERT"], *SECTION_OF_THE_ENTRY["INSERT"]],
        "UPDATE": [
            *PART_OF_AN_ISSUE["UPDATE"],
            *SECTION_OF_THE_ENTRY["UPDATE"],
            *TAGS_OF_THE_ENTRY,
        ],
        "DELETE": [*PART_OF_AN_ISSUE["DELETE"], *SECTION_OF_THE_ENTRY["DELETE"]],
    },
    "digest_pick": PART_OF_AN_ISSUE,
    "digest_taggedentry": {
        "INSERT": [
            ("'tag:' || NEW.tag_id", "", False),
            ("'tags'", "", False),
            (
                "'issue:' || e.issue_id",
                "FROM digest_entry e WHERE e.id = NEW.content_object_id",
                False,
            ),
        ],
        "UPDATE": [
            ("'tag:' || NEW.tag_id", "", False),
            ("'tag:' || OLD.tag_id", "", True),
            ("'tags'", "", True),
            (
                "'issue:' || e.issue_id",
                "FROM digest_entry e WHERE e.id IN (OLD.content_object_id, NEW.content_object_id)",
                True,
            ),
        ],
        "DELETE": [
            ("'tag:' || OLD.tag_id", "", True),
            ("'tags'", "", True),
            (
                "'issue:' || e.issue_id",
                "FROM digest_entry e WHERE e.id = OLD.content_object_id",
                True,
            ),
        ],
    },
    "taggit_tag": {
        "INSERT": [("'tags'", "", False)],
        "UPDATE": [
            ("'tag:' || NEW.id", "", False),
            ("'tags'", "", False),
            (
                "'issue:' || e.issue_id",
                "FROM digest_taggedentry t JOIN digest_entry e ON e.id = t.content_object_id "
                "WHERE t.tag_id = NEW.id",
                False,
            ),
        ],
        "DELETE": [("'tag:' || OLD.id", "", True), ("'tags'", "", True)],
    },
    "digest_section": {
        "INSERT": [("'sections'", "", False)],
        "UPDATE": [("'sections'", "", False)],
        "DELETE": [("'sections'", "", True)],
    },
}
TABLES = list(RULES)


def statements(vendor, table, event):
    """The SQL statements that renew the scopes a change of `table` by `event` touches."""
    if vendor == "sqlite":
        new_token = "lower(hex(randomblob(16)))"
        old_publish_at = "OLD.publish_at IS NOT NEW.publish_at"
    else:
        new_token = "md5(random()::text || clock_timestamp()::text)"
        old_publish_at = "OLD.publish_at IS DISTINCT FROM NEW.publish_at"
    # Every change renews "content"; its removal token goes with any removal of the change.
    rules = [("'content'", "", False), *RULES[table][event]]
    # (Rules reading other tables come with rules of the same change on the row itself.)
    removals = {
        where
        for scope, where, removal in RULES[table][event]
        if removal and not where.startswith("FROM")
    }
    rules += [("'content'", where, True) for where in sorted(removals)]
    result = []
    for scope, where, removal in rules:
        where = where.replace("{old_publish_at}", old_publish_at)
        update = "token = excluded.token" + (", removal = excluded.removal" if removal else "")
        # Each scope once per statement (ON CONFLICT may touch a row only once); the outer
        # WHERE is also what lets SQLite parse ON CONFLICT after a SELECT.
        changed = f"(SELECT DISTINCT {scope} AS scope {where}) AS changed WHERE scope IS NOT NULL"
        result.append(
            f"INSERT INTO digest_contentversion (scope, token, removal) "
            f"SELECT scope, {new_token}, {new_token} FROM {changed} "
            f"ON CONFLICT (scope) DO UPDATE SET {update};"
        )
        # And queue the scope for the HTTP cache in front of the site (digest.cdn).
        result.append(
            f"INSERT INTO digest_pendingpurge (scope, token) SELECT scope, {new_token} "
            f"FROM {changed} ON CONFLICT (scope) DO UPDATE SET token = excluded.token;"
        )
    return result


def postgres_function(table):
    blocks = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        body = "\n        ".join(statements("postgresql", table, event))
        blocks.append(f"IF TG_OP = '{event}' THEN\n        {body}\n    END IF;")
    return (
        f"CREATE OR REPLACE FUNCTION digest_{table}_changed() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$\nBEGIN\n    "
        + "\n    ".join(blocks)
        + "\n    RETURN NULL;\nEND\n$$;"
    )


def install(connection):
    """Create the triggers, replacing any earlier ones (idempotent)."""
    remove(connection)
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    body = " ".join(statements("sqlite", table, event))
                    cursor.execute(
                        f"CREATE TRIGGER digest_content_changed_{table}_{event.lower()} "
                        f"AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END"
                    )
            elif connection.vendor == "postgresql":
                cursor.execute(postgres_function(table))
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER digest_content_changed "
                    f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                    f"EXECUTE FUNCTION digest_{table}_changed()"
                )
        # Other databases get no triggers; the page cache's system check refuses them.


def remove(connection):
    """Drop the triggers."""
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS digest_content_changed_{table}_{event}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS digest_content_changed ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS digest_{table}_changed()")
