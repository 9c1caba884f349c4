"""The public surface: every command is in the README and runs on a real ledger."""

import json
import re

from typer.testing import CliRunner

from conftest import ROOT, SAMPLES, write_reports
from contested.cli import app

runner = CliRunner()


def commands():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    return names + [f"gazetteer {c.name}" for c in app.registered_groups[0].typer_instance.registered_commands]


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in commands() if not re.search(rf"contested {c}\b", readme)]
    assert not missing


def test_readme_opens_with_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


def run(*args, db):
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.output


def test_commands_on_the_sample(ledger_at):
    db = ledger_at("cli")
    assert "documents added: 1" in run("ingest", str(SAMPLES), "--source", "BBC", "--published", "2025-08-21", db=db)
    assert "Zaporizke" in run("claims", "--place", "Zaporizke", db=db)
    out = run("place", "Novohryhorivka", "--candidates", db=db)
    assert "not in the gazetteer for Dnipropetrovsk oblast" in out
    out = run("place", "Zaporizke", "--on", "2025-08-21", "--explain", db=db)
    assert "contested" in out and "hedged" in out
    assert "Novohryhorivka" in run("places", db=db)
    assert "Zaporizke" in run("status", "--on", "2025-08-21", "--region", "Dnipropetrovsk", db=db)
    assert "contested" in run("timeline", "Zaporizke", db=db)
    out = run("contradictions", db=db)
    assert "Zaporizke" in out and "1 independent source" in out
    assert "report(s)" in run("propositions", "--place", "Zaporizke", db=db)
    lines = run("export", "--format", "jsonl", db=db).strip().splitlines()
    assert all(json.loads(line)["doc_id"] for line in lines)
    assert json.loads(run("export", "--format", "geojson", db=db))["type"] == "FeatureCollection"
    assert run("export", "--format", "csv", db=db).startswith("event_date,")


def test_compare_with_a_control_polygon(tmp_path):
    db = tmp_path / "cmp.db"
    run("ingest", str(SAMPLES), "--published", "2025-08-21", db=db)
    area = {"type": "MultiPolygon", "coordinates": [[[[33.0, 47.0], [34.5, 47.0], [34.5, 48.0], [33.0, 48.0],
                                                       [33.0, 47.0]]]]}
    (tmp_path / "control_20250821.geojson").write_text(json.dumps(area))
    out = run("compare", str(tmp_path / "control_20250821.geojson"), "--side", "RU", db=db)
    assert "2025-08-21" in out and "contested" in out


def test_bad_input_exits_nonzero_with_a_clear_line(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "[E107]" in result.output


def test_one_failed_input_among_good_ones_still_exits_nonzero_and_counts(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(SAMPLES), str(tmp_path / "empty.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "[E101]" in result.output and "documents added: 1" in result.output
    assert "1 input(s) failed" in result.output


def test_a_bad_compare_file_is_a_clear_error(tmp_path):
    db = tmp_path / "cmp.db"
    run("ingest", str(SAMPLES), "--published", "2025-08-21", db=db)
    (tmp_path / "truth.csv").write_text("place,date,side\nZaporizke,2025-08-21,UA\nOrikhiv,21/08/2025,UA\n")
    (tmp_path / "cols.csv").write_text("name,day\nZaporizke,2025-08-21\n")
    (tmp_path / "list_20250821.geojson").write_text("[1, 2]")
    for name, expected in (("truth.csv", "truth.csv:3: cannot read the date '21/08/2025'"),
                           ("cols.csv", "missing: date, place, side"), ("list_20250821.geojson", "not a GeoJSON")):
        result = runner.invoke(app, ["compare", str(tmp_path / name), "--side", "RU", "--db", str(db)])
        # Rich wraps the message where the terminal ends, at a space or inside a long path: compare without spaces
        assert result.exit_code == 1 and "".join(expected.split()) in "".join(result.output.split()), result.output


def test_geoparse_writes_one_line_per_mention_and_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONTESTED_DB", raising=False)
    records = tmp_path / "records.jsonl"
    text = "Shelling hit Kherson. Envoys met in Paris."
    records.write_text(json.dumps({"id": "a1", "text": text}) + "\n" + json.dumps({"text": "Floods in Texas."})
                       + "\n" + "{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(records)], catch_exceptions=False)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["doc"], r["text"]) for r in lines] == [("a1", "Kherson"), ("a1", "Paris"), (f"{records}:2", "Texas")]
    kherson, paris, texas = lines
    assert text[kherson["start"]:kherson["end"]] == "Kherson" and kherson["country"] == "UA"
    assert paris["country"] == "FR" and paris["reasons"] and set(paris) >= {
        "geonameid", "name", "lat", "lon", "feature_code", "confidence", "precision"}
    assert texas["feature_code"] == "ADM1" and texas["precision"] == "oblast"
    assert "records.jsonl:3" in result.stderr  # the broken record gets its line; the others are parsed
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]  # no ledger was made


def test_geoparse_reads_stdin_and_leaves_unknown_places_unresolved():
    result = runner.invoke(app, ["geoparse", "-"], input="Fighting continued near Xyzzyvka and Pokrovsk.\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    unknown = next(r for r in lines if r["text"] == "Xyzzyvka")
    assert unknown["lat"] is None and unknown["geonameid"] is None and unknown["reasons"]


def test_max_bytes_must_be_positive(tmp_path):
    for command in ("ingest", "geoparse"):
        result = runner.invoke(app, [command, str(SAMPLES), "--max-bytes", "0"])
        assert result.exit_code == 2 and "max-bytes" in result.output


def test_terminal_output_carries_no_escape_sequences_and_no_forged_lines(tmp_path):
    db = tmp_path / "esc.db"
    report = tmp_path / "esc.jsonl"
    report.write_text(json.dumps({"text": "Russian forces captured Pishchane \x1b[2J\x1b[31m, Russian milbloggers "
                                          "claimed.", "published": "2025-01-10"}) + "\n", encoding="utf-8")
    forged = tmp_path / "x\nfailed [E999] everything.txt"
    forged.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(report), str(forged), "--db", str(db)])
    assert "\x1b" not in result.output
    assert not any(line.startswith("failed [E999]") for line in result.output.splitlines())
    claims = run("claims", "--place", "Pishchane", db=db)
    assert "Pishchane" in claims and "\x1b" not in claims


def test_export_to_a_missing_folder_is_a_clear_error(tmp_path):
    db = tmp_path / "x.db"
    run("ingest", str(SAMPLES), db=db)
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "no" / "such" / "out.jsonl"), "--db", str(db)])
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.part"))


def test_export_onto_a_full_disk_is_a_clear_error_and_leaves_no_file(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "x.db"
    run("ingest", str(SAMPLES), db=db)
    target = tmp_path / "out.jsonl"
    # a file-size limit of 2 kB makes the disk "full" for this process only (Python ignores SIGXFSZ, so the
    # write fails with an OSError as on a full disk)
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)); "
            "sys.argv = ['contested', 'export', '-o', sys.argv[1], '--db', sys.argv[2]]; "
            "from contested.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code, str(target), str(db)], capture_output=True, text=True)
    assert result.returncode == 1 and "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists() and not list(tmp_path.glob("*.part"))


def test_status_as_json_lines_and_csv(ledger_at):
    db = ledger_at("cli")
    run("ingest", str(SAMPLES), "--published", "2025-08-21", db=db)
    lines = [json.loads(line) for line in run("status", "--format", "jsonl", db=db).splitlines()]
    fields = ["place", "place_key", "geonameid", "lat", "lon", "country", "admin1", "precision", "status", "side",
              "confidence", "since", "claims"]
    assert lines and all(list(r) == fields for r in lines)
    zaporizke = next(r for r in lines if r["place"] == "Zaporizke")
    assert zaporizke["status"] == "contested" and zaporizke["claims"] >= 2 and zaporizke["country"] == "UA"
    rows = run("status", "--format", "csv", "--on", "2025-08-21", db=db).splitlines()
    assert rows[0] == ",".join(fields) and len(rows) == len(lines) + 1
    assert runner.invoke(app, ["status", "--format", "xml", "--db", str(db)]).exit_code == 2


def test_place_starts_with_its_status_and_the_claims_that_decide_it(ledger_at):
    db = ledger_at("cli")
    run("ingest", str(SAMPLES), "--published", "2025-08-21", db=db)
    out = run("place", "Zaporizke", db=db)
    first = out.splitlines()[0]
    assert first.startswith("Zaporizke") and "on 2025-08-21: contested" in first and "confidence" in first
    assert "rule denied: supports UA" in out.split("→ Zaporizke")[0]  # the deciding claims come before the rest


def test_the_ledger_records_its_settings_and_refuses_another_profile(tmp_path):
    import yaml

    from contested.ledger import Ledger
    from contested.resources import DEFAULT_PROFILE, data_path

    db = tmp_path / "set.db"
    profile = yaml.safe_load(data_path(DEFAULT_PROFILE).read_text(encoding="utf-8"))
    profile["sides"]["RU"]["demonyms"].append("Muscovite")
    custom = tmp_path / "custom.yaml"
    custom.write_text(yaml.safe_dump(profile), encoding="utf-8")
    run("ingest", str(SAMPLES), "--published", "2025-08-21", "--profile", str(custom), db=db)
    recorded = Ledger.open(db).settings()
    assert recorded["profile"] == str(custom) and "Muscovite" in recorded["profile_text"]
    assert {"model", "gazetteer", "lexicon", "policy", "profile_digest"} <= set(recorded)
    custom.unlink()  # the ledger keeps the profile's text: later commands need not find the file
    report = tmp_path / "later.txt"
    report.write_text("Muscovite troops captured Pishchane, Ukrainian officials conceded.", encoding="utf-8")
    run("ingest", str(report), "--published", "2025-08-22", db=db)  # no --profile: the recorded one
    [claim] = [c for c in Ledger.open(db).claim_records() if "Muscovite" in c["evidence"]["text"]]
    assert claim["event"]["agent_side"] == "RU"
    other = tmp_path / "other.txt"
    other.write_text("Russian troops captured Toretsk, Ukrainian officials said.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(other), "--db", str(db), "--profile",
                                 str(data_path(DEFAULT_PROFILE))])
    assert result.exit_code == 1 and "mixing two profiles" in str(result.exception)


def test_geoparse_counts_the_place_a_body_is_named_after_as_an_organisation_toponym(tmp_path):
    text = ("The Georgia Bureau of Investigation made a plea. The fire spread, according to the Texas Fire Service. "
            "The West Side Community Center and the Federal Reserve were closed. Elements of the 68th Tank "
            "Regiment operate near Kurakhove.")
    (tmp_path / "r.jsonl").write_text(json.dumps({"id": "b", "text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(tmp_path / "r.jsonl")])
    found = {(r["text"], r["role"]) for r in map(json.loads, result.stdout.splitlines())}
    assert ("Georgia", "organisation") in found and ("Texas", "organisation") in found
    assert not any(name in ("West", "Federal", "Tank") for name, _ in found)  # a word, not a place (Tank, PK)


def test_a_body_is_named_after_a_town_by_the_towns_own_name(tmp_path):
    text = ("The Rapid Support Forces shelled El Fasher. The St. Paul Police Department and the Houston Fire "
            "Department responded. The Lee Institute published the survey.")
    (tmp_path / "r.jsonl").write_text(json.dumps({"id": "b", "text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(tmp_path / "r.jsonl")])
    found = {r["text"]: r["role"] for r in map(json.loads, result.stdout.splitlines())}
    assert found.get("St. Paul") == found.get("Houston") == "organisation"  # Saint Paul by its own name, abbreviated
    assert "Rapid" not in found and "Lee" not in found  # Rapid City and Lee County go by other names


def test_a_body_named_after_a_place_is_no_place_of_a_claim(pipeline):
    from contested.model import Document

    [claim] = pipeline.process(Document("Russian forces attacked near Toretsk, the Donetsk Military Administration "
                                        "said.")).claims
    assert [p.span.text for p in claim.places] == ["Toretsk"]


def test_every_reading_command_says_the_same_on_sqlite_and_postgresql(tmp_path, postgres):
    """One ledger's SQL, two databases: the same reports give the same output, byte for byte (#12)."""
    reports = write_reports(tmp_path / "reports.jsonl")
    lite, server = str(tmp_path / "lite.db"), postgres.new_database()
    for db in (lite, server):
        run("ingest", str(SAMPLES), str(reports), "--published", "2025-08-21", db=db)
    for command in (["claims"], ["claims", "--place", "Pishchane"], ["places"], ["status", "--format", "jsonl"],
                    ["status", "--on", "2025-01-12", "--format", "csv"], ["place", "Zaporizke", "--explain"],
                    ["timeline", "Pishchane"], ["contradictions"], ["propositions"],
                    ["export", "--format", "jsonl"], ["export", "--format", "geojson"], ["export", "--format", "csv"]):
        assert run(*command, db=lite) == run(*command, db=server), command
