from contested.ledger import MIGRATIONS, Ledger
from contested.model import Document


def test_migrations_apply_once(tmp_path):
    ledger = Ledger.open(tmp_path / "m.db")
    assert ledger.migrate() == len(MIGRATIONS)
    again = Ledger.open(tmp_path / "m.db")
    versions = [r[0] for r in again.conn.execute("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_same_report_twice_adds_nothing(pipeline, tmp_path):
    ledger = Ledger.open(tmp_path / "d.db")
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


def test_processes_opening_a_new_ledger_together_do_not_race_on_migrations(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "race.db"
    code = "import sys; from contested.ledger import Ledger; Ledger.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE) for _ in range(6)]
    errors = [p.communicate()[1].decode() for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    from contested.ledger import MIGRATIONS, Ledger

    ledger = Ledger.open(db)
    assert ledger.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
