import os
import shutil
import tempfile
from pathlib import Path

from contested.ledger import MIGRATIONS, Ledger
from contested.model import Document


def test_migrations_apply_once(ledger_at):
    target = ledger_at("m")
    ledger = Ledger.open(target)
    assert ledger.migrate() == len(MIGRATIONS)
    again = Ledger.open(target)
    versions = [r[0] for r in again.conn.execute("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_same_report_twice_adds_nothing(pipeline, ledger_at):
    ledger = Ledger.open(ledger_at("d"))
    p = pipeline.process(Document("Russian troops captured Pokrovsk, Ukrainian officials said."))
    assert ledger.add_document(p.document, p.mentions, p.claims) == "added"
    before = ledger.counts()
    assert ledger.add_document(p.document, p.mentions, p.claims) == "duplicate"
    assert ledger.counts() == before


def test_sample_ledger_tables_are_filled(sample_ledger):
    counts = sample_ledger.counts()
    assert counts["documents"] == 1 and counts["claims"] >= 10 and counts["places"] >= 3
    assert counts["actors"] >= 5 and counts["evidence"] >= 8


def test_claims_about_a_place_by_text_or_name(sample_ledger):
    by_text = list(sample_ledger.claim_records(place="zaporizke"))
    assert {r["event"]["type"] for r in by_text} == {"CAPTURE", "CONTROL"}
    assert any(r["stance"] == "denies" for r in by_text)


def test_processes_opening_a_new_ledger_together_do_not_race_on_migrations(ledger_at):
    import subprocess
    import sys

    db = ledger_at("race")
    code = "import sys; from contested.ledger import Ledger; Ledger.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE) for _ in range(6)]
    errors = [p.communicate()[1].decode() for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    from contested.ledger import MIGRATIONS, Ledger

    ledger = Ledger.open(db)
    assert ledger.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_one_actor_is_one_row(pipeline, ledger_at):
    ledger = Ledger.open(ledger_at("a"))
    for town in ("Pokrovsk", "Toretsk", "Kupiansk"):  # an unnamed speaker has no side: NULL in the key
        p = pipeline.process(Document(f"Russian troops reportedly captured {town}, according to some reports."))
        ledger.add_document(p.document, p.mentions, p.claims)
    rows = ledger.conn.execute("SELECT name, kind, side, COUNT(*) FROM actors GROUP BY name, kind, side").fetchall()
    assert rows and all(n == 1 for *_, n in rows)
    assert ledger.conn.execute("SELECT COUNT(DISTINCT actor_id) FROM claims").fetchone()[0] == len(rows)


def test_an_old_ledger_with_repeated_actors_is_mended(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    Ledger.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM schema_migrations WHERE version = 8")
    conn.execute("DROP INDEX actors_one")
    conn.executemany("INSERT INTO actors(name, kind, side) VALUES (?, ?, NULL)", [("unnamed", "unnamed")] * 3)
    conn.commit()
    conn.close()
    ledger = Ledger.open(path)
    assert ledger.conn.execute("SELECT COUNT(*) FROM actors").fetchone()[0] == 1


def test_a_damaged_ledger_is_one_clear_error(tmp_path):
    import pytest

    from contested.errors import LedgerError

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    with pytest.raises(LedgerError, match="garbage.db"):
        Ledger.open(garbage)
    text = tmp_path / "notes.db"
    text.write_text("these are my notes, not a ledger\n" * 200)
    with pytest.raises(LedgerError, match="not a contested ledger"):
        Ledger.open(text)
    # a real ledger with a page overwritten in the middle
    path = tmp_path / "torn.db"
    ledger = Ledger.open(path)
    ledger.conn.executemany("INSERT INTO actors(name, kind, side) VALUES (?, 'person', 'UA')",
                            [(f"speaker {i} " + "x" * 200,) for i in range(400)])
    ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 5:page * 7] = os.urandom(page * 2)
    path.write_bytes(bytes(data))
    with pytest.raises(LedgerError, match="torn.db"):
        Ledger.open(path)


def test_a_read_only_ledger_reads_and_refuses_to_write(sample_ledger):
    import pytest
    from typer.testing import CliRunner

    from contested.cli import app
    from contested.errors import LedgerError

    if sample_ledger.postgres:
        pytest.skip("a ledger file's permissions (a PostgreSQL ledger's are the server's roles)")
    sample_ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = Path(tempfile.mkdtemp(prefix="contested-ro-"))  # in /tmp, so another user can reach it
    path = folder / "ro.db"
    shutil.copy(sample_ledger.path, path)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        if os.geteuid() == 0:  # root may write anything: prove it as another user
            os.seteuid(65534)
        ledger = Ledger.open(path)
        assert ledger.readonly and ledger.counts()["claims"] == sample_ledger.counts()["claims"]
        with pytest.raises(LedgerError, match="read-only"):
            ledger.writable()
        result = CliRunner().invoke(app, ["ingest", "-", "--db", str(path)], input="Fighting near Toretsk.\n")
        assert isinstance(result.exception, LedgerError) and "read-only" in str(result.exception)
        shown = CliRunner().invoke(app, ["claims", "--place", "Zaporizke", "--db", str(path)])
        assert shown.exit_code == 0 and "Zaporizke" in shown.output
    finally:
        if os.geteuid() != os.getuid():
            os.seteuid(os.getuid())
        folder.chmod(0o755)
        shutil.rmtree(folder)


def _picture(ledger: Ledger) -> tuple[list[tuple], list[tuple]]:
    """Propositions and contradictions in a form that does not depend on row ids."""
    props = {}
    for row in ledger.conn.execute(
            "SELECT pr.id, COALESCE(CAST(p.geonameid AS TEXT), pr.place_key), pr.event_type, pr.agent_side, "
            "pr.claimant_side, pr.stance, pr.first_day, pr.last_day, pr.reports, pr.independent, pr.publishers "
            "FROM propositions pr LEFT JOIN places p ON 'id:' || p.id = pr.place_key"):
        props[row[0]] = row[1:]
    pairs = [tuple(sorted([props[a], props[b]], key=repr)) + (why,)
             for a, b, why in ledger.conn.execute("SELECT a, b, why FROM contradictions")]
    return sorted(props.values(), key=repr), sorted(pairs, key=repr)


def test_concurrent_ingests_equal_one_sequential_run(tmp_path, ledger_at):
    import json
    import subprocess
    import sys

    towns = ["Pokrovsk", "Toretsk", "Kupiansk", "Chasiv Yar"]
    says = [("Russian forces captured {t}, the Russian Ministry of Defence claimed.", "TASS"),
            ("Ukrainian forces repelled assaults near {t}, the General Staff of Ukraine said.", "Ukrinform"),
            ("Ukrainian officials denied that Russian forces had captured {t}.", "Kyiv Independent"),
            ("Fighting continued near {t}, geolocated footage showed.", "ISW")]
    files = []
    for n in range(3):
        path = tmp_path / f"batch{n}.jsonl"
        lines = [json.dumps({"text": say.format(t=town) + f" Report {n}-{i}.", "source": source,
                             "published": f"2025-01-{10 + n + i:02d}"})
                 for i, (town, (say, source)) in enumerate(zip(towns, says[n:] + says[:n], strict=True))]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    together, alone = ledger_at("together"), ledger_at("alone")
    command = [sys.executable, "-m", "contested", "ingest"]
    procs = [subprocess.Popen([*command, str(f), "--db", str(together)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for f in files]
    outputs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    done = subprocess.run([*command, *map(str, files), "--db", str(alone)], capture_output=True)
    assert done.returncode == 0, done.stderr
    concurrent, sequential = Ledger.open(together), Ledger.open(alone)
    assert concurrent.counts() == sequential.counts() and concurrent.counts()["documents"] == 12
    assert concurrent.conn.execute("SELECT COUNT(*) FROM reconcile_pending").fetchone()[0] == 0
    props, pairs = _picture(concurrent)
    assert props and pairs
    assert (props, pairs) == _picture(sequential)


def test_a_refresh_never_overwrites_a_newer_one(pipeline, ledger_at, monkeypatch):
    """The lost update, forced: another writer stores a report and refreshes while this refresh is weighing."""
    import threading
    import time

    from contested.reconcile import clusters

    texts = ["Russian forces captured Toretsk, the Russian Ministry of Defence claimed.",
             "Ukrainian officials denied that Russian forces had captured Toretsk."]
    first, second = (pipeline.process(Document(t, source=s)) for t, s in zip(texts, ("TASS", "Ukrinform"),
                                                                               strict=True))
    path = ledger_at("race")
    mine, theirs = Ledger.open(path), Ledger.open(path)
    mine.add_document(first.document, first.mentions, first.claims)
    weigh = clusters.propositions
    other: list[threading.Thread] = []

    def weigh_slowly(facts, window):
        if not other:  # once, while this refresh is between reading and writing
            other.append(threading.Thread(target=lambda: (
                theirs.add_document(second.document, second.mentions, second.claims), clusters.refresh(theirs))))
            other[0].start()
            time.sleep(0.5)
        return weigh(facts, window)

    monkeypatch.setattr(clusters, "propositions", weigh_slowly)
    clusters.refresh(mine)
    other[0].join()
    monkeypatch.setattr(clusters, "propositions", weigh)
    stances = {r[0] for r in mine.conn.execute("SELECT stance FROM propositions")}
    assert stances == {"asserts", "denies"}  # both reports' claims are in the picture
    assert mine.conn.execute("SELECT COUNT(*) FROM contradictions").fetchone()[0] >= 1


def test_an_unreachable_postgresql_ledger_is_one_clear_error_without_the_password():
    import socket

    import pytest

    from contested.errors import LedgerError

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(LedgerError) as caught:
        Ledger.open(f"postgresql://analyst:hunter2@127.0.0.1:{port}/contested?connect_timeout=2")
    message = str(caught.value)
    assert "cannot open the ledger at postgresql://analyst:***@127.0.0.1" in message and "hunter2" not in message


def test_sqlite_idioms_are_translated_for_postgresql():
    from contested.pg import to_postgres

    assert to_postgres("INSERT OR IGNORE INTO actors(name) VALUES (?)") == \
        "INSERT INTO actors(name) VALUES (%s) ON CONFLICT DO NOTHING"
    assert to_postgres("SELECT 1 WHERE a.side IS ? AND b IS NOT 'ADM1' AND c IS NULL AND d IS NOT NULL") == \
        "SELECT 1 WHERE a.side IS NOT DISTINCT FROM %s AND b IS DISTINCT FROM 'ADM1' AND c IS NULL AND d IS NOT NULL"
    assert to_postgres("SELECT 'id:' || x, '50%' FROM t WHERE d <= :on") == \
        "SELECT 'id:' || x, '50%%' FROM t WHERE d <= %(on)s"
    assert to_postgres("SELECT id FROM evidence WHERE start=? AND end=? AND CASE WHEN 1 THEN 2 END = 2") == \
        'SELECT id FROM evidence WHERE start=%s AND "end"=%s AND CASE WHEN 1 THEN 2 END = 2'


def test_a_large_ledger_is_checked_in_full_by_contested_check(tmp_path, monkeypatch, capsys):
    """Above QUICK_CHECK_BYTES only the header is checked on open; `contested check` finds the torn pages, and a
    command that reads them says E300 instead of a traceback."""
    import sys

    import pytest
    from typer.testing import CliRunner

    from contested import cli
    from contested import ledger as ledger_module

    path = tmp_path / "big-torn.db"
    ledger = Ledger.open(path)
    ledger.conn.executemany("INSERT INTO documents(id, text, ingested_at) VALUES (?, ?, 'now')",
                            [(f"d{i}", "report text " * 40) for i in range(600)])
    ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()
    data = bytearray(path.read_bytes())
    data[4096 * 45:] = os.urandom(len(data) - 4096 * 45)  # the documents' pages, past every table's root page
    path.write_bytes(bytes(data))
    monkeypatch.setattr(ledger_module, "QUICK_CHECK_BYTES", 0)  # as if it were a 1 GB ledger
    opened = Ledger.open(path)
    assert opened.check() != ["ok"]
    result = CliRunner().invoke(cli.app, ["check", "--db", str(path)])
    assert result.exit_code == 1 and "damaged" in result.output
    monkeypatch.setattr(sys, "argv", ["contested", "status", "--db", str(path)])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 1 and "[E300]" in capsys.readouterr().err
    fresh = tmp_path / "fresh.db"
    Ledger.open(fresh).close()
    assert CliRunner().invoke(cli.app, ["check", "--db", str(fresh)]).exit_code == 0
