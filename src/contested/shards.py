"""Processed documents as plain records, and Parquet shards of them (#12): what a Ray backfill writes on its
workers and `contested load` imports into a ledger later. Records are JSON inside Parquet, never pickles, so a
shard from elsewhere is data, not code.

>>> write_shard(Path("shards/part-000000.parquet"), processed)      # doctest: +SKIP
>>> [p.document.id for p in read_shards(Path("shards"))]           # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from contested.model import Claim, Claimant, Document, Event, Locator, Place, PlaceMention, Resolution, Span, TimeRange
from contested.pipeline import Processed

MAX_CANDIDATES = 20  # what the ledger keeps of a mention's candidates
SCHEMA_VERSION = 1


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_record(p: Processed) -> dict[str, Any]:
    """One processed document as a JSON-able record; a claim's places are indexes into the mentions."""
    d = p.document
    index = {id(m): i for i, m in enumerate(p.mentions)}
    mentions = []
    for m in p.mentions:
        res = m.resolution
        mentions.append({
            "span": asdict(m.span), "sentence": m.sentence, "kind": m.kind, "relation": m.relation,
            "region_scope": list(m.region_scope), "role": m.role,
            "locator": asdict(m.locator) if m.locator else None,
            "resolution": None if res is None else {
                "place": asdict(res.place) if res.place else None, "confidence": res.confidence,
                "reasons": list(res.reasons), "precision": res.precision,
                "candidates": [asdict(c) for c in res.candidates[:MAX_CANDIDATES]]}})
    claims = []
    for c in p.claims:
        claims.append({
            "doc_id": c.doc_id, "sentence": c.sentence, "evidence": asdict(c.evidence), "claimant": asdict(c.claimant),
            "stance": c.stance, "event": asdict(c.event), "places": [index[id(m)] for m in c.places],
            "time": {"text": c.time.text, "start": _iso(c.time.start), "end": _iso(c.time.end),
                     "granularity": c.time.granularity},
            "hedges": list(c.hedges), "source": c.source, "published": _iso(c.published),
            "reporting_verb": c.reporting_verb})
    return {"version": SCHEMA_VERSION, "id": d.id, "origin": d.origin,
            "document": {"text": d.text, "source": d.source, "published": _iso(d.published), "url": d.url,
                         "title": d.title, "language": d.language, "origin": d.origin, "ref": d.ref},
            "mentions": mentions, "claims": claims}


def from_record(record: dict[str, Any]) -> Processed:
    """The processed document a record holds (the inverse of `to_record`)."""
    if record.get("version") != SCHEMA_VERSION:
        raise ValueError(f"shard record version {record.get('version')!r}, expected {SCHEMA_VERSION}")
    doc = record["document"]
    document = Document(doc["text"], doc["source"], _day(doc["published"]), doc["url"], doc["title"],
                        doc["language"], doc["origin"], doc["ref"])
    mentions = []
    for m in record["mentions"]:
        res = m["resolution"]
        resolution = None if res is None else Resolution(
            Place(**res["place"]) if res["place"] else None, res["confidence"], res["reasons"],
            [Place(**c) for c in res["candidates"]], res["precision"])
        mentions.append(PlaceMention(Span(**m["span"]), m["sentence"], m["kind"], m["relation"], resolution,
                                     tuple(m["region_scope"]), m["role"],
                                     Locator(**m["locator"]) if m["locator"] else None))
    claims = []
    for c in record["claims"]:
        e = c["event"]
        event = Event(e["type"], e["agent_side"], e["negated"], Span(**e["trigger"]) if e["trigger"] else None,
                      e["agent_basis"])
        t = c["time"]
        claims.append(Claim(c["doc_id"], c["sentence"], Span(**c["evidence"]), Claimant(**c["claimant"]), c["stance"],
                            event, [mentions[i] for i in c["places"]],
                            TimeRange(t["text"], _day(t["start"]), _day(t["end"]), t["granularity"]),
                            c["hedges"], c["source"], _day(c["published"]), c["reporting_verb"]))
    return Processed(document, mentions, claims)


def write_shard(path: Path, processed: list[Processed]) -> Path:
    """One Parquet file of records (columns id, origin, claims, record), written beside and moved into place, so
    a reader never sees half a shard."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [to_record(p) for p in processed]
    table = pa.table({"id": [r["id"] for r in records], "origin": [r["origin"] for r in records],
                      "claims": [len(r["claims"]) for r in records],
                      "record": [json.dumps(r, ensure_ascii=False) for r in records]})
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(table, partial)
    os.replace(partial, path)
    return path


def shard_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.parquet"))


def read_shards(folder: Path) -> Iterator[Processed]:
    """The processed documents of every shard in a folder, shard by shard in name order."""
    import pyarrow.parquet as pq

    for path in shard_paths(folder):
        for text in pq.read_table(path, columns=["record"]).column("record").to_pylist():
            yield from_record(json.loads(text))
