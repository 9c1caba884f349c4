"""The desk's JSON API (#11): every endpoint, bad parameters, the token, uploads, and schemathesis over the schema."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from conftest import sample_copy
from contested.web import create_app

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(sample_ledger, tmp_path_factory, request) -> TestClient:
    """The desk over a copy of the sample ledger (writes go to the copy), with a token."""
    return TestClient(create_app(sample_copy(sample_ledger, tmp_path_factory.mktemp("desk"), request), token=TOKEN))


def key_of(client: TestClient, name: str) -> str:
    return next(p["place_key"] for p in client.get("/api/places").json()["items"] if p["place"] == name)


def test_places_with_their_status_and_claimants(client):
    data = client.get("/api/places", params={"on": "2025-08-21"}).json()
    places = {p["place"]: p for p in data["items"]}
    assert data["on"] == "2025-08-21"
    assert places["Zaporizke"]["status"] == places["Novohryhorivka"]["status"] == "contested"
    assert places["Zaporizke"]["claimants"] >= 2 and places["Zaporizke"]["lat"] is not None


def test_places_within_a_bounding_box(client):
    inside = client.get("/api/places", params={"bbox": "33.5,47.4,34.2,47.9"}).json()["items"]
    assert "Zaporizke" in {p["place"] for p in inside} and "Donetsk" not in {p["place"] for p in inside}


@pytest.mark.parametrize("params", [{"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"bbox": "10,50,5,40"},
                                    {"on": "yesterday"}, {"on": "2025-13-40"}])
def test_bad_place_parameters_get_a_readable_4xx(client, params):
    response = client.get("/api/places", params=params)
    assert response.status_code == 422 and response.json()["detail"]


def test_one_place_with_the_rule_that_decided_it_and_its_timeline(client):
    key = key_of(client, "Zaporizke")
    place = client.get(f"/api/places/{key}", params={"on": "2025-08-21"}).json()
    assert place["status"] == "contested" and place["explanation"] and place["location"]["country"] == "UA"
    assert any("rule denied" in " ".join(w["rules"]) for w in place["weighed"])
    timeline = client.get(f"/api/places/{key}/timeline").json()["items"]
    assert timeline and timeline[-1]["status"] == "contested"
    assert client.get("/api/places/id:999999").status_code == 404
    assert client.get("/api/places/id:999999/timeline").status_code == 404


def test_claims_filtered_and_paged_in_a_stable_order(client):
    everything = client.get("/api/claims", params={"limit": 1000}).json()["items"]
    first = client.get("/api/claims", params={"limit": 3}).json()
    second = client.get("/api/claims", params={"limit": 3, "offset": 3}).json()
    assert [c["id"] for c in first["items"] + second["items"]] == [c["id"] for c in everything[:6]]
    assert first["next_offset"] == 3
    denials = client.get("/api/claims", params={"stance": "denies"}).json()["items"]
    assert denials and all(c["stance"] == "denies" for c in denials)
    ua = client.get("/api/claims", params={"side": "UA", "event": "CONTROL"}).json()["items"]
    assert ua and all(c["claimant"]["side"] == "UA" and c["event"]["type"] == "CONTROL" for c in ua)
    military = client.get("/api/claims", params={"claimant_kind": "military"}).json()["items"]
    assert military and all(c["claimant"]["kind"] == "military" for c in military)
    found = client.get("/api/claims", params={"q": "Zaporizke"}).json()["items"]
    assert found and all("Zaporizke" in c["evidence"]["text"] for c in found)
    assert client.get("/api/claims", params={"q": "100%_"}).json()["items"] == []  # LIKE wildcards are literal
    by_place = client.get("/api/claims", params={"place_key": key_of(client, "Zaporizke")}).json()["items"]
    assert by_place and all(any(p["text"] == "Zaporizke" for p in c["places"]) for c in by_place)
    dated = client.get("/api/claims", params={"since": "2025-08-21", "until": "2025-08-21", "source": "BBC"})
    assert dated.json()["items"] and client.get("/api/claims", params={"since": "2026-01-01"}).json()["items"] == []


@pytest.mark.parametrize("params", [{"stance": "maybe"}, {"event": "PARTY"}, {"claimant_kind": "oracle"},
                                    {"limit": 0}, {"limit": 5000}, {"offset": -1}, {"since": "soon"},
                                    {"since": "2025-09-01", "until": "2025-08-01"}])
def test_bad_claim_parameters_get_a_readable_4xx(client, params):
    response = client.get("/api/claims", params=params)
    assert response.status_code == 422 and response.json()["detail"]


def test_documents_propositions_contradictions_and_geojson(client):
    docs = client.get("/api/documents").json()["items"]
    assert docs and docs[0]["claims"] >= 10
    assert "Zaporizke" in client.get(f"/api/documents/{docs[0]['id']}").json()["text"]
    assert client.get("/api/documents/nope").status_code == 404
    props = client.get("/api/propositions", params={"place_key": key_of(client, "Zaporizke")}).json()["items"]
    assert props and all(p["place"] == "Zaporizke" for p in props)
    assert client.get("/api/contradictions").json()["items"]
    geo = client.get("/api/status.geojson", params={"on": "2025-08-21"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert "Zaporizke" in {f["properties"]["place"] for f in features}
    assert all(len(f["geometry"]["coordinates"]) == 2 for f in features)
    assert client.get("/api/overlay").status_code == 404  # none given


def test_a_write_needs_the_token(client):
    report = {"text": "Russian forces captured Pishchane, Russian milbloggers claimed.", "published": "2025-08-20"}
    assert client.post("/api/documents", json=report).status_code == 401
    assert client.post("/api/documents", json=report, headers={"Authorization": "Bearer wrong"}).status_code == 401
    added = client.post("/api/documents", json=report, headers={"Authorization": f"Bearer {TOKEN}"})
    assert added.status_code == 200 and added.json()["outcomes"][0]["status"] == "added"
    assert any(p["text"] == "Pishchane" for c in added.json()["claims"] for p in c["places"])
    again = client.post("/api/documents", json=report, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["outcomes"][0]["status"] == "duplicate"


def test_a_desk_without_a_token_takes_no_writes(sample_ledger):
    response = TestClient(create_app(sample_ledger.path)).post("/api/documents", json={"text": "Fighting."})
    assert response.status_code == 403 and "--token" in response.json()["detail"]


def test_uploads_get_the_same_per_document_errors_and_a_size_limit(client, tmp_path):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    good = ('{"text": "Ukrainian forces repelled an assault near Kupiansk, the General Staff said.", "source": "X"}\n'
            '{"text": 5}\n')
    response = client.post("/api/documents/upload", files={"file": ("reports.jsonl", good.encode())}, headers=auth)
    outcomes = {o["origin"]: o for o in response.json()["outcomes"]}
    assert outcomes["reports.jsonl:1"]["status"] == "added" and outcomes["reports.jsonl:2"]["status"] == "failed"
    error = outcomes["reports.jsonl:2"]["error"]
    assert "[E104]" in error and "reports.jsonl:2" in error and "/tmp" not in error  # the upload's own name
    binary = client.post("/api/documents/upload", files={"file": ("x.txt", b"\x00\x01" * 50)}, headers=auth)
    assert "[E102]" in binary.json()["outcomes"][0]["error"]
    small = TestClient(create_app(tmp_path / "small.db", token=TOKEN, max_bytes=100))
    big = small.post("/api/documents/upload", files={"file": ("big.txt", b"word " * 100)}, headers=auth)
    assert big.status_code == 413
    assert small.post("/api/documents", json={"text": "word " * 100}, headers=auth).status_code == 413
    bad_date = client.post("/api/documents/upload", files={"file": ("r.txt", b"Fighting near Toretsk.")},
                           data={"published": "12/01/2025"}, headers=auth)
    assert bad_date.status_code == 422 and "12/01/2025" in bad_date.json()["detail"]


def test_the_page_and_leaflet_are_served_by_the_app_itself(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/vendor/leaflet/leaflet.js" in page.text
    assert "cdn" not in page.text.lower() and "unpkg" not in page.text.lower()
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/../../ledger.py").status_code == 404  # no request names a file outside


def test_schemathesis_finds_no_server_error(client):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: list[str] = []

    def fuzz(op) -> None:
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)  # the same cases on every run: CI is not a lottery
        @given(case=op.as_strategy())
        def run(case):
            response = case.call()
            try:
                case.validate_response(response, checks=[not_a_server_error])
            except Exception as exc:  # collected so every operation is tried
                failures.append(f"{op.method} {op.path}: {exc}")

        run()

    operations = [operation.ok() for operation in schema.get_all_operations()]
    for op in operations:
        if op.method.upper() == "GET":  # writes are tested above; fuzzing them would fill the ledger
            fuzz(op)
    assert len(operations) >= 10 and not failures, failures[:3]


def test_meta_and_the_overlay(sample_ledger, tmp_path):
    area = {"type": "Polygon", "coordinates": [[[33, 47], [34, 47], [34, 48], [33, 48], [33, 47]]]}
    (tmp_path / "control.geojson").write_text(json.dumps(area))
    desk = TestClient(create_app(sample_ledger.path, overlay=tmp_path / "control.geojson", tiles="http://t/{z}/{x}/{y}"))
    meta = desk.get("/api/meta").json()
    assert meta["overlay"] is True and meta["writes"] is False and meta["tiles"] == "http://t/{z}/{x}/{y}"
    assert meta["first"] <= meta["last"] == meta["today"]
    assert desk.get("/api/overlay").json() == area


def test_an_empty_pasted_report_gets_its_error_line(client):
    response = client.post("/api/documents", json={"text": "\u200b \n"}, headers={"Authorization": f"Bearer {TOKEN}"})
    [outcome] = response.json()["outcomes"]
    assert response.status_code == 200 and outcome["status"] == "failed" and "[E101]" in outcome["error"]
    assert client.post("/api/documents", json={"text": ""}, headers={"Authorization": f"Bearer {TOKEN}"}
                       ).status_code == 422
