"""Import GeoNames dumps into the gazetteer index: resumable, idempotent, malformed rows skipped (#2, #3).

Recognised by file name: `admin1CodesASCII.txt`, `admin2Codes.txt`, `alternateNames*.txt`; anything
else is read as a country or all-countries dump (19 tab-separated columns, `UA.txt` or `UA.zip`).

>>> report = import_geonames(gaz, Path("UA.txt"))    # doctest: +SKIP
>>> report.rows_added, report.malformed[:1]          # doctest: +SKIP
(45086, [])
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from contested.errors import GazetteerError
from contested.geo.gazetteer import Progress, SQLiteGazetteer, _add_names, _upsert_place, iter_lines

BATCH = 5000


@dataclass
class ImportReport:
    """What an import did: rows read, added or updated, skipped as malformed (with line numbers)."""

    file: str
    kind: str
    rows_added: int = 0
    rows_skipped_resume: int = 0
    malformed: list[str] = field(default_factory=list)


def download(url: str, folder: Path, progress: Progress | None = None) -> Path:
    """Fetch a GeoNames dump (e.g. https://download.geonames.org/export/dump/UA.zip) into `folder`."""
    import urllib.error
    import urllib.request

    name = url.rstrip("/").rsplit("/", 1)[-1] or "download"
    target = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, partial.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            done = 0
            while chunk := response.read(1 << 20):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise GazetteerError(f"cannot download {url}: {exc}; offline, pass a local file instead") from exc
    partial.replace(target)
    return target


def file_kind(path: Path) -> str:
    name = path.name.lower()
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    if name.startswith("alternatenames"):
        return "alternate"
    return "dump"


def import_geonames(gaz: SQLiteGazetteer, path: Path, progress: Progress | None = None,
                    *, stop_after: int | None = None) -> ImportReport:
    """Import one GeoNames file; a re-run resumes after the last committed batch.

    `stop_after` ends the run after that many rows without marking it done (tests of resuming use it).
    """
    if not path.is_file():
        raise GazetteerError(f"no such file: {path}")
    kind = file_kind(path)
    key = f"{path.resolve()}:{path.stat().st_size}:{int(path.stat().st_mtime)}"
    conn = gaz.conn
    row = conn.execute("SELECT rows_done, done FROM imports WHERE file=?", (key,)).fetchone()
    start, done = (row[0], row[1]) if row else (0, 0)
    report = ImportReport(str(path), kind, rows_skipped_resume=start)
    if done:
        return report
    handler = {"admin1": _admin_row, "admin2": _admin_row, "alternate": _alternate_row, "dump": _dump_row}[kind]
    n = 0
    conn.execute("BEGIN")
    try:
        for n, line in enumerate(iter_lines(path), start=1):
            if n <= start:
                continue
            if line.startswith("#") or not line.strip():
                continue
            try:
                handler(conn, line.rstrip("\n").split("\t"))
                report.rows_added += 1
            except (ValueError, IndexError) as exc:
                report.malformed.append(f"{path.name}:{n}: {exc}")
            if n % BATCH == 0:
                conn.execute("INSERT OR REPLACE INTO imports VALUES (?,?,0)", (key, n))
                conn.execute("COMMIT")
                conn.execute("BEGIN")
                if progress:
                    progress(n, None)
            if stop_after is not None and n >= start + stop_after:
                conn.execute("INSERT OR REPLACE INTO imports VALUES (?,?,0)", (key, n))
                conn.execute("COMMIT")
                return report
        conn.execute("INSERT OR REPLACE INTO imports VALUES (?,?,1)", (key, n))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    gaz.reload_admin()
    if progress:
        progress(n, n)
    return report


def _dump_row(conn: sqlite3.Connection, cols: list[str]) -> None:
    if len(cols) < 15:
        raise ValueError(f"expected 19 columns, got {len(cols)}")
    geonameid, name = int(cols[0]), cols[1]
    lat, lon = float(cols[4]), float(cols[5])
    if not name or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("missing name or coordinates out of range")
    fclass, fcode, country = cols[6] or None, cols[7] or None, cols[8]
    if len(country) != 2:
        raise ValueError(f"bad country code {country!r}")
    population = int(cols[14] or 0)
    pid = _upsert_place(conn, geonameid, name, lat, lon, fclass, fcode, country, cols[10] or None,
                        cols[11] or None, population, "geonames dump")
    _add_names(conn, pid, [name, cols[2], *cols[3].split(",")])


def _admin_row(conn: sqlite3.Connection, cols: list[str]) -> None:
    if len(cols) < 4:
        raise ValueError(f"expected 4 columns, got {len(cols)}")
    code, name, geonameid = cols[0], cols[1], int(cols[3])
    if code.count(".") not in (1, 2):
        raise ValueError(f"bad admin code {code!r}")
    conn.execute("INSERT INTO admin(code, name, geonameid) VALUES (?,?,?) ON CONFLICT(code) DO UPDATE SET "
                 "name=excluded.name, geonameid=excluded.geonameid", (code, name, geonameid))
    if code.count(".") == 1:
        country, admin1 = code.split(".")
        conn.execute("UPDATE places SET geonameid=? WHERE country=? AND admin1=? AND feature_code='ADM1' "
                     "AND geonameid IS NULL AND NOT EXISTS (SELECT 1 FROM places WHERE geonameid=?)",
                     (geonameid, country, admin1, geonameid))
        row = conn.execute("SELECT id FROM places WHERE geonameid=?", (geonameid,)).fetchone()
        if row:
            _add_names(conn, row[0], [name, cols[2], f"{name} oblast", f"{name} region"])


def _alternate_row(conn: sqlite3.Connection, cols: list[str]) -> None:
    if len(cols) < 4:
        raise ValueError(f"expected at least 4 columns, got {len(cols)}")
    geonameid, lang, name = int(cols[1]), cols[2], cols[3]
    if lang in ("link", "post", "iata", "icao", "faac", "wkdt", "abbr", "unlc"):
        return
    row = conn.execute("SELECT id FROM places WHERE geonameid=?", (geonameid,)).fetchone()
    if row:  # names of places not in the index are of no use to resolution
        _add_names(conn, row[0], [name])
