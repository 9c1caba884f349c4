"""The desk's page in a real headless Chromium (Debian's `chromium`, driven by Playwright; no browser download).

The server is started by the tests on a free loopback port; the base map points at a closed local port, as on a
machine without internet, so the page must say so and still draw places, a scale and a graticule.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, build_ledger
from contested.ingest import Meta

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
TOKEN = "desk-token"
CONTESTED = "#d97706"
HOSTILE = ('Russian forces captured Pishchane <script>window.pwned = 1</script> and '
           '<img src=x onerror="window.pwned = 2">, Russian milbloggers claimed.')

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs "
                                                               "it: apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def desk_url(village_pipeline, tmp_path_factory):
    """A ledger of the sample report (with village-level places) and two dated reports about Pishchane, served."""
    import uvicorn

    from contested.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    dated = folder / "dated.jsonl"
    dated.write_text("\n".join(json.dumps(r) for r in [
        {"text": "Russian forces captured Pishchane, the Russian Ministry of Defence claimed.", "source": "TASS",
         "published": "2025-08-10"},
        {"text": "Ukrainian forces liberated Pishchane, the General Staff of Ukraine said, and Ukrainian officials "
                 "denied that Russian forces hold Pishchane.", "source": "Ukrinform", "published": "2025-08-16"},
    ]) + "\n", encoding="utf-8")
    db = folder / "desk.db"
    ledger = build_ledger(db, village_pipeline, str(SAMPLES), meta=Meta(source="BBC", published=date(2025, 8, 21)))
    build_ledger(db, village_pipeline, str(dated))
    ledger.close()
    overlay = folder / "control.geojson"
    overlay.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[37, 47], [38, 47], [38, 48], [37, 48], [37, 47]]]}}]}))
    app = create_app(db, token=TOKEN, overlay=overlay, tiles="http://127.0.0.1:9/{z}/{x}/{y}.png",
                     gazetteer=Path(village_pipeline.gaz.path))
    app.state.desk._pipeline = village_pipeline  # the model is loaded once for the whole test session
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, desk_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(desk_url)
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    yield page
    context.close()
    assert not errors, errors


def marker(page, name: str):
    return page.locator(f'path[data-place="{name}"]')


def set_day(page, day: str) -> None:
    index = page.evaluate(f"state.days.indexOf({json.dumps(day)})")
    assert index >= 0, day
    page.locator("#day").evaluate("(el, i) => { el.value = String(i); el.dispatchEvent(new Event('input')); }",
                                  index)
    page.wait_for_function(f"document.getElementById('day-label').textContent === {json.dumps(day)}")
    page.wait_for_timeout(600)


def test_the_map_shows_the_sample_places_in_the_contested_colour(page):
    for name in ("Zaporizke", "Novohryhorivka"):
        assert marker(page, name).get_attribute("data-status") == "contested"
        assert marker(page, name).get_attribute("fill") == CONTESTED
    assert page.locator(".leaflet-control-scale").is_visible()
    assert page.locator("path.graticule").count() > 10
    page.wait_for_selector("#offline:not([hidden])", timeout=10_000)  # tiles unreachable: the page says so
    assert page.locator("#show-overlay").is_checked()  # the control-map overlay is drawn


def test_moving_the_slider_replays_a_places_status(page):
    set_day(page, "2025-08-10")
    pishchane = marker(page, "Pishchane")
    first = (pishchane.get_attribute("data-status"), pishchane.get_attribute("data-side"))
    assert first == ("claimed", "RU")
    assert marker(page, "Zaporizke").count() == 0  # not yet reported that day
    set_day(page, "2025-08-17")
    later = (pishchane.get_attribute("data-status"), pishchane.get_attribute("data-side"))
    assert later != first


def test_clicking_a_place_shows_its_claims_and_evidence(page):
    marker(page, "Zaporizke").dispatch_event("click")
    page.wait_for_selector("#claims li", timeout=10_000)
    assert page.locator("#place-name").text_content() == "Zaporizke"
    assert "contested" in page.locator("#place-status").text_content()
    assert "rule" in page.locator("#place-rule").text_content()
    assert page.locator("#place-chart rect").count() >= 1
    claims = page.locator("#claims li")
    assert claims.count() >= 2
    text = page.locator("#claims").text_content()
    assert "deny" in text and "Armed Forces of Ukraine" in text and "BBC" in text
    assert page.locator("#claims mark.place", has_text="Zaporizke").count() >= 1
    assert page.locator("#claims mark.event").count() >= 1
    assert page.locator("#claims a").first.get_attribute("href").startswith("/static/document.html?id=")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk.png"))  # the test artefact (the README's picture is a copy)


def test_a_hostile_report_is_shown_as_text_and_runs_nothing(page, desk_url):
    import httpx2

    response = httpx2.post(f"{desk_url}/api/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                           json={"text": HOSTILE, "source": "<b>Bold</b> Outlet", "published": "2025-08-18"},
                           timeout=60)
    assert response.status_code == 200, response.text
    page.reload()
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    marker(page, "Pishchane").dispatch_event("click")
    page.wait_for_selector("#claims li", timeout=10_000)
    shown = page.locator("#claims").text_content()
    assert "<script>window.pwned = 1</script>" in shown and 'onerror="window.pwned = 2"' in shown
    assert "<b>Bold</b> Outlet" in shown
    assert page.locator("#claims script, #claims img, #claims b").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    hostile = page.locator("#claims li", has_text="window.pwned").locator("a")
    page.goto(desk_url + hostile.get_attribute("href"))  # the document view shows the report as text too
    page.wait_for_selector("body[data-ready=true]", timeout=10_000)
    assert "<script>window.pwned = 1</script>" in page.locator("#doc-text").text_content()
    assert "<b>Bold</b> Outlet" in page.locator("#doc-meta").text_content()
    assert page.locator("#document script, #document img, #document b").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None


def test_a_write_without_the_token_is_refused(page):
    page.locator("#ingest summary").click()
    page.fill("#ingest-text", "Russian forces captured Toretsk, Russian milbloggers claimed.")
    page.click("#ingest button[type=submit]")
    page.wait_for_function("document.getElementById('ingest-result').textContent.length > 0")
    assert "refused (401)" in page.locator("#ingest-result").text_content()
