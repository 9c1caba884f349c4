import csv
import io
import json

from contested.export import CSV_COLUMNS, write_export
from contested.reconcile import geojson_status, ledger_today

RECORD_KEYS = {"doc_id", "source", "published", "sentence", "evidence", "claimant", "stance", "hedges", "event",
               "places", "time"}
PLACE_KEYS = {"text", "start", "end", "geonameid", "name", "lat", "lon", "country", "admin1", "admin2",
              "feature_code", "confidence"}


def test_jsonl_follows_the_contract(sample_ledger):
    out = io.StringIO()
    n = write_export(sample_ledger, "jsonl", out)
    lines = out.getvalue().splitlines()
    assert n == len(lines) >= 10
    for line in lines:
        r = json.loads(line)
        assert r.keys() >= RECORD_KEYS
        assert {"text", "name", "kind", "side"} <= r["claimant"].keys()
        assert {"type", "agent_side", "negated"} <= r["event"].keys()
        assert {"text", "start", "end", "granularity"} <= r["time"].keys()
        assert r["stance"] in ("asserts", "denies")
        for p in r["places"]:
            assert p.keys() >= PLACE_KEYS
            if p["name"] is None:
                assert p["lat"] is None and p["geonameid"] is None


def test_geojson_is_rfc7946_with_claims_and_status(sample_ledger):
    out = io.StringIO()
    write_export(sample_ledger, "geojson", out, geojson_status(sample_ledger, ledger_today(sample_ledger)))
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    names = {}
    for f in data["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["claims"] and "status" in f["properties"] and "since" in f["properties"]
        names[f["properties"]["name"]] = f["properties"]
    assert names["Zaporizke"]["status"] == "contested"
    assert "Novohryhorivka" not in names  # unresolved places have no point


def test_csv_has_acled_columns(sample_ledger):
    out = io.StringIO()
    write_export(sample_ledger, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0].keys()) == CSV_COLUMNS
    dnipro = [r for r in rows if r["location"] == "Dnipro"]
    assert dnipro and dnipro[0]["geo_precision"] == "1" and dnipro[0]["source"] == "BBC"
    june = [r for r in rows if r["event_date"] == "2025-06-01"]
    assert june and june[0]["time_precision"] == "3" and june[0]["claimant_side"] == "RU"


def test_csv_cells_that_start_like_formulas_are_neutralised(tmp_path, pipeline):
    from conftest import build_ledger

    report = tmp_path / "hostile.jsonl"
    report.write_text(json.dumps({"text": '=HYPERLINK("http://x") Russian forces captured Pishchane, '
                                          "Russian milbloggers claimed.", "source": "@evil",
                                  "published": "2025-01-10"}) + "\n", encoding="utf-8")
    ledger = build_ledger(tmp_path / "hostile.db", pipeline, str(report))
    out = io.StringIO()
    write_export(ledger, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and all(r["source"] == "'@evil" for r in rows)
    assert all(r["notes"].startswith("'=HYPERLINK") for r in rows)  # the evidence, quoted
    assert all(r["latitude"] == "" or float(r["latitude"]) for r in rows)  # numbers stay numbers
