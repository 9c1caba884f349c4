"""Resolved places far from the front (#8): every place of the ISW stream more than 100 km from the DeepState
line of its day, to read through for errors (a real distant place, a city struck from afar or a capital, is
fine; a namesake snapped to the wrong country is not).

    .venv/bin/python benchmarks/distant_places.py [--km 100] [--gazetteer FILE]

Reads ../shared/streams/isw-2025-01/ (reports with their dates) and ../shared/truth/deepstate/ (the occupied
area of each day); the line is the edge of that area. Prints one row per distinct place: distance, name,
country and region, mentions, the names it was written as, and one sentence.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Point, shape

from contested.geo.gazetteer import open_gazetteer
from contested.geoparse import geoparse
from contested.ingest import read_inputs
from contested.model import Document
from contested.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KM_PER_DEG = 111.2


def _km_plane(lon, lat):  # floats or arrays alike
    """Degrees to km on a plane true at 48.5° N (the front's latitude): good to a few % across Ukraine."""
    return lon * KM_PER_DEG * math.cos(math.radians(48.5)), lat * KM_PER_DEG


def line_of(day: date):
    path = SHARED / "truth" / "deepstate" / f"deepstatemap_data_{day:%Y%m%d}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    geom = shape(data["features"][0]["geometry"] if data.get("type") == "FeatureCollection" else data)
    return shapely.transform(geom, lambda xy: np.column_stack(_km_plane(xy[:, 0], xy[:, 1]))).boundary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--km", type=float, default=100.0)
    parser.add_argument("--gazetteer", type=Path)
    parser.add_argument("--reasons", action="store_true", help="print the reasons of each resolution")
    args = parser.parse_args()
    pipeline = Pipeline(open_gazetteer(args.gazetteer))
    docs = [d for d in read_inputs([str(SHARED / "streams" / "isw-2025-01")]) if isinstance(d, Document)]
    by_ref = {d.origin: d for d in docs}
    lines = {}
    far: dict[int, dict] = defaultdict(lambda: {"mentions": 0, "as": set(), "roles": set()})
    total = resolved = 0
    for rec in geoparse(pipeline, docs):
        assert isinstance(rec, dict)
        total += 1
        if rec["lat"] is None or rec["role"] == "demonym":
            continue
        resolved += 1
        doc = by_ref[rec["doc"]]
        assert doc.published is not None
        if doc.published not in lines:
            lines[doc.published] = line_of(doc.published)
        km = lines[doc.published].distance(Point(_km_plane(rec["lon"], rec["lat"])))
        if km <= args.km:
            continue
        row = far[rec["geonameid"] or hash((rec["name"], rec["lat"]))]
        row.update(km=km, name=rec["name"], country=rec["country"], code=rec["feature_code"] or "P",
                   conf=max(row.get("conf", 0.0), rec["confidence"]))
        row["mentions"] += 1
        row["as"].add(rec["text"])
        row["roles"].add(rec["role"])
        start = max(doc.text.rfind(". ", 0, rec["start"]) + 2, doc.text.rfind("\n", 0, rec["start"]) + 1,
                    rec["start"] - 100)
        row.setdefault("sentence", " ".join(doc.text[start:rec["end"] + 60].split()))
        row.setdefault("reasons", rec["reasons"])
    mentions = sum(r["mentions"] for r in far.values())
    print(f"{total} place mentions in {len(docs)} reports, {resolved} resolved (demonyms aside); {mentions} mentions "
          f"of {len(far)} places lie more than {args.km:.0f} km from the DeepState line of their day")
    for r in sorted(far.values(), key=lambda r: -r["km"]):
        print(f"{r['km']:6.0f} km  {r['name']} ({r['country']} {r['code']}) x{r['mentions']} conf {r['conf']:.2f} "
              f"as {'/'.join(sorted(r['as']))} [{','.join(sorted(r['roles']))}] | {r['sentence']}")
        if args.reasons:
            print(f"          reasons: {'; '.join(r['reasons'])}")


if __name__ == "__main__":
    main()
