"""The ledger: documents, mentions, places, actors, claims and evidence in SQLite, with migrations (#2), or on a
PostgreSQL server for a team (#12: a `postgresql://` URL; the same statements, translated by `contested.pg`).

One transaction per document, so a run killed mid-way leaves whole documents only and a re-run adds
the rest; a document already present (same normalised-text hash) adds nothing.

>>> ledger = Ledger.open("contested.db")          # doctest: +SKIP
>>> ledger.add_document(processed)                # doctest: +SKIP
'added'
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contested import pg
from contested.errors import LedgerError
from contested.model import Claim, Document, PlaceMention

DEFAULT_DB = "contested.db"
# Up to this size every open runs PRAGMA quick_check (about 5 ms a MB); a larger ledger (100k reports are about
# 1 GB) gets a check of its header and schema on open, and the whole check from `contested check`
QUICK_CHECK_BYTES = 64 * 1024 * 1024

MIGRATIONS: list[str] = [
    # 1: the claim ledger (#2)
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY, source TEXT, published TEXT, url TEXT, title TEXT, language TEXT,
        origin TEXT, text TEXT NOT NULL, ingested_at TEXT NOT NULL);
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE places (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, geonameid INTEGER, name TEXT NOT NULL,
        lat REAL, lon REAL, country TEXT, admin1 TEXT, admin2 TEXT, admin1_name TEXT, admin2_name TEXT,
        feature_class TEXT, feature_code TEXT, population INTEGER);
    CREATE INDEX places_name ON places(name COLLATE NOCASE);
    CREATE INDEX places_admin1 ON places(admin1_name COLLATE NOCASE);
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), sentence INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT, relation TEXT,
        place_id INTEGER REFERENCES places(id), confidence REAL, precision TEXT, reasons TEXT,
        candidates TEXT);
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE INDEX mentions_place ON mentions(place_id);
    CREATE INDEX mentions_text ON mentions(text COLLATE NOCASE);
    CREATE TABLE actors (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, side TEXT,
        UNIQUE(name, kind, side));
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), sentence INTEGER NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE(doc_id, start, end));
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),
        evidence_id INTEGER NOT NULL REFERENCES evidence(id), actor_id INTEGER NOT NULL REFERENCES actors(id),
        claimant_text TEXT, claimant_start INTEGER, claimant_end INTEGER, stance TEXT NOT NULL,
        event_type TEXT NOT NULL, agent_side TEXT, agent_basis TEXT, negated INTEGER NOT NULL,
        trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER, time_text TEXT, time_start TEXT,
        time_end TEXT, time_granularity TEXT, hedges TEXT NOT NULL, reporting_verb TEXT);
    CREATE INDEX claims_doc ON claims(doc_id);
    CREATE INDEX claims_type ON claims(event_type);
    CREATE TABLE claim_places (
        claim_id INTEGER NOT NULL REFERENCES claims(id), mention_id INTEGER NOT NULL REFERENCES mentions(id),
        position INTEGER NOT NULL, PRIMARY KEY (claim_id, position));
    CREATE INDEX claim_places_mention ON claim_places(mention_id);
    """,
    # 2: propositions and contradictions, recomputed from the claims by `reconcile.refresh` (#4)
    """
    CREATE TABLE propositions (
        id INTEGER PRIMARY KEY, place_key TEXT NOT NULL, label TEXT NOT NULL, event_type TEXT NOT NULL,
        agent_side TEXT, claimant_side TEXT, stance TEXT NOT NULL, first_day TEXT, last_day TEXT,
        reports INTEGER NOT NULL, independent INTEGER NOT NULL, publishers INTEGER NOT NULL);
    CREATE INDEX propositions_place ON propositions(place_key);
    CREATE TABLE proposition_claims (
        proposition_id INTEGER NOT NULL REFERENCES propositions(id), claim_id INTEGER NOT NULL REFERENCES claims(id),
        PRIMARY KEY (proposition_id, claim_id));
    CREATE TABLE contradictions (
        id INTEGER PRIMARY KEY, a INTEGER NOT NULL REFERENCES propositions(id),
        b INTEGER NOT NULL REFERENCES propositions(id), why TEXT NOT NULL);
    """,
    # 3: one row per (claim, place) with what reconciliation reads, so a status table is one scan (#4)
    """
    CREATE TABLE claim_facts (
        claim_id INTEGER NOT NULL REFERENCES claims(id), place_key TEXT NOT NULL, label TEXT NOT NULL,
        place_id INTEGER, admin1 TEXT, claimant TEXT NOT NULL, kind TEXT NOT NULL, claimant_side TEXT,
        source TEXT, stance TEXT NOT NULL, event_type TEXT NOT NULL, agent_side TEXT, hedges INTEGER NOT NULL,
        day TEXT);
    CREATE INDEX claim_facts_day ON claim_facts(day);
    CREATE INDEX claim_facts_place ON claim_facts(place_key);
    """,
    # 4: the organisation a named person speaks for ("Viktor Trehubov, representing the Dnipro OSG") (#2)
    """
    ALTER TABLE claims ADD COLUMN claimant_affiliation TEXT;
    """,
    # 5: indexes for refreshing the propositions of a few places (foreign-key checks on delete) (#4)
    """
    CREATE INDEX contradictions_a ON contradictions(a);
    CREATE INDEX contradictions_b ON contradictions(b);
    CREATE INDEX claim_facts_claim ON claim_facts(claim_id);
    """,
    # 6: documents whose places' propositions are not yet recomputed; a run stopped before its refresh
    # leaves them here for the next one (#4)
    """
    CREATE TABLE reconcile_pending (doc_id TEXT PRIMARY KEY REFERENCES documents(id));
    INSERT INTO reconcile_pending SELECT id FROM documents;
    """,
    # 7: a mention's role (place, locator, route) and the locator that places it ("south of Sudzha") (#7)
    """
    ALTER TABLE mentions ADD COLUMN role TEXT NOT NULL DEFAULT 'place';
    ALTER TABLE mentions ADD COLUMN locator TEXT;
    """,
    # 8: one actor one row: UNIQUE(name, kind, side) let every claim by a speaker without a side add a row, since
    # NULLs are distinct in SQLite's UNIQUE (#10)
    """
    UPDATE claims SET actor_id = (SELECT MIN(b.id) FROM actors a JOIN actors b
        ON b.name = a.name AND b.kind = a.kind AND b.side IS a.side WHERE a.id = claims.actor_id);
    DELETE FROM actors WHERE id NOT IN (SELECT MIN(id) FROM actors GROUP BY name, kind, side);
    CREATE UNIQUE INDEX actors_one ON actors(name, kind, COALESCE(side, ''));
    """,
    # 9: what a claim is about, the place itself or "the X direction" (the policy's `scope`), and unresolved
    # names keyed by Unicode case folding (SQLite's lower() folds ASCII only); every place is recomputed (#9)
    """
    ALTER TABLE claim_facts ADD COLUMN scope TEXT;
    DELETE FROM claim_facts;
    INSERT INTO claim_facts {FACTS_SELECT};
    INSERT OR IGNORE INTO reconcile_pending SELECT id FROM documents;
    """,
    # 10: what built the ledger: profile (with its text), lexicon, policy, model, gazetteer (#9)
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, recorded_at TEXT NOT NULL);
    """,
    # 11: the word that names a claim's place ("attacked from X", "advanced toward X") and the claim's trigger
    # ("counterattacked"), which policy rules may match; every place is recomputed
    """
    ALTER TABLE claim_facts ADD COLUMN relation TEXT;
    ALTER TABLE claim_facts ADD COLUMN trigger_text TEXT;
    DELETE FROM claim_facts;
    INSERT INTO claim_facts {FACTS_SELECT};
    INSERT OR IGNORE INTO reconcile_pending SELECT id FROM documents;
    """,
    # 12: how many places the claim names ("attacked near A, B, ... and H": a roundup weighs less for each, as the
    # policy's `roundup` says); every place is recomputed (#9)
    """
    ALTER TABLE claim_facts ADD COLUMN places INTEGER NOT NULL DEFAULT 1;
    DELETE FROM claim_facts;
    INSERT INTO claim_facts {FACTS_SELECT};
    INSERT OR IGNORE INTO reconcile_pending SELECT id FROM documents;
    """,
]

# What `claim_facts` holds, from the normalised tables (used by migration 3 and by `add_document`). Control is
# decided place by place, not for a whole country, so country-level mentions get no status.
CLAIM_DAY_SQL = "COALESCE(c.time_end, c.time_start, d.published)"  # the day a claim is about, else published
# Each (claim, place) with its claim, mention, place, document and speaker (aliases c, m, p, d, a).
CLAIM_PLACE_JOINS = """
    FROM claim_places cp JOIN claims c ON c.id = cp.claim_id JOIN mentions m ON m.id = cp.mention_id
    LEFT JOIN places p ON p.id = m.place_id JOIN documents d ON d.id = c.doc_id JOIN actors a ON a.id = c.actor_id
"""
# a country or continent gets no status ("across Ukraine", "Europe"): control is decided place by place; nor
# does water (GeoNames class H: "the Black Sea", "the Oskil River", a reservoir) or the sea floor (U)
STATUS_PLACES_SQL = ("COALESCE(m.kind, '') NOT IN ('country', 'water') "
                     "AND COALESCE(m.precision, '') NOT IN ('country', 'continent') "
                     "AND COALESCE(p.feature_class, '') NOT IN ('H', 'U')")
# How precisely a claim names its place: "the Pokrovsk direction" is not Pokrovsk (the policy's `scope` weighs it)
SCOPE_SQL = "CASE WHEN m.kind = 'direction' THEN 'direction' ELSE COALESCE(m.precision, 'settlement') END"
# The place key: a resolved place by its id, an unresolved name by its case-folded text (`reconcile.place_key`)
PLACE_KEY_SQL = "CASE WHEN m.place_id IS NOT NULL THEN 'id:' || m.place_id ELSE 'text:' || casefold(m.text) END"
_FACTS_COLUMNS = f"""
    SELECT c.id, {PLACE_KEY_SQL}, COALESCE(p.name, m.text), m.place_id, p.admin1_name, a.name, a.kind, a.side,
           d.source, c.stance, c.event_type, c.agent_side, json_array_length(c.hedges), {CLAIM_DAY_SQL}, {SCOPE_SQL}"""
_FACTS_FROM = f"{CLAIM_PLACE_JOINS} WHERE {STATUS_PLACES_SQL}"


def _aliased(sql: str) -> str:
    """A fragment over the aliases m and p rewritten for m2 and p2 (a subquery over the same tables)."""
    return re.sub(r"\b([mp])\.", r"\g<1>2.", sql)


# How many distinct places the claim `c` names that could get a status (what `STATUS_PLACES_SQL` lets through)
CLAIM_PLACES_SQL = f"""(SELECT COUNT(DISTINCT {_aliased(PLACE_KEY_SQL)}) FROM claim_places cp2
    JOIN mentions m2 ON m2.id = cp2.mention_id LEFT JOIN places p2 ON p2.id = m2.place_id
    WHERE cp2.claim_id = c.id AND {_aliased(STATUS_PLACES_SQL)})"""
FACTS_SELECT = f"{_FACTS_COLUMNS}, m.relation, c.trigger_text, {CLAIM_PLACES_SQL} {_FACTS_FROM}"
# each migration fills the table as it stood then (migration 9 had no `relation` or `trigger` column yet, 11 no
# `places`)
MIGRATIONS[8] = MIGRATIONS[8].replace("{FACTS_SELECT}", f"{_FACTS_COLUMNS} {_FACTS_FROM}")
MIGRATIONS[10] = MIGRATIONS[10].replace("{FACTS_SELECT}",
                                        f"{_FACTS_COLUMNS}, m.relation, c.trigger_text {_FACTS_FROM}")
MIGRATIONS[11] = MIGRATIONS[11].replace("{FACTS_SELECT}", FACTS_SELECT)


def casefold(text: str | None) -> str | None:
    """Unicode case folding, as SQL function `casefold` on every ledger connection (Python's, so both agree)."""
    return text.casefold() if text is not None else None


def _wal(conn: sqlite3.Connection, seconds: float = 60.0) -> None:
    """Switch to write-ahead logging. SQLite answers "database is locked" to this at once, without waiting out the
    busy timeout, while another process creates the same new ledger; so wait here, as long as the timeout."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def default_db_path() -> str:
    """The ledger named by CONTESTED_DB (a file, or a postgresql:// URL), else ./contested.db."""
    return os.environ.get("CONTESTED_DB") or DEFAULT_DB


def _read_only(path: Path) -> bool:
    """An existing ledger we may not write, or whose folder we may not write (SQLite's journal lives beside it)."""
    def may_write(p: Path) -> bool:
        return os.access(p, os.W_OK, effective_ids=os.access in os.supports_effective_ids)

    return path.exists() and not (may_write(path) and may_write(path.parent))


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


class Ledger:
    """A SQLite or PostgreSQL ledger; `Ledger.open` creates or migrates it."""

    def __init__(self, conn: Any, path: str, readonly: bool = False) -> None:
        self.conn: sqlite3.Connection = conn  # or a pg.PgConnection, which takes the same calls
        self.path = path
        self.readonly = readonly
        self.postgres = isinstance(conn, pg.PgConnection)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Ledger:
        """Open (creating or migrating) the ledger; a damaged file is a LedgerError, a read-only one reads only."""
        target = str(path or default_db_path())
        if pg.is_url(target):
            return cls._open_postgres(target)
        readonly = _read_only(Path(target))
        try:
            if readonly:
                # immutable: no -shm to create beside a file nobody may write (and nobody is writing)
                conn = sqlite3.connect(f"{Path(target).resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                       isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA busy_timeout=60000")
                _wal(conn)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.create_function("casefold", 1, casefold, deterministic=True)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # reads the header and schema, or raises
            check = ["ok"]
            if (os.path.getsize(target) if os.path.exists(target) else 0) <= QUICK_CHECK_BYTES:
                check = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
        except sqlite3.Error as exc:
            raise LedgerError(f"cannot open the ledger at {target}: {exc} (not a contested ledger, or damaged)"
                              ) from exc
        if check != ["ok"]:
            raise LedgerError(f"the ledger at {target} is damaged ({'; '.join(check)}): restore it from a backup, "
                              "or ingest the reports again into a new ledger")
        ledger = cls(conn, target, readonly)
        ledger.migrate()
        return ledger

    @classmethod
    def _open_postgres(cls, url: str) -> Ledger:
        try:
            conn = pg.PgConnection(url)
        except sqlite3.Error as exc:
            raise LedgerError(f"cannot open the ledger at {pg.redacted(url)}: {exc}") from exc
        ledger = cls(conn, pg.redacted(url))
        ledger.migrate()
        return ledger

    def check(self) -> list[str]:
        """Problems SQLite's quick_check finds in every page (["ok"] when none); a PostgreSQL server checks its own."""
        if self.postgres:
            return ["ok"] if self.conn.execute("SELECT 1").fetchone() else ["no answer from the server"]
        try:
            return [r[0] for r in self.conn.execute("PRAGMA quick_check(10)")]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]

    def writable(self) -> None:
        """Raise a clear LedgerError when this ledger cannot be written."""
        if self.readonly:
            raise LedgerError(f"the ledger at {self.path} is read-only: reading works, but it cannot be written to "
                              "(check the file's and its folder's permissions)")

    def _applied(self) -> int:
        try:
            return int(self.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0])
        except sqlite3.OperationalError:  # a new ledger: no table yet
            return 0

    def migrate(self) -> int:
        """Apply the migrations not yet applied; returns the schema version."""
        if self._applied() >= len(MIGRATIONS):
            return len(MIGRATIONS)  # nothing to do: no write lock taken (readers never wait on a writer here)
        if self.readonly:
            raise LedgerError(f"the ledger at {self.path} is read-only and from an older version of contested: "
                              "open it once with write access to upgrade it")
        try:
            # The write lock first, then what is done: processes opening a new ledger together take turns (the
            # busy timeout), and the later ones find the migrations applied instead of racing to apply them
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise LedgerError(f"cannot lock the ledger at {self.path} to migrate it: {exc}") from exc
        version = 0
        try:
            for function in pg.FUNCTIONS if self.postgres else []:
                self.conn.execute(function)
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                              "applied_at TEXT)")
            done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, sql in enumerate(MIGRATIONS, start=1):
                if version in done:
                    continue
                for statement in sql.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?)",
                                  (version, datetime.now(UTC).isoformat()))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise LedgerError(f"migration {version} failed: {exc}") from exc
        return len(MIGRATIONS)

    def close(self) -> None:
        self.conn.close()

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    # --- writing --------------------------------------------------------------------------------
    def add_document(self, document: Document, mentions: list[PlaceMention], claims: list[Claim]) -> str:
        """Store a processed document in one transaction: 'added' or 'duplicate'."""
        if self.has_document(document.id):
            return "duplicate"
        self.writable()
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if self.has_document(document.id):  # another process got there first
                c.execute("ROLLBACK")
                return "duplicate"
            c.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                      (document.id, document.source, _iso(document.published), document.url, document.title,
                       document.language, document.origin, document.text, datetime.now(UTC).isoformat()))
            mention_ids = {id(m): self._add_mention(document.id, m) for m in mentions}
            for claim in claims:
                self._add_claim(claim, mention_ids)
            c.execute(f"INSERT INTO claim_facts {FACTS_SELECT} AND c.doc_id = ?", (document.id,))
            c.execute("INSERT INTO reconcile_pending VALUES (?)", (document.id,))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return "added"

    def _place_id(self, m: PlaceMention) -> int | None:
        place = m.resolution.place if m.resolution else None
        if place is None:
            return None
        key = f"gn:{place.geonameid}" if place.geonameid else f"adm:{place.country}.{place.admin1}.{place.feature_code}"
        # looked up first, not upserted: PostgreSQL would spend an id on every upsert, and ids are place keys
        row = self.conn.execute("SELECT id FROM places WHERE key=?", (key,)).fetchone()
        if row:
            self.conn.execute("UPDATE places SET name=?, lat=?, lon=?, admin1_name=?, admin2_name=?, feature_code=? "
                              "WHERE id=?", (place.name, place.lat, place.lon, place.admin1_name, place.admin2_name,
                                             place.feature_code, row[0]))
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO places(key, geonameid, name, lat, lon, country, admin1, admin2, admin1_name, admin2_name, "
            "feature_class, feature_code, population) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, place.geonameid, place.name, place.lat, place.lon, place.country, place.admin1, place.admin2,
             place.admin1_name, place.admin2_name, place.feature_class, place.feature_code, place.population))
        return int(cur.lastrowid or 0)

    def _add_mention(self, doc_id: str, m: PlaceMention) -> int:
        res = m.resolution
        cands = [{"geonameid": p.geonameid, "name": p.name, "lat": p.lat, "lon": p.lon, "admin1": p.admin1_name,
                  "population": p.population} for p in (res.candidates if res else [])[:20]]
        cur = self.conn.execute(
            "INSERT INTO mentions(doc_id, sentence, start, end, text, kind, relation, place_id, confidence, "
            "precision, reasons, candidates, role, locator) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc_id, m.sentence, m.span.start, m.span.end, m.span.text, m.kind, m.relation, self._place_id(m),
             res.confidence if res else None, res.precision if res and res.place else None,
             json.dumps(res.reasons if res else []), json.dumps(cands), m.role,
             json.dumps(m.locator.to_record()) if m.locator else None))
        return int(cur.lastrowid or 0)

    def _add_claim(self, claim: Claim, mention_ids: dict[int, int]) -> None:
        c = self.conn
        ev = claim.evidence
        c.execute("INSERT OR IGNORE INTO evidence(doc_id, sentence, start, end, text) VALUES (?,?,?,?,?)",
                  (claim.doc_id, claim.sentence, ev.start, ev.end, ev.text))
        evidence_id = c.execute("SELECT id FROM evidence WHERE doc_id=? AND start=? AND end=?",
                                (claim.doc_id, ev.start, ev.end)).fetchone()[0]
        cl = claim.claimant
        c.execute("INSERT OR IGNORE INTO actors(name, kind, side) VALUES (?,?,?)", (cl.name, cl.kind, cl.side))
        actor_id = c.execute("SELECT id FROM actors WHERE name=? AND kind=? AND side IS ?",
                             (cl.name, cl.kind, cl.side)).fetchone()[0]
        e, t = claim.event, claim.time
        cur = c.execute(
            "INSERT INTO claims(doc_id, evidence_id, actor_id, claimant_text, claimant_start, claimant_end, stance, "
            "event_type, agent_side, agent_basis, negated, trigger_text, trigger_start, trigger_end, time_text, "
            "time_start, time_end, time_granularity, hedges, reporting_verb, claimant_affiliation) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (claim.doc_id, evidence_id, actor_id, cl.text, cl.start, cl.end, claim.stance, e.type, e.agent_side,
             e.agent_basis, int(e.negated), e.trigger.text if e.trigger else None,
             e.trigger.start if e.trigger else None, e.trigger.end if e.trigger else None, t.text,
             _iso(t.start), _iso(t.end), t.granularity, json.dumps(claim.hedges), claim.reporting_verb,
             cl.affiliation))
        for pos, m in enumerate(claim.places):
            c.execute("INSERT INTO claim_places VALUES (?,?,?)", (cur.lastrowid, mention_ids[id(m)], pos))

    def record_settings(self, values: dict[str, str]) -> None:
        """Record what built the ledger (`contested.settings` decides what)."""
        if not values:
            return
        self.writable()
        now = datetime.now(UTC).isoformat()
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany("INSERT INTO settings VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                                  "value = excluded.value, recorded_at = excluded.recorded_at",
                                  [(k, v, now) for k, v in values.items()])

    def settings(self) -> dict[str, str]:
        return {k: v for k, v in self.conn.execute("SELECT key, value FROM settings")}

    # --- reading --------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in ("documents", "mentions", "places", "actors", "claims", "evidence")}

    def claim_records(self, place: str | None = None, doc_id: str | None = None, *, place_key: str | None = None,
                      side: str | None = None, stance: str | None = None, event: str | None = None,
                      claimant_kind: str | None = None, since: str | None = None, until: str | None = None,
                      source: str | None = None, text: str | None = None, limit: int | None = None,
                      offset: int = 0) -> Iterator[dict[str, Any]]:
        """Claims as JSON Lines records (the README's contract), with ledger ids, in document order.

        `place` matches a mention's text or its resolved place's name, case-insensitively; `place_key` a stored
        place; `side` the claimant's side; `since`/`until` the publication date; `text` a words in the evidence.
        Every filter is a bound parameter; the order (publication, document, offset, id) is stable for paging.
        """
        where: list[str] = []
        args: list[Any] = []
        if place:
            where.append("c.id IN (SELECT cp.claim_id FROM claim_places cp JOIN mentions m ON m.id=cp.mention_id "
                         "LEFT JOIN places p ON p.id=m.place_id WHERE m.text=? COLLATE NOCASE "
                         "OR p.name=? COLLATE NOCASE)")
            args += [place, place]
        if place_key:
            where.append("c.id IN (SELECT claim_id FROM claim_facts WHERE place_key = ?)")
            args.append(place_key)
        for column, value in (("c.doc_id", doc_id), ("a.side", side), ("c.stance", stance), ("c.event_type", event),
                              ("a.kind", claimant_kind), ("d.source", source)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        if since:
            where.append("d.published >= ?")
            args.append(since)
        if until:
            where.append("d.published <= ?")
            args.append(until)
        if text:
            where.append("ev.text LIKE ? ESCAPE '\\'")
            args.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        sql = ("SELECT c.id, c.doc_id, d.source, d.published, ev.sentence, ev.text, ev.start, ev.end, c.claimant_text, "
               "a.name, a.kind, a.side, c.stance, c.hedges, c.event_type, c.agent_side, c.negated, c.agent_basis, "
               "c.time_text, c.time_start, c.time_end, c.time_granularity, c.reporting_verb, d.url, d.title, "
               "c.claimant_affiliation, c.trigger_text, c.trigger_start, c.trigger_end "
               "FROM claims c JOIN documents d ON d.id=c.doc_id JOIN evidence ev ON ev.id=c.evidence_id "
               "JOIN actors a ON a.id=c.actor_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published, c.doc_id, ev.start, c.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        rows = self.conn.execute(sql, args).fetchall()
        places = self._claim_places([r[0] for r in rows])
        for r in rows:
            yield {
                "id": r[0], "doc_id": r[1], "source": r[2], "published": r[3], "sentence": r[4],
                "evidence": {"text": r[5], "start": r[6], "end": r[7]},
                "claimant": {"text": r[8], "name": r[9], "kind": r[10], "side": r[11], "affiliation": r[25]},
                "stance": r[12], "reporting_verb": r[22], "hedges": json.loads(r[13]),
                "event": {"type": r[14], "agent_side": r[15], "negated": bool(r[16]), "agent_basis": r[17]},
                "trigger": {"text": r[26], "start": r[27], "end": r[28]} if r[26] else None,
                "places": places.get(r[0], []),
                "time": {"text": r[18], "start": r[19], "end": r[20], "granularity": r[21]},
                "url": r[23], "title": r[24],
            }

    def _claim_places(self, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {}
        if not claim_ids:
            return out
        for chunk_start in range(0, len(claim_ids), 900):
            chunk = claim_ids[chunk_start:chunk_start + 900]
            rows = self.conn.execute(
                "SELECT cp.claim_id, m.text, m.start, m.end, p.geonameid, p.name, p.lat, p.lon, p.country, "
                "p.admin1_name, p.admin2_name, p.feature_code, m.confidence, m.precision, m.reasons, m.kind, p.id, "
                "m.locator "
                "FROM claim_places cp JOIN mentions m ON m.id=cp.mention_id LEFT JOIN places p ON p.id=m.place_id "
                f"WHERE cp.claim_id IN ({','.join('?' * len(chunk))}) ORDER BY cp.claim_id, cp.position", chunk)
            for r in rows:
                out.setdefault(r[0], []).append({
                    "text": r[1], "start": r[2], "end": r[3], "geonameid": r[4], "name": r[5], "lat": r[6],
                    "lon": r[7], "country": r[8], "admin1": r[9], "admin2": r[10], "feature_code": r[11],
                    "confidence": r[12], "precision": r[13], "reasons": json.loads(r[14] or "[]"),
                    "kind": r[15], "place_id": r[16], "locator": json.loads(r[17]) if r[17] else None})
        return out

    def place_rows(self, name: str) -> list[dict[str, Any]]:
        """Mentions of a name (text or resolved name) with where they were placed and why."""
        rows = self.conn.execute(
            "SELECT m.doc_id, m.text, m.kind, m.confidence, m.precision, m.reasons, m.candidates, p.geonameid, "
            "p.name, p.lat, p.lon, p.admin1_name, p.admin2_name, p.country, p.feature_code, d.source, d.published "
            "FROM mentions m LEFT JOIN places p ON p.id=m.place_id JOIN documents d ON d.id=m.doc_id "
            "WHERE m.text=? COLLATE NOCASE OR p.name=? COLLATE NOCASE ORDER BY d.published, m.start", (name, name))
        keys = ["doc_id", "text", "kind", "confidence", "precision", "reasons", "candidates", "geonameid", "name",
                "lat", "lon", "admin1", "admin2", "country", "feature_code", "source", "published"]
        out = []
        for r in rows:
            row = dict(zip(keys, r, strict=True))
            row["reasons"] = json.loads(row["reasons"] or "[]")
            row["candidates"] = json.loads(row["candidates"] or "[]")
            out.append(row)
        return out

    def document_text(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT text FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row[0] if row else None
