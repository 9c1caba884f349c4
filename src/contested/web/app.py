"""The desk's JSON API and page (#11), over one ledger.

Reads are open (the server binds to 127.0.0.1 unless told otherwise); writes (ingest) need the token given to
`contested serve --token` or `CONTESTED_TOKEN`. Every filter is a bound SQL parameter, no request names a file,
and the page shows report text only through `textContent`, never as HTML.

>>> app = create_app("contested.db", token="secret", overlay=Path("deepstate.geojson"))   # doctest: +SKIP
"""

from __future__ import annotations

import hmac
import json
import tempfile
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, File, Form, Header, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from contested.errors import ContestedError
from contested.ingest import MAX_BYTES, Failure, Meta, parse_date, read_path, read_text
from contested.ledger import Ledger
from contested.model import EVENT_TYPES, Document
from contested.reconcile import (
    explain_status,
    ledger_today,
    refresh,
    status_for_key,
    status_records,
    status_table,
    stored_contradictions,
    stored_propositions,
    timeline_of_key,
)

STATIC = Path(__file__).parent / "static"
LEAFLET = STATIC / "vendor" / "leaflet" / "leaflet.js"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
CLAIMANT_KINDS = ("government", "military", "person", "media", "intelligence", "imagery", "unnamed")


class Report(BaseModel):
    """A report pasted into the desk: its text and what is known about it."""

    text: str = Field(min_length=1, description="The report's text (plain text or Markdown).")
    source: str | None = Field(None, max_length=500)
    published: date | None = None
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)


class Desk:
    """What the app holds: one ledger (used under a lock: SQLite connections are not for concurrent threads),
    the pipeline (loaded at the first write), the token and the optional overlay."""

    def __init__(self, db: str | Path | None, token: str | None, overlay: Path | None, tiles: str,
                 max_bytes: int, gazetteer: Path | None) -> None:
        self.ledger = Ledger.open(db)
        if not self.ledger.readonly:
            refresh(self.ledger)  # reports stored by a run that stopped before its refresh
        self.lock = threading.Lock()
        self.token = token or None
        self.overlay = overlay
        self.tiles = tiles
        self.max_bytes = max_bytes
        self.gazetteer = gazetteer
        self._pipeline: Any = None

    def pipeline(self) -> Any:
        if self._pipeline is None:
            from contested.geo.gazetteer import open_gazetteer
            from contested.pipeline import Pipeline
            from contested.settings import ledger_profile

            self._pipeline = Pipeline(open_gazetteer(self.gazetteer), ledger_profile(self.ledger))
        return self._pipeline


def create_app(db: str | Path | None = None, token: str | None = None, overlay: Path | None = None,
               tiles: str = OSM_TILES, max_bytes: int = MAX_BYTES, gazetteer: Path | None = None) -> FastAPI:
    """The desk over the ledger at `db`."""
    desk = Desk(db, token, overlay, tiles, max_bytes, gazetteer)
    app = FastAPI(title="contested desk", version="0.1.0",
                  description="Claims about a war, who makes them, where and when, and the contested picture.")
    app.state.desk = desk

    def on_date(on: date | None) -> date:
        return on or ledger_today(desk.ledger)

    def writer(authorization: Annotated[str | None, Header()] = None) -> None:
        if desk.token is None:
            raise HTTPException(403, "writes are disabled: start `contested serve` with --token (or CONTESTED_TOKEN)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given.encode(), desk.token.encode()):
            raise HTTPException(401, "a write needs the header `Authorization: Bearer <token>`")

    @app.exception_handler(ContestedError)
    def contested_error(_request: Any, exc: ContestedError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    # --- reading -------------------------------------------------------------------------------------------
    @app.get("/api/documents", summary="Documents, newest first")
    def documents(limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> dict[str, Any]:
        with desk.lock:
            rows = desk.ledger.conn.execute(
                "SELECT d.id, d.source, d.published, d.title, d.url, (SELECT COUNT(*) FROM claims c WHERE "
                "c.doc_id = d.id) FROM documents d ORDER BY d.published DESC, d.id LIMIT ? OFFSET ?",
                (limit, offset)).fetchall()
        items = [dict(zip(("id", "source", "published", "title", "url", "claims"), r, strict=True)) for r in rows]
        return _page(items, limit, offset)

    @app.get("/api/documents/{doc_id}", summary="One document with its text")
    def document(doc_id: str) -> dict[str, Any]:
        with desk.lock:
            row = desk.ledger.conn.execute("SELECT id, source, published, title, url, text FROM documents "
                                           "WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise HTTPException(404, f"no document {doc_id!r} in the ledger")
        return dict(zip(("id", "source", "published", "title", "url", "text"), row, strict=True))

    @app.get("/api/claims", summary="Claims, filtered, in document order")
    def claims(place: str | None = Query(None, max_length=200, description="a place name as written or resolved"),
               place_key: str | None = Query(None, max_length=200),
               side: str | None = Query(None, max_length=50, description="the claimant's side"),
               stance: Annotated[str | None, Query(pattern="^(asserts|denies)$")] = None,
               event: Annotated[str | None, Query(pattern=f"^({'|'.join(EVENT_TYPES)})$")] = None,
               claimant_kind: Annotated[str | None, Query(pattern=f"^({'|'.join(CLAIMANT_KINDS)})$")] = None,
               since: date | None = None, until: date | None = None,
               source: str | None = Query(None, max_length=500),
               q: str | None = Query(None, max_length=200, description="words in the evidence sentence"),
               limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> dict[str, Any]:
        if since and until and since > until:
            raise HTTPException(422, "`since` is after `until`")
        with desk.lock:
            items = list(desk.ledger.claim_records(
                place, place_key=place_key, side=side, stance=stance, event=event, claimant_kind=claimant_kind,
                since=since.isoformat() if since else None, until=until.isoformat() if until else None,
                source=source, text=q, limit=limit, offset=offset))
        return _page(items, limit, offset)

    @app.get("/api/places", summary="Places with their status on a date (optionally within a bounding box)")
    def places(on: date | None = None,
               bbox: str | None = Query(None, max_length=100, description="west,south,east,north in degrees")
               ) -> dict[str, Any]:
        box = _bbox(bbox)
        with desk.lock:
            day = on_date(on)
            records = status_records(desk.ledger, status_table(desk.ledger, day))
        if box:
            w, s, e, n = box
            records = [r for r in records if r["lat"] is not None and s <= r["lat"] <= n and w <= r["lon"] <= e]
        return {"on": day.isoformat(), "items": records}

    @app.get("/api/places/{place_key}", summary="One place's status on a date, with the claims that decide it")
    def place(place_key: str, on: date | None = None) -> dict[str, Any]:
        with desk.lock:
            day = on_date(on)
            result = status_for_key(desk.ledger, place_key, day)
            if not result.weighed:
                raise HTTPException(404, f"no claims about {place_key!r} on or before {day}")
            row = desk.ledger.conn.execute("SELECT name, lat, lon, country, admin1_name, geonameid FROM places "
                                           "WHERE id = ?", (result.place_id,)).fetchone()
        weighed = [{"claim_id": w.fact.claim_id, "weight": round(w.weight, 3), "supports": w.supports,
                    "rules": w.rules} for w in result.weighed]
        return {"place": result.place, "place_key": place_key, "on": day.isoformat(), "status": result.status,
                "side": result.side, "confidence": round(result.confidence, 3),
                "since": result.since.isoformat() if result.since else None, "notes": result.notes,
                "scores": {k: round(v, 3) for k, v in result.scores.items()}, "explanation": explain_status(result),
                "weighed": weighed, "location": dict(zip(("name", "lat", "lon", "country", "admin1", "geonameid"),
                                                         row, strict=True)) if row else None}

    @app.get("/api/places/{place_key}/timeline", summary="A place's status on each date a claim is dated")
    def place_timeline(place_key: str) -> dict[str, Any]:
        with desk.lock:
            results = timeline_of_key(desk.ledger, place_key)
        if not any(r.weighed for r in results):
            raise HTTPException(404, f"no claims about {place_key!r}")
        return {"place_key": place_key, "items": [
            {"on": r.on.isoformat(), "status": r.status, "side": r.side, "confidence": round(r.confidence, 3),
             "notes": r.notes} for r in results]}

    @app.get("/api/propositions", summary="The same claim across reports, grouped")
    def propositions(place_key: str | None = Query(None, max_length=200)) -> dict[str, Any]:
        with desk.lock:
            props = stored_propositions(desk.ledger, [place_key] if place_key else None)
        return {"items": [_proposition(p) for p in props]}

    @app.get("/api/contradictions", summary="Pairs of propositions that cannot both be true")
    def contradictions() -> dict[str, Any]:
        with desk.lock:
            found = stored_contradictions(desk.ledger)
        return {"items": [{"place": c.place, "why": c.why, "a": _proposition(c.a), "b": _proposition(c.b)}
                          for c in found]}

    @app.get("/api/status.geojson", summary="GeoJSON of every placed place's status on a date")
    def status_geojson(on: date | None = None) -> JSONResponse:
        with desk.lock:
            day = on_date(on)
            records = status_records(desk.ledger, status_table(desk.ledger, day))
        features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                     "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")}}
                    for r in records if r["lat"] is not None]
        return JSONResponse({"type": "FeatureCollection", "features": features},
                            media_type="application/geo+json")

    @app.get("/api/meta", summary="What the page needs: dates, tiles, overlay, whether writes are open")
    def meta() -> dict[str, Any]:
        with desk.lock:
            first, last = desk.ledger.conn.execute("SELECT MIN(published), MAX(published) FROM documents").fetchone()
            today = ledger_today(desk.ledger).isoformat()
        return {"first": first, "last": last, "today": today, "tiles": desk.tiles,
                "overlay": desk.overlay is not None, "writes": desk.token is not None}

    @app.get("/api/overlay", summary="The control-map overlay given to `contested serve --overlay`")
    def overlay_geojson() -> JSONResponse:
        if desk.overlay is None:
            raise HTTPException(404, "no overlay: start `contested serve --overlay FILE`")
        return JSONResponse(json.loads(desk.overlay.read_text(encoding="utf-8")), media_type="application/geo+json")

    # --- writing -------------------------------------------------------------------------------------------
    @app.post("/api/documents", summary="Ingest a pasted report (needs the token)", dependencies=[Depends(writer)])
    def add_report(report: Annotated[Report, Body()]) -> dict[str, Any]:
        if len(report.text.encode("utf-8", "replace")) > desk.max_bytes:
            raise HTTPException(413, f"the report is over the {desk.max_bytes:,}-byte limit")
        meta = Meta(report.source, report.published, report.url, report.title)
        return _ingest(desk, [read_text(report.text, meta)])

    @app.post("/api/documents/upload", summary="Ingest an uploaded file (needs the token)",
              dependencies=[Depends(writer)])
    def upload(file: Annotated[UploadFile, File()], source: Annotated[str | None, Form(max_length=500)] = None,
               published: Annotated[str | None, Form(max_length=100)] = None) -> dict[str, Any]:
        data = file.file.read(desk.max_bytes + 1)
        if len(data) > desk.max_bytes:
            raise HTTPException(413, f"the upload is over the {desk.max_bytes:,}-byte limit")
        try:
            day = parse_date(published) if published else None
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        suffix = Path(file.filename or "upload.txt").suffix.lower()[:10] or ".txt"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{suffix if suffix.replace('.', '').isalnum() else '.txt'}"
            path.write_bytes(data)
            name = Path(file.filename or "upload").name
            items = [_named(i, path, name) for i in read_path(path, Meta(source, day), desk.max_bytes)]
            return _ingest(desk, items)

    # --- the page ------------------------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        if not LEAFLET.is_file():
            raise HTTPException(500, "Leaflet is missing from the package: run `make` (it copies Leaflet from npm)")
        return FileResponse(STATIC / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) == limit else None}


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        w, s, e, n = (float(v) for v in value.split(","))
    except ValueError as exc:
        raise HTTPException(422, "bbox must be four numbers: west,south,east,north") from exc
    if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
        raise HTTPException(422, "bbox must lie within -180..180, -90..90 with west <= east and south <= north")
    return w, s, e, n


def _proposition(p: Any) -> dict[str, Any]:
    return {"id": p.id, "place": p.label, "place_key": p.place_key, "event_type": p.event_type,
            "agent_side": p.agent_side, "claimant_side": p.claimant_side, "stance": p.stance,
            "first": p.first.isoformat() if p.first else None, "last": p.last.isoformat() if p.last else None,
            "reports": p.reports, "independent": p.independent, "publishers": p.publishers,
            "claims": [f.claim_id for f in p.facts]}


def _named(item: Document | Failure, path: Path, name: str) -> Document | Failure:
    """Errors and origins name the uploaded file, not the temporary path it was read from."""
    if isinstance(item, Failure):
        item.origin = item.origin.replace(str(path), name)
        item.error = type(item.error)(Exception.__str__(item.error).replace(str(path), name))
        return item
    return replace(item, origin=item.origin.replace(str(path), name))


def _ingest(desk: Desk, items: list[Document | Failure]) -> dict[str, Any]:
    from contested.pipeline import ingest

    with desk.lock:
        desk.ledger.writable()
        outcomes = ingest(items, desk.ledger, desk.pipeline())
        if any(o.status == "added" for o in outcomes):
            refresh(desk.ledger, desk.pipeline().profile)
        added = [o.doc_id for o in outcomes if o.status == "added" and o.doc_id]
        claims = [c for d in added for c in desk.ledger.claim_records(doc_id=d)]
    return {"outcomes": [{"origin": o.origin, "status": o.status, "doc_id": o.doc_id, "claims": o.claims,
                          "error": o.error} for o in outcomes], "claims": claims}
