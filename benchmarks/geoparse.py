"""Geoparsing on the development gold (#3): mention precision/recall, resolution within 10 km and 161 km,
resolutions per second, with the embedded gazetteer and (where ../shared/gazetteer/ has it) village data.

    .venv/bin/python benchmarks/geoparse.py
"""

from __future__ import annotations

import json
import math
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contested.geo.gazetteer import SQLiteGazetteer, open_gazetteer
from contested.geo.importer import import_geonames
from contested.geo.names import normalise_name
from contested.geo.resolve import Resolver
from contested.ingest import read_inputs
from contested.model import Document
from contested.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = {"dnipropetrovsk-incursion": ROOT / "samples" / "dnipropetrovsk-incursion.txt",
        "mezha-frontline-2026-02-26": SHARED / "reports" / "mezha-frontline-2026-02-26.txt"}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def per_call(fn: Callable[[], Any], trials: int = 5, seconds: float = 0.5) -> float:
    """Median seconds per call over `trials` runs of about `seconds` each (a steadier figure than one run)."""
    fn()
    times = []
    for _ in range(trials):
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            fn()
            n += 1
        times.append((time.perf_counter() - start) / n)
    return statistics.median(times)


def norm(name: str) -> str:
    return normalise_name(name).removesuffix(" region").removesuffix(" oblast")


def evaluate(label: str, gaz: SQLiteGazetteer) -> None:
    pipeline = Pipeline(gaz)
    tp = fp = fn = 0
    near10 = near161 = located = confident_wrong = 0
    all_mentions = []
    for stem, path in GOLD.items():
        gold_file = SHARED / "gold" / f"{stem}.jsonl"
        if not gold_file.is_file() or not path.is_file():
            continue
        gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold_places = {norm(p["name"]): p for g in gold for p in g["places"]}
        [doc] = [d for d in read_inputs([str(path)]) if isinstance(d, Document)]
        processed = pipeline.process(doc)
        all_mentions.append(processed.mentions)
        found = {norm(m.span.text) for m in processed.mentions if m.relation != "anaphora"}
        found |= {norm(m.resolution.place.name) for m in processed.mentions
                  if m.resolution and m.resolution.place and m.relation == "anaphora"}
        tp += len(found & gold_places.keys())
        fp += len(found - gold_places.keys())
        fn += len(gold_places.keys() - found)
        for key, gp in gold_places.items():
            if gp.get("lat") is None:
                continue
            located += 1
            ms = [m for m in processed.mentions if norm(m.span.text) == key and m.resolution and m.resolution.place]
            if not ms:
                continue
            res = ms[0].resolution
            assert res is not None and res.place is not None
            d = km((gp["lat"], gp["lon"]), (res.place.lat, res.place.lon))
            near10 += d <= 10
            near161 += d <= 161
            confident_wrong += d > 50 and res.confidence >= 0.5
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"[{label}] mentions: precision {p:.3f} recall {r:.3f} ({tp} found, {fp} extra, {fn} missed)")
    print(f"[{label}] gold places with coordinates: {near10}/{located} within 10 km, {near161}/{located} within "
          f"161 km, {confident_wrong} confidently wrong (> 50 km, confidence >= 0.5); exact GeoNames id: the gold "
          "carries none")
    resolver = Resolver(gaz)
    flat = [m for ms in all_mentions for m in ms]

    def resolve_reports() -> None:
        for ms in all_mentions:
            resolver.resolve_all(ms)

    def look_up() -> None:
        for m in flat:
            gaz.candidates(m.span.text)

    rate = len(flat) / per_call(resolve_reports)
    lookup = len(flat) / per_call(look_up)
    print(f"[{label}] resolutions/s (index loaded, whole reports resolved jointly): {rate:,.0f}; "
          f"baseline cached name lookups/s: {lookup:,.0f}; ratio {rate / lookup:.3f}")


def main() -> None:
    embedded = open_gazetteer()
    evaluate("embedded cities500", embedded)
    ua = SHARED / "gazetteer" / "UA.txt"
    if not ua.is_file():
        print(f"village-level data absent ({ua}): skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "village.sqlite"
        shutil.copy(embedded.path, target)
        gaz = SQLiteGazetteer(target)
        start = time.perf_counter()
        report = import_geonames(gaz, ua)
        print(f"import of {ua.name}: {report.rows_added:,} rows in {time.perf_counter() - start:.1f} s")
        for name in ("admin1CodesASCII.txt", "admin2Codes.txt"):
            import_geonames(gaz, ua.parent / name)
        evaluate("cities500 + UA.txt", gaz)


if __name__ == "__main__":
    main()
