"""Exports: JSON Lines claims, GeoJSON places with their claims, ACLED-style CSV (#2).

>>> write_export(ledger, "jsonl", sys.stdout)   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import Any, TextIO

from contested.ledger import Ledger

FORMATS = ("jsonl", "geojson", "csv")
CSV_COLUMNS = ["event_date", "time_precision", "event_type", "actor1", "admin1", "admin2", "location", "latitude",
               "longitude", "geo_precision", "source", "notes", "claimant", "claimant_side", "stance", "hedges",
               "doc_id", "sentence", "evidence_start", "evidence_end"]
# ACLED's codes: 1 exact day, 2 week or so, 3 month; geo 1 the place itself, 2 near it, 3 a larger region.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3}
GEO_PRECISION = {"settlement": 1, "near": 2, "raion": 3, "oblast": 3, "country": 3, "continent": 3}


def write_jsonl(ledger: Ledger, out: TextIO, status: Callable[[int], dict[str, Any]] | None = None) -> int:
    n = 0
    for record in ledger.claim_records():
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_geojson(ledger: Ledger, out: TextIO, status: Callable[[int], dict[str, Any]] | None = None) -> int:
    """One RFC 7946 Feature per resolved place, with its claims (and its status where reconciled)."""
    features: dict[int, dict[str, Any]] = {}
    for record in ledger.claim_records():
        for place in record["places"]:
            pid = place.get("place_id")
            if pid is None or place["lat"] is None:
                continue
            feature = features.setdefault(pid, {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(place["lon"], 6), round(place["lat"], 6)]},
                "properties": {"name": place["name"], "geonameid": place["geonameid"], "country": place["country"],
                               "admin1": place["admin1"], "admin2": place["admin2"],
                               "feature_code": place["feature_code"], "claims": []},
            })
            feature["properties"]["claims"].append({
                "claim_id": record["id"], "doc_id": record["doc_id"], "source": record["source"],
                "published": record["published"], "claimant": record["claimant"], "stance": record["stance"],
                "event": record["event"], "hedges": record["hedges"], "time": record["time"],
                "evidence": record["evidence"], "mention": place["text"], "confidence": place["confidence"]})
    for pid, feature in features.items():
        if status is not None:
            feature["properties"].update(status(pid))
    json.dump({"type": "FeatureCollection", "features": list(features.values())}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(features)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)") gets a leading quote (OWASP)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_csv(ledger: Ledger, out: TextIO, status: Callable[[int], dict[str, Any]] | None = None) -> int:
    """One row per claim and place, ACLED-like columns plus who claims it and how; text cells safe to open."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for r in ledger.claim_records():
        for place in r["places"] or [None]:
            t, ev = r["time"], r["event"]
            writer.writerow({key: safe_cell(value) for key, value in {
                "event_date": t["start"] or r["published"] or "",
                "time_precision": TIME_PRECISION.get(t["granularity"] or "", ""),
                "event_type": ev["type"], "actor1": ev["agent_side"] or "",
                "admin1": (place or {}).get("admin1") or "", "admin2": (place or {}).get("admin2") or "",
                "location": ((place or {}).get("name") or (place or {}).get("text") or ""),
                "latitude": (place or {}).get("lat") if place and place.get("lat") is not None else "",
                "longitude": (place or {}).get("lon") if place and place.get("lon") is not None else "",
                "geo_precision": GEO_PRECISION.get((place or {}).get("precision") or "", ""),
                "source": r["source"] or "", "notes": r["evidence"]["text"],
                "claimant": r["claimant"]["name"], "claimant_side": r["claimant"]["side"] or "",
                "stance": r["stance"], "hedges": "; ".join(r["hedges"]), "doc_id": r["doc_id"],
                "sentence": r["sentence"], "evidence_start": r["evidence"]["start"],
                "evidence_end": r["evidence"]["end"],
            }.items()})
            n += 1
    return n


WRITERS = {"jsonl": write_jsonl, "geojson": write_geojson, "csv": write_csv}


def write_export(ledger: Ledger, fmt: str, out: TextIO, status: Callable[[int], dict[str, Any]] | None = None) -> int:
    """Write the ledger in one of FORMATS; returns the number of records written."""
    return WRITERS[fmt](ledger, out, status)
