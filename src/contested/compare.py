"""Compare contested's statuses with independent control data (#4).

Reads a GeoJSON of territory one side controls on a date (DeepStateMap's occupied layer, ISW's
assessed control; date from `--date` or a YYYYMMDD / YYYY-MM-DD in the file name, side from `--side`),
or a CSV with columns place, date, side. Prints agreement as a confusion table.

>>> compare_geojson(ledger, Path("deepstatemap_data_20250821.geojson"), side="RU")   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from shapely.errors import GEOSException
from shapely.geometry import Point, shape
from shapely.prepared import prep

from contested.errors import InputError
from contested.ledger import Ledger
from contested.reconcile import StatusResult, status_table


@dataclass
class Comparison:
    truth_date: date
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # place, ours, theirs

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((ours, theirs) for _, ours, theirs in self.rows)

    def agreement(self) -> float:
        decided = [(o, t) for _, o, t in self.rows if o not in ("unknown", "contested")]
        return sum(1 for o, t in decided if o == t) / len(decided) if decided else 0.0


def date_from_name(path: Path) -> date | None:
    m = re.search(r"(\d{4})-?(\d{2})-?(\d{2})", path.stem)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _ours(result: StatusResult) -> str:
    if result.status in ("held", "claimed", "changed hands") and result.side:
        return result.side
    return result.status


def compare_geojson(ledger: Ledger, path: Path, side: str, on: date | None = None, other: str = "other",
                    country: str | None = None) -> Comparison:
    """Places with a status on the file's date, against whether they lie inside the controlled area.

    Outside the area counts as `other` (the other side, where the data covers the whole front); `country`
    limits the comparison to places of one country (the area the control data describes).
    """
    on = on or date_from_name(path)
    if on is None:
        raise InputError(f"{path}: give --date; no date in the file name")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable GeoJSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a GeoJSON object")
    features = data.get("features", [data]) if data.get("type") == "FeatureCollection" else [data]
    try:
        geoms = [prep(shape(f.get("geometry", f))) for f in features if f]
    except (AttributeError, KeyError, TypeError, ValueError, GEOSException) as exc:
        raise InputError(f"{path}: a feature without a usable geometry ({exc})") from exc
    comparison = Comparison(on)
    for result in status_table(ledger, on):
        point = _point(ledger, result.place, country)
        if point is None:
            continue
        inside = any(g.contains(point) for g in geoms)
        comparison.rows.append((result.place, _ours(result), side if inside else other))
    return comparison


def _point(ledger: Ledger, name: str, country: str | None = None) -> Point | None:
    """A settlement's point (regions have no single point to test)."""
    in_country = " AND country = ?" if country else ""
    row = ledger.conn.execute("SELECT lon, lat FROM places WHERE name=? COLLATE NOCASE AND feature_code IS NOT 'ADM1'"
                              f"{in_country} LIMIT 1", (name, country) if country else (name,)).fetchone()
    return Point(row[0], row[1]) if row else None


def compare_csv(ledger: Ledger, path: Path) -> list[Comparison]:
    """A CSV of place, date, side (the controlling side on that date)."""
    by_date: dict[date, dict[str, str]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"place", "date", "side"} - set(reader.fieldnames or [])
            if missing:
                raise InputError(f"{path}: the CSV needs the columns place, date, side (missing: "
                                 f"{', '.join(sorted(missing))})")
            for row in reader:
                where = f"{path}:{reader.line_num}"
                try:
                    on = date.fromisoformat((row["date"] or "").strip())
                except ValueError as exc:
                    raise InputError(f"{where}: cannot read the date {row['date']!r} (use YYYY-MM-DD)") from exc
                if not row["place"] or not row["side"]:
                    raise InputError(f"{where}: a row needs a place and a side")
                by_date.setdefault(on, {})[row["place"].lower()] = row["side"]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
    out = []
    for on, truth in sorted(by_date.items()):
        comparison = Comparison(on)
        for result in status_table(ledger, on):
            if result.place.lower() in truth:
                comparison.rows.append((result.place, _ours(result), truth[result.place.lower()]))
        out.append(comparison)
    return out
