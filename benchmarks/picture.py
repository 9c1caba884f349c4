"""The contested picture of a stream against control maps (#9): ingest the ISW stream of January 2025 with its
dates, then for each day that has a DeepState map compare the status of every Ukrainian place with a status.

    .venv/bin/python benchmarks/picture.py [--gazetteer FILE] [--db FILE] [--km 20]

Reports three figures (targets in #9):
- agreement: over the place-days where contested names a side (held, claimed or changed hands), the share whose
  side matches DeepState (inside the occupied area: RU, outside: UA);
- places with a side: distinct places that got a side on some day;
- contested near the line: the share of place-days called contested that lie within `--km` of that day's line.
Reads ../shared/streams/isw-2025-01/ and ../shared/truth/deepstate/; writes nothing but the ledger (a temporary
one unless `--db` names one to keep or reuse).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from shapely.geometry import Point
from shapely.prepared import prep

from contested.geo.gazetteer import open_gazetteer
from contested.ingest import read_inputs
from contested.ledger import Ledger
from contested.pipeline import Pipeline, ingest
from contested.reconcile import refresh, status_table
from distant_places import SHARED, _km_plane, line_of

SIDED = ("held", "claimed", "changed hands")


def truth_days() -> list[date]:
    folder = SHARED / "truth" / "deepstate"
    days = []
    for path in sorted(folder.glob("deepstatemap_data_2025*.geojson")):
        stamp = path.stem.rsplit("_", 1)[1]
        days.append(date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:])))
    return days


def area_of(day: date):
    import json

    from shapely.geometry import shape

    path = SHARED / "truth" / "deepstate" / f"deepstatemap_data_{day:%Y%m%d}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data["features"] if data.get("type") == "FeatureCollection" else [data]
    return [prep(shape(f.get("geometry", f))) for f in features]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gazetteer", type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--km", type=float, default=20.0)
    parser.add_argument("--policy", type=Path, help="a status policy file (default: the built-in one)")
    parser.add_argument("--rows", action="store_true", help="print each disagreeing place-day")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "stream.db"
        ledger = Ledger.open(db)
        if not ledger.counts()["documents"]:
            pipeline = Pipeline(open_gazetteer(args.gazetteer))
            ingest(read_inputs([str(SHARED / "streams" / "isw-2025-01")]), ledger, pipeline)
            refresh(ledger, pipeline.profile)
        points = {r[0]: (r[1], r[2]) for r in ledger.conn.execute(
            "SELECT id, lon, lat FROM places WHERE country = 'UA' AND feature_code NOT IN ('ADM1', 'ADM2', 'PCLI')")}
        first, last = ledger.conn.execute("SELECT MIN(published), MAX(published) FROM documents").fetchone()
        days = [d for d in truth_days() if first <= d.isoformat() <= last]
        agree: Counter[bool] = Counter()
        sided_places: set[str] = set()
        contested = near = 0
        misses: list[float] = []  # each disagreement's distance from that day's line, km
        for day in days:
            area, line = area_of(day), line_of(day)
            for r in status_table(ledger, day, policy_path=str(args.policy) if args.policy else None):
                if r.place_id not in points:
                    continue
                lon, lat = points[r.place_id]
                truth = "RU" if any(a.contains(Point(lon, lat)) for a in area) else "UA"
                if r.status in SIDED and r.side:
                    agree[r.side == truth] += 1
                    sided_places.add(r.place)
                    if r.side != truth:
                        off = line.distance(Point(*_km_plane(lon, lat)))
                        misses.append(off)
                        if args.rows:
                            print(f"{day} {r.place}: contested says {r.status} {r.side}, DeepState {truth} "
                                  f"({off:.1f} km from the line)")
                elif r.status == "contested":
                    contested += 1
                    x, y = _km_plane(lon, lat)
                    near += line.distance(Point(x, y)) <= args.km
        decided = agree[True] + agree[False]
        print(f"days compared: {len(days)} ({days[0] if days else '-'} to {days[-1] if days else '-'}); "
              f"documents: {ledger.counts()['documents']}, claims: {ledger.counts()['claims']}")
        print(f"agreement where contested names a side: {agree[True]}/{decided} = "
              f"{agree[True] / decided if decided else 0:.1%} (target >= 90%)")
        if misses:
            print(f"disagreements: {len(misses)}, all within {max(misses):.1f} km of the day's line "
                  f"(median {sorted(misses)[len(misses) // 2]:.1f} km)")
        print(f"distinct places named with a side: {len(sided_places)} (target >= 60)")
        print(f"place-days called contested within {args.km:g} km of the line: {near}/{contested} = "
              f"{near / contested if contested else 0:.1%} (target >= 90%)")


if __name__ == "__main__":
    main()
