"""Resolve place mentions to gazetteer entries, with a confidence and the reasons for it (#2, #3).

The rules, in the order they apply:
1. a region mention ("Dnipropetrovsk region") resolves to the first-order division; "the region"
   to the region it points back at;
2. one name is one place throughout a report: its mentions are resolved together, with their contexts;
3. candidates are the places that go by the name (every spelling and script); failing that, places
   whose romanisation-folded name is close (fuzzy, scored with rapidfuzz);
4. places in the conflict profile's countries are preferred; a region named in the sentence is a hard
   filter ("not in the gazetteer for X oblast"), except for a place within `BORDER_KM` of a list
   neighbour inside it (borders in the gazetteer and in reporting do not always agree);
5. the candidate closest to the other places wins: its list neighbours in the sentence ("Zaporizke and
   Novohryhorivka", each at its own nearest candidate) weigh double the report's other places; the
   conflict profile's area of interest and population are priors;
6. confidence starts from the kind of match and is capped where the evidence is thin: a village with no
   other place of the report nearby, several namesakes close in score or in the same oblast, a place
   outside the stated region, or far from the rest.

>>> Resolver(gaz).resolve_all(mentions)   # doctest: +SKIP
>>> mentions[0].resolution.place.name, mentions[0].resolution.confidence   # doctest: +SKIP
('Dnipropetrovsk', 0.9)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from contested.geo.gazetteer import AREA_CODES, REGION_WORDS, SIMILAR_MIN, Gazetteer
from contested.geo.names import normalise_name
from contested.model import Place, PlaceMention, Resolution
from contested.resources import Profile, abbreviated_place_names, load_profile

ABSTAIN = 0.25
# A locator ("Lozova (northeast of Borova)") admits candidates within this distance of the resolved anchor and
# within this many degrees of the stated bearing. On the development gold the located villages lie 2-45 km
# from their anchors and ISW's compass words are eight-point approximations (#7, #8).
LOCATOR_KM = 60.0
# ...or this far from a city's: reports locate whole sectors by their cities ("northeast of Kharkiv City near
# Vovchansk and Tykhe": 60-70 km)
LOCATOR_CITY_KM = 100.0
LOCATOR_SECTOR = 67.5
# Within the sector, a candidate on the stated bearing gains up to this much over one at the sector's edge: enough to
# choose between namesakes that nothing else tells apart, less than a region the report names (CONTAINED_REGION)
BEARING_WEIGHT = 0.1
# "between A and B" and "on the A-B road" admit candidates this close to the segment joining the anchors (or a
# third of its length, for anchors far apart): a road bends, and "between" is loose
BETWEEN_KM = 15.0
BEARINGS = {"north": 0.0, "north-northeast": 22.5, "northeast": 45.0, "north-east": 45.0, "east-northeast": 67.5,
            "east": 90.0, "east-southeast": 112.5, "southeast": 135.0, "south-east": 135.0,
            "south-southeast": 157.5, "south": 180.0, "south-southwest": 202.5, "southwest": 225.0,
            "south-west": 225.0, "west-southwest": 247.5, "west": 270.0, "west-northwest": 292.5,
            "northwest": 315.0, "north-west": 315.0, "north-northwest": 337.5}
HOME_BONUS = 0.15
# A town in a region or country the report names elsewhere ("Paris ... Texas") is likelier that region's
CONTAINED_REGION = 0.5
CONTAINED_COUNTRY = 0.25
LIKE_BONUS = 0.3
# A town and a county named in one report, where one of the town's namesakes lies in one of the county's namesakes
# ("Richmond" beside "Madison County": Richmond, Kentucky), are that town and that county: as strong as a region named
NESTED_BONUS = CONTAINED_REGION
# "in Georgia" after a word of location reads as the country, unless the report's places lie in the country of a
# same-named division (a US paper's towns around "Georgia"): the reading's prior against that country's share
COUNTRY_READING = 0.3
NEAR_KM = 50.0
FAR_KM = 150.0
ABSTAIN_KM = 2500.0
VILLAGE = 10_000
SPACING_FACTOR = 5.0
ISOLATED_KM = 100.0
CITY = 100_000
DIRECTION_WINDOW = 3  # sentences either side, for a direction named in a sentence with no other place
DIRECTION_KM = 150.0  # a front named after a town reaches this far from it (Kursk direction: Korenevo, 110 km)
DIRECTION_REGION_KM = 60.0  # ...but outside the regions named around it, only this far from its places
BORDER_KM = 15.0
LIST_BLOCK = 600  # candidates of names in lists scored in one matrix (a long report's lists: one per connected set)
FUZZY_MIN = 80.0
# A name no gazetteer spelling matches may be a typo of a settlement of the conflict's countries; names shorter than
# this match too many others by one letter ("Ulanok", "Ulaniv")
TYPO_MIN_LENGTH = 8
TYPO_REASON = f"no place of this name: a close spelling, fuzzy score ≥{SIMILAR_MIN:.0f} (a typo?)"
EARTH_KM = 6371.0
PRECISION = {"settlement": "settlement", "near": "near", "direction": "near", "region": "oblast", "raion": "raion",
             "country": "country"}
# The last word of a name that makes it a division, not a town: "Laurel County" is the county, "Laurel" the town
DIVISION_WORDS = REGION_WORDS | {"parish", "borough", "raion", "rayon"}
FEATURE_PRECISION = {"ADM1": "oblast", "CONT": "continent", "ADM2": "raion"}  # else PCL* -> country


def precision_of(place: Place | None, kind: str) -> str:
    """How exact a resolution is: the mention's kind, unless the place is an area ("in Texas" is a region)."""
    code = place.feature_code if place is not None else None
    if code in FEATURE_PRECISION and kind != "raion":
        return FEATURE_PRECISION[code]
    if code and code.startswith("PCL") or code == "TERR":
        return "country"
    return PRECISION.get(kind, "settlement")


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, h)))


def bearing_deg(a: Place, b: Place) -> float:
    """Initial compass bearing from a to b, degrees clockwise from north."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    x = math.sin(lo2 - lo1) * math.cos(la2)
    y = math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(lo2 - lo1)
    return math.degrees(math.atan2(x, y)) % 360


def locator_km(anchor: Place) -> float:
    """How far from its anchor a located place may lie: farther from a city than from a village."""
    return LOCATOR_CITY_KM if anchor.population >= CITY else LOCATOR_KM


def fits_locator(place: Place, anchor: Place, direction: str) -> bool:
    """Does a candidate lie where the report says, relative to its anchor ("northwest and south of Sudzha")?"""
    km = distance_km(anchor, place)
    if km > locator_km(anchor):
        return False
    bearings = [BEARINGS[w] for w in direction.replace(" and ", " ").split() if w in BEARINGS]
    if not bearings or km < 3.0:  # "near X", or too close for a bearing to mean anything
        return True
    actual = bearing_deg(anchor, place)
    return any(min(abs(actual - b), 360 - abs(actual - b)) <= LOCATOR_SECTOR for b in bearings)


def on_bearing(place: Place, anchor: Place, direction: str) -> float:
    """1 for a candidate on the stated bearing from its anchor, falling to 0 at the sector's edge ("northeast of
    Kupyansk": a village due northeast fits better than one east-northeast); 1 where no bearing applies."""
    bearings = [BEARINGS[w] for w in direction.replace(" and ", " ").split() if w in BEARINGS]
    if not bearings or distance_km(anchor, place) < 3.0:
        return 1.0
    actual = bearing_deg(anchor, place)
    off = min(min(abs(actual - b), 360 - abs(actual - b)) for b in bearings)
    return max(0.0, 1.0 - off / LOCATOR_SECTOR)


def fits_between(place: Place, a: Place, b: Place) -> bool:
    """Does a candidate lie between two anchors ("between Pokrovsk and Myrnohrad", "on the A-B road")?

    Within BETWEEN_KM or a third of the anchors' distance, whichever is larger, of the segment joining them.
    """
    scale = math.cos(math.radians(a.lat))

    def xy(p: Place) -> tuple[float, float]:  # km on a plane through a: fine over tens of km
        return (p.lon - a.lon) * 111.32 * scale, (p.lat - a.lat) * 110.57

    (bx, by), (px, py) = xy(b), xy(place)
    length2 = bx * bx + by * by
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, (px * bx + py * by) / length2))
    off = math.hypot(px - t * bx, py - t * by)
    return off <= max(BETWEEN_KM, math.sqrt(length2) / 3)


def _unit(places: Sequence[Place]) -> np.ndarray:
    """Places as unit vectors on the sphere (rows of x, y, z)."""
    ll = np.radians(np.array([[p.lat, p.lon] for p in places], dtype=float).reshape(-1, 2))
    cos_lat = np.cos(ll[:, 0])
    return np.column_stack([cos_lat * np.cos(ll[:, 1]), cos_lat * np.sin(ll[:, 1]), np.sin(ll[:, 0])])


def _km_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle distances between every row of `a` and every row of `b` (unit vectors): one matrix product."""
    return EARTH_KM * np.arccos(np.clip(a @ b.T, -1.0, 1.0))




def _admissible(place: Place, kind: str, text: str = "") -> bool:
    """Can a mention of this kind be this gazetteer feature? Rivers, hills and raions are never "settlements",
    unless the name says it is a division ("Laurel County", "Rapides Parish")."""
    if kind == "region":
        return place.feature_code == "ADM1"
    if kind == "country":  # a country, or a first-order division of the same name elsewhere ("Georgia")
        return place.feature_code in AREA_CODES and place.feature_code != "CONT"
    if place.feature_code == "ADM2":
        words = text.split()
        # "Laurel County", or a division called so outright ("Essex", "Surrey", "Yvelines"); not "Essex County"
        # for "Essex", nor "Pokrovsk Raion" for "Pokrovsk"
        return (len(words) > 1 and words[-1].lower() in DIVISION_WORDS) or (
            kind == "settlement" and normalise_name(place.name) == normalise_name(text))
    return place.feature_class == "P" or place.feature_code in AREA_CODES


def _prior(place: Place, text: str) -> float:
    """Population prior in [0, 1], with a bonus when the main name (not an old or foreign one) matches."""
    prior = min(1.0, math.log10(place.population + 10) / 7)
    if normalise_name(place.name) == normalise_name(text):
        prior += 0.3
    return prior


def _own_area(p: Place) -> tuple[str, str | None]:
    """The area key an area candidate is itself (a region does not lie in itself); a town is no area."""
    if p.feature_code not in AREA_CODES:
        return ("", "")  # a town in a country the report names lies in it: "London" beside "Canada" is Ontario's
    return (p.country, p.admin1 if p.feature_code == "ADM1" else None)


def _lists(items: list[_Group]) -> list[list[_Group]]:
    """Names joined by sharing sentences, as connected sets (each list of villages is one)."""
    seen: set[int] = set()
    out = []
    for g in items:
        if id(g) in seen or not g.siblings:
            continue
        component, todo = [], [g]
        seen.add(id(g))
        while todo:
            node = todo.pop()
            component.append(node)
            for o in node.siblings:
                if id(o) not in seen and o.cands:
                    seen.add(id(o))
                    todo.append(o)
        out.append(component)
    return out


class _Closeness:
    """Closeness, exp(-km / NEAR_KM), of every candidate to its list neighbours and to the report's places.

    A list neighbour counts at its own nearest candidate (so "Zaporizke and Novohryhorivka" pick the pair
    that lie together); the report's other places count at their current choice, three nearest averaged.
    """

    def __init__(self, items: list[_Group], named_areas: dict[tuple[str, str | None], str] | None = None) -> None:
        self.items = [g for g in items if g.cands]
        self.named_areas = named_areas or {}
        self.xy = np.vstack([g.xy for g in self.items]) if self.items else np.zeros((0, 3))
        self.ids = np.array([p.geonameid or -1 for g in self.items for p in g.cands])
        self.at_item = {id(g): i for i, g in enumerate(self.items)}
        self.rows: dict[int, slice] = {}
        start = 0
        for g in self.items:
            self.rows[id(g)] = slice(start, start + len(g.cands))
            start += len(g.cands)
        self.row_item = np.repeat(np.arange(len(self.items)), [len(g.cands) for g in self.items])
        self._together: np.ndarray | None = None
        # each candidate's closeness to its list neighbours (at their nearest candidates), and whether it has any
        self.sibling_all = np.zeros(len(self.xy))
        self.has_sibling = np.zeros(len(self.xy), dtype=bool)
        for members in self._list_blocks():
            sizes = [len(self.items[i].cands) for i in members]
            starts = [0, *accumulate(sizes)][:-1]
            rows = np.flatnonzero(np.isin(self.row_item, members))  # their candidates, in order (`members` sorted)
            xy, ids = self.xy[rows], self.ids[rows]
            block = np.exp(-_km_matrix(xy, xy) / NEAR_KM)
            block[ids[:, None] == ids[None, :]] = 0.0  # a list names different places (see `settle`)
            nearest = np.maximum.reduceat(block, starts, axis=1)  # each candidate to each member's nearest candidate
            lists = self.together()[np.ix_(members, members)]
            np.fill_diagonal(lists, False)
            of_row = np.repeat(np.arange(len(members)), sizes)
            counts = lists.sum(axis=1)[of_row]
            sibling = np.where(lists[of_row], nearest, 0.0).sum(axis=1) / np.maximum(counts, 1)
            self.sibling_all[rows], self.has_sibling[rows] = sibling, counts > 0
        self.silent: np.ndarray | None = None  # see `_silent`
        self.cand_region: np.ndarray | None = None  # "country.admin1" of each candidate (see `_scores_all`)
        self.cand_country: np.ndarray = np.zeros(0)
        self.best_xy: np.ndarray = np.zeros((0, 3))  # the current choices' points (see `settle`)
        self._spacing: float | None = None
        self._closest: list[int] | None = None
        self.nested = self._nested()
        self.to_best = np.zeros((len(self.xy), 0))
        self.of_all: np.ndarray | None = None
        self.scores_all: np.ndarray | None = None
        self.best_all: list[int] | None = None
        self.prior_all = np.concatenate([g.prior for g in self.items]) if self.items else np.zeros(0)

    def _nested(self) -> dict[int, np.ndarray]:
        """NESTED_BONUS for each candidate town that lies in a candidate county of another name, and each candidate
        county that holds a candidate town of another name; only names with such a pair get an entry."""
        out: dict[int, np.ndarray] = {}
        self.nested_with: dict[tuple[int, int], tuple[str, str]] = {}  # (id(g), candidate) -> ("in", "X County")
        # only a name with a division word, or read as one ("Douglas and Lancaster counties"), has county
        # candidates (`_admissible`): most reports have none
        divisions = [g for g in self.items if g.kind == "raion" or g.text.rsplit(None, 1)[-1].lower() in DIVISION_WORDS]
        holders: dict[tuple[str, str | None, str], dict[int, str]] = {}  # county -> names with it as a candidate
        for g in divisions:
            for p in g.cands:
                if p.feature_code == "ADM2" and p.admin2:
                    holders.setdefault((p.country, p.admin1, p.admin2), {})[id(g)] = g.text
        if not holders:
            return out
        members: dict[tuple[str, str | None, str], dict[int, str]] = {}  # county -> names with a town in it
        towns: list[tuple[_Group, int, tuple[str, str | None, str]]] = []
        for g in self.items:
            for i, p in enumerate(g.cands):
                key = (p.country, p.admin1, p.admin2 or "")
                if p.feature_code is None and key in holders:
                    members.setdefault(key, {})[id(g)] = g.text
                    towns.append((g, i, key))
        pairs = [(g, i, key, members) for g in divisions for i, p in enumerate(g.cands)
                 if p.feature_code == "ADM2" and (key := (p.country, p.admin1, p.admin2 or "")) in members]
        for g, i, key, table in [*((g, i, key, holders) for g, i, key in towns), *pairs]:
            other = [text for k, text in table[key].items() if k != id(g)]
            if other:
                out.setdefault(id(g), np.zeros(len(g.cands)))[i] = NESTED_BONUS
                self.nested_with[(id(g), i)] = ("holds" if table is members else "in", other[0])
        return out

    def nesting(self, g: _Group) -> np.ndarray | float:
        """See `_nested`."""
        return self.nested.get(id(g), 0.0)

    def settle(self) -> None:
        """Distances of every candidate to every name's current choice, in one step."""
        chosen = [g for g in self.items if g.best is not None]
        # a country's or region's point is no neighbour of anything: closeness is between places proper
        self.chosen = [g for g in chosen if g.cands[g.best].feature_code not in AREA_CODES]  # type: ignore[index]
        at = np.array([self.rows[id(g)].start + g.best for g in self.chosen], dtype=int)
        best = self.xy[at]
        self.to_best = np.exp(-_km_matrix(self.xy, best) / NEAR_KM)
        # two names in one report are two places: a place another name chose does not vouch for itself under
        # this one ("Youngstown" beside "Mount Gilead", which GeoNames also calls Youngstown); a place with no
        # GeoNames id vouches for every other
        best_ids = np.where(self.ids[at] == -1, -2, self.ids[at])
        self.to_best[self.ids[:, None] == best_ids[None, :]] = 0.0
        self.of_all = None  # computed when a name with a choice to make asks (`of`)
        self.scores_all = self.best_all = None  # likewise (`choose`)
        self.best_xy, self._spacing, self._closest = best, None, None
        self.areas: dict[tuple[str, str | None], list[str]] = {}
        self.area_codes: dict[int, str] = {}  # id(group) -> the feature code of its chosen area
        for g in chosen:
            place = g.place
            if place is not None and place.feature_code in AREA_CODES:
                self.area_codes[id(g)] = place.feature_code or ""
            # a nationality word ("American", "Canadian") says whose, not where: it names no area towns lie in
            if place is not None and place.feature_code in AREA_CODES and place.feature_code != "CONT" \
                    and g.kind != "demonym":
                key = (place.country, place.admin1 if place.feature_code == "ADM1" else None)
                self.areas.setdefault(key, []).append(g.text)
        for key, name in self.named_areas.items():
            self.areas.setdefault(key, []).append(name)
        # a report that names one region says where its towns are; one that names eight says little
        region_weight = CONTAINED_REGION / (sum(1 for key in self.areas if key[1] is not None) or 1)
        country_weight = CONTAINED_COUNTRY / (len({key[0] for key in self.areas}) or 1)
        self.weights = {key: region_weight if key[1] is not None else country_weight for key in self.areas}
        self.signature = tuple(sorted(self.weights.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")))
        self.countries = {key[0] for key in self.weights}

    @property
    def spacing(self) -> float:
        """How far apart the report's places usually lie: the median nearest-neighbour km (for `_finish`)."""
        if self._spacing is None:
            self._spacing = math.inf
            if len(self.best_xy) >= 3:
                between = _km_matrix(self.best_xy, self.best_xy)
                np.fill_diagonal(between, np.inf)
                nearest = np.sort(between.min(axis=1))
                self._spacing = float(nearest[len(nearest) // 2])
        return self._spacing

    def home(self, g: _Group) -> np.ndarray | float:
        """An area candidate (a country, a division) gains CONTAINED_COUNTRY times the share of the report's other
        places that lie in its country: "Georgia" beside Camden and Charlton counties is the US state."""
        if not g.has_area():
            return 0.0
        others = [o.place.country for o in self.chosen if o is not g and o.place is not None]
        if not others:
            return np.zeros(len(g.cands))
        return np.array([CONTAINED_COUNTRY * others.count(p.country) / len(others)
                         if p.feature_code in AREA_CODES else 0.0 for p in g.cands])

    def alike(self, g: _Group) -> np.ndarray | float:
        """A list of countries ("Ukraine and Georgia") is a list of countries: candidates of the feature its
        other members were read as get LIKE_BONUS."""
        if not self.area_codes:
            return 0.0
        codes = {self.area_codes[id(o)] for o in g.siblings if id(o) in self.area_codes}
        if not codes:
            return 0.0
        return np.array([LIKE_BONUS if p.feature_code in codes else 0.0 for p in g.cands])

    def container(self, g: _Group, p: Place) -> tuple[str, float] | None:
        """The region (else country) named elsewhere in the report that a candidate lies in, with its bonus."""
        if not self.areas or g.scoped:  # a region named in the name's own sentence has already decided
            return None
        own = _own_area(p)
        for key in ((p.country, p.admin1), (p.country, None)):
            if key in self.weights and key != own:
                return self.areas[key][0], self.weights[key]
        return None

    def containment(self, g: _Group) -> np.ndarray | float:
        """Bonus of each candidate for lying in a region (0.5) or country (0.25) the report names elsewhere."""
        if not self.areas or g.scoped:
            return 0.0
        memo = g._containment
        if memo is not None and memo[0] == self.signature and memo[1] is g.cands:  # the areas did not change
            return memo[2]
        weights, out = self.weights, []
        if not self.countries & g.countries():  # no candidate lies in a country the report names or names a part of
            return 0.0
        for region, country, own in g.area_keys():
            w = weights.get(region, 0.0) if region != own else 0.0
            # a town in a named region lies in its named country too: never less than a town elsewhere in it
            out.append(max(w, weights.get(country, 0.0) if country != own else 0.0))
        bonus = np.array(out)
        g._containment = (self.signature, g.cands, bonus)
        return bonus

    def nearest(self, g: _Group, candidate: int) -> tuple[float, str] | None:
        """The other chosen place nearest to one of g's candidates: (km, its name as written)."""
        if not self.chosen:
            return None
        if self._closest is None:  # each candidate's closest choice, for all of them at once
            self._closest = self.to_best.argmax(axis=1).tolist()
        row = self.rows[id(g)].start + candidate
        first = self.chosen[self._closest[row]]
        # a place the report locates by g ("Kurilovka, southwest of Makhnovka") cannot vouch for g
        if first is not g and first.anchor is not g:
            assert first.place is not None
            return distance_km(g.cands[candidate], first.place), first.text
        for i in np.argsort(-self.to_best[row]):
            other = self.chosen[i]
            if other is not g and other.anchor is not g:
                assert other.place is not None
                return distance_km(g.cands[candidate], other.place), other.text
        return None

    def _list_blocks(self) -> list[list[int]]:
        """The names that stand in a list with another (positions in `items`), in blocks small enough for one
        matrix of their candidates: all of them at once, or each connected set of lists apart."""
        if not any(g.siblings for g in self.items):
            return []
        members = np.flatnonzero(self.together().sum(axis=1) > 1).tolist()
        if sum(len(self.items[i].cands) for i in members) <= LIST_BLOCK:
            return [members] if members else []
        return [sorted(self.at_item[id(g)] for g in component) for component in _lists(self.items)]

    def together(self) -> np.ndarray:
        """Which names share a sentence (each with itself): the names in lists together (`_Group.siblings`)."""
        if self._together is None:
            column: dict[int, int] = {}
            cells = [(i, column.setdefault(k, len(column))) for i, g in enumerate(self.items) for k in g.sentences]
            shares = np.zeros((len(self.items), len(column)))
            shares[tuple(np.array(cells, dtype=int).reshape(-1, 2).T)] = 1.0
            self._together = (shares @ shares.T > 0) | np.eye(len(self.items), dtype=bool)
        return self._together

    def _silent(self) -> np.ndarray:
        """Which names cannot vouch for which (rows: the name scored; columns: the other): itself, the names in
        lists with it, and the places a locator puts by it ("Kurilovka, southwest of Makhnovka")."""
        if self.silent is None:
            self.silent = self.together().copy()
            for i, g in enumerate(self.items):
                if g.anchor is not None and id(g.anchor) in self.at_item:
                    self.silent[self.at_item[id(g.anchor)], i] = True
        return self.silent

    def _closeness_all(self) -> np.ndarray:
        """`of` for every candidate at once: the mean of its three closest vouching choices, with its list
        neighbours weighing double."""
        row_item, sibling_all = self.row_item, self.sibling_all
        chosen_items = np.array([self.at_item[id(g)] for g in self.chosen], dtype=int)
        vouches = ~self._silent()[:, chosen_items]  # names x chosen places
        counts = np.minimum(vouches.sum(axis=1), 3)[row_item]
        near = np.where(vouches[row_item], self.to_best, 0.0)  # closeness is never negative
        if near.shape[1] > 3:
            near = np.partition(near, near.shape[1] - 3, axis=1)[:, -3:]
        anchors = near.sum(axis=1) / np.maximum(counts, 1)
        mixed = np.where(self.has_sibling, (2.0 * sibling_all + anchors) / 3.0, anchors)
        return np.where(counts > 0, mixed, sibling_all)

    def of(self, g: _Group) -> np.ndarray:
        """Each candidate's closeness to the names that can vouch for it (see the class)."""
        if self.of_all is None:
            self.of_all = self._closeness_all()
        return self.of_all[self.rows[id(g)]]

    def choose(self, g: _Group) -> tuple[int, np.ndarray]:
        """The best candidate (the first of equals) and each candidate's score, as `Resolver._choose` adds it up,
        for the current choices."""
        if g.has_area():  # a country's or region's home share counts the choices made so far this round
            scores = self._scores_of(g)
            return int(np.argmax(scores)), scores
        if self.scores_all is None or self.best_all is None:
            self.scores_all = self._scores_all()
            # each name's first best candidate, for all names at once
            starts = np.array([self.rows[id(g)].start for g in self.items], dtype=int)
            top = np.maximum.reduceat(self.scores_all, starts)[self.row_item] if len(starts) else self.scores_all
            at = np.where(self.scores_all == top, np.arange(len(self.scores_all)), len(self.scores_all))
            self.best_all = (np.minimum.reduceat(at, starts) - starts).tolist() if len(starts) else []
        return self.best_all[self.at_item[id(g)]], self.scores_all[self.rows[id(g)]]

    def _scores_of(self, g: _Group) -> np.ndarray:
        scores = 0.4 * g.prior + self.of(g)
        for bonus in (self.containment(g), self.alike(g), self.home(g), self.nesting(g)):
            if isinstance(bonus, np.ndarray):
                scores += bonus
        if g.on_bearing is not None:
            scores = scores + BEARING_WEIGHT * g.on_bearing
        if g.border:
            scores[list(g.border)] -= 0.1
        return scores

    def _scores_all(self) -> np.ndarray:
        """The scores of every candidate of the names that are no area at once (`_scores_of` for one name);
        each bonus is added only where a name can have it."""
        if self.of_all is None:
            self.of_all = self._closeness_all()
        scores = 0.4 * self.prior_all + self.of_all
        open_ = [g for g in self.items if len(g.cands) > 1 and not g.has_area()]
        if self.areas:  # `containment` for all of them: none is an area, so none is a named area itself
            if self.cand_region is None:
                self.cand_region = np.array([f"{p.country}.{p.admin1}" for g in self.items for p in g.cands])
                self.cand_country = np.array([p.country for g in self.items for p in g.cands])
            bonus = np.zeros(len(scores))
            for (country, admin1), w in self.weights.items():
                where = self.cand_country == country if admin1 is None else self.cand_region == f"{country}.{admin1}"
                bonus = np.maximum(bonus, np.where(where, w, 0.0))
            named = np.zeros(len(scores), dtype=bool)
            for g in open_:
                if not g.scoped:  # a region named in its own sentence has already decided
                    named[self.rows[id(g)]] = True
            scores += np.where(named, bonus, 0.0)
        if self.area_codes:  # the names in lists with a country or region: a list of countries is of countries
            for g in open_:
                like = self.alike(g)
                if isinstance(like, np.ndarray):
                    scores[self.rows[id(g)]] += like
        for g in open_:
            nested = self.nested.get(id(g))
            if nested is not None:
                scores[self.rows[id(g)]] += nested
            if g.on_bearing is not None:  # within the sector, nearer the stated bearing is likelier
                scores[self.rows[id(g)]] += BEARING_WEIGHT * g.on_bearing
            if g.border:  # across the border: only when it clearly fits better
                scores[self.rows[id(g)].start + np.array(sorted(g.border))] -= 0.1
        return scores


_NO_XY, _NO_PRIOR = np.zeros((0, 3)), np.zeros(0)


@dataclass(eq=False, slots=True)  # compared by identity: two groups are never "equal"
class _Group:
    """All mentions of one name in a report (one sense per discourse)."""

    text: str
    mentions: list[PlaceMention]
    cands: list[Place] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    border: set[int] = field(default_factory=set)  # indices of candidates admitted across a region border
    xy: np.ndarray = field(default_factory=lambda: _NO_XY)  # replaced, never changed in place
    prior: np.ndarray = field(default_factory=lambda: _NO_PRIOR)
    best: int | None = None
    kind: str = "settlement"  # settlement | raion | country: which gazetteer features it may be
    sentences: set[int] = field(default_factory=set)
    siblings: list[_Group] = field(default_factory=list)  # other names in the same sentences (lists)
    located: str | None = None  # where a locator put it, once its candidates fit ("northeast of Borova")
    scoped: bool = False  # its sentence names the region it is in
    anchor: _Group | None = None  # the name a locator places it by
    on_bearing: np.ndarray | None = None  # how squarely each candidate lies on the locator's bearing, 0..1
    _keys: list = field(default_factory=list, repr=False)
    _keys_of: list | None = field(default=None, repr=False)
    _containment: tuple[Any, list[Place], np.ndarray] | None = field(default=None, repr=False)
    _has_area: bool = field(default=False, repr=False)
    _area_of: list | None = field(default=None, repr=False)
    _countries: set[str] = field(default_factory=set, repr=False)
    _countries_of: list | None = field(default=None, repr=False)

    @property
    def place(self) -> Place | None:
        return self.cands[self.best] if self.best is not None else None

    def has_area(self) -> bool:
        """Is any candidate a country or a division (kept until the candidates change)?"""
        if self._area_of is not self.cands:
            self._has_area = any(p.feature_code in AREA_CODES for p in self.cands)
            self._area_of = self.cands
        return self._has_area

    def countries(self) -> set[str]:
        """The countries its candidates lie in (kept until the candidates change)."""
        if self._countries_of is not self.cands:
            self._countries = {p.country for p in self.cands}
            self._countries_of = self.cands
        return self._countries

    def area_keys(self) -> list[tuple[tuple[str, str | None], tuple[str, None], tuple[str, str | None]]]:
        """(its region, its country, itself as an area) for each candidate, kept until the candidates change."""
        if self._keys_of is not self.cands:
            self._keys = [((p.country, p.admin1), (p.country, None), _own_area(p)) for p in self.cands]
            self._keys_of = self.cands
        return self._keys


class Resolver:
    """Resolves all the place mentions of one document together, so they can vouch for each other."""

    def __init__(self, gaz: Gazetteer, profile: Profile | None = None) -> None:
        self.gaz = gaz
        self.profile = profile or load_profile()
        self.area = [tuple(map(float, box)) for box in self.profile.area_of_interest]
        self._candidate_cache: dict[tuple[str, str], tuple[list[Place], list[str]]] = {}
        self._array_cache: dict[tuple[str, tuple[int, ...]], tuple[np.ndarray, np.ndarray]] = {}

    def _arrays(self, text: str, cands: list[Place]) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates (radians) and priors of a name's candidates, kept for the next report that names it."""
        key = (text, tuple(id(p) for p in cands))
        hit = self._array_cache.get(key)
        if hit is None:
            hit = (_unit(cands), np.array([_prior(p, text) + self._area_bonus(p) for p in cands]))
            if len(self._array_cache) > 50_000:
                self._array_cache.clear()
            self._array_cache[key] = hit
        return hit

    def candidates(self, text: str, kind: str) -> tuple[list[Place], list[str]]:
        """Candidate places for a name and the reasons that shaped the list (kept for later reports)."""
        key = (text, kind)
        hit = self._candidate_cache.get(key)
        if hit is None:
            hit = self._candidates(text, kind)
            if len(self._candidate_cache) > 50_000:
                self._candidate_cache.clear()
            self._candidate_cache[key] = hit
        return hit

    def _candidates(self, text: str, kind: str) -> tuple[list[Place], list[str]]:
        if kind == "demonym":
            country = self.gaz.demonym(text)
            return ([country], ["a nationality word: the country it names"]) if country else ([], [])
        if kind == "raion":  # "Pokrovsk district", "Douglas and Lancaster counties"
            # a country's or region's name before "district" is no county ("the Southern District of Ohio"); an
            # English "X District" is left to the town it is named after, as before divisions were indexed
            is_area = any(p.feature_code in AREA_CODES for p in self.gaz.candidates(text))
            for word in ("raion",) if is_area else ("raion", "county", "parish"):
                raions = [p for p in self.gaz.candidates(f"{text} {word}") if p.feature_code == "ADM2"]
                if raions:
                    return raions, ["named as a raion"]
            towns, why = self._candidates(text, "settlement")
            return towns, [*why, "no raion of this name in the gazetteer: placed at the town it is named after"]
        reasons: list[str] = []
        found = self.gaz.candidates(text)
        cands = [p for p in found if _admissible(p, kind, text)]
        if not cands and kind == "settlement":
            # a division's bare name where no town has it ("Cambridgeshire", "Avoyelles"): the division
            cands = [p for p in found if p.feature_code == "ADM2"]
        if not cands:
            norm = normalise_name(text)
            # romanisation variants are the conflict's villages' problem; a look-alike of a region ("Clay County"
            # for "Cluj County") or of a town elsewhere ("Kremlin" for Krmelín) is another name
            cands = [p for p in self.gaz.fuzzy_candidates(text)
                     if _admissible(p, kind, text) and (p.feature_class == "P" or kind == "region")
                     and p.country in self.profile.countries
                     and fuzz.ratio(normalise_name(p.name), norm) >= FUZZY_MIN]
            if cands:
                reasons.append(f"spelling matched by romanisation and fuzzy score (≥{FUZZY_MIN:.0f})")
        if not cands and kind == "settlement" and len(normalise_name(text)) >= TYPO_MIN_LENGTH:
            # a typo in the report ("Nova Kruhlyanivka"): only where the report's other places vouch for it
            cands = self.gaz.similar_candidates(text, self.profile.countries)
            if cands:
                reasons.append(TYPO_REASON)
        if text in abbreviated_place_names():
            # "La.", "N.Y.": a division's abbreviation as prose writes it ("L.A." is the city, "LA" either)
            areas = [p for p in cands if p.feature_code in AREA_CODES]
            if areas:
                return areas, reasons
        # a town counts here by its own name or as a city: a village that merely lists the division's name among
        # its aliases (Minneota, MN, alias "Minnesota") does not make "Minnesota" a village
        norm = normalise_name(text)
        town_areas = {(p.country, p.admin1) for p in cands if p.feature_class == "P"
                      and (p.population >= CITY or normalise_name(p.name) == norm)}
        city_countries = {p.country for p in cands if p.feature_class == "P" and p.population >= CITY}
        if kind == "settlement":
            # "Paris", "São Paulo": the town, not the division around it that bears its name; "York": the city, not
            # a division of that name elsewhere (York Region, Ontario), as a region's bare name is a city's below
            towns = [p for p in cands if p.feature_class == "P" and normalise_name(p.name) == norm]
            seats = {(p.country, p.admin1, p.admin2) for p in towns}
            city = any(p.population >= CITY for p in towns)
            cands = [p for p in cands if not (p.feature_code == "ADM2" and normalise_name(p.name) == norm
                                              and (city or (p.country, p.admin1, p.admin2) in seats))]
        if kind == "settlement" and town_areas:
            # "Kursk", "Donetsk", "New York", "Minsk": a bare name that is a town and the division around it (or a
            # city and a division of its country) is the town; the division is written out ("Kursk Oblast")
            cands = [p for p in cands if not (p.feature_code == "ADM1" and (
                (p.country, p.admin1) in town_areas or p.country in city_countries))]
        return cands, reasons

    def resolve_all(self, mentions: Sequence[PlaceMention]) -> None:
        regions = self._regions(mentions)
        groups: dict[tuple[str, str, str], _Group] = {}
        for m in mentions:
            if m.kind != "region" and m.refers_to is None:  # "Pokrovsk" the town and "Pokrovsk raion" are two places
                kind = m.kind if m.kind in ("raion", "country", "demonym") else "settlement"
                # "Petropavlivka (east of Kupyansk)" and "Petropavlivka (northwest of Kurakhove)" in one report
                # are two villages: located mentions of a name are one place per anchor (#7)
                anchor = normalise_name(m.locator.anchor) if m.locator else ""
                key = (normalise_name(m.span.text), kind, anchor)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = _Group(m.span.text, [], kind=kind)
                group.mentions.append(m)
        anchors: dict[tuple[str, str], list[str]] = {}
        for name, kind, anchor in groups:
            if anchor:
                anchors.setdefault((name, kind), []).append(anchor)
        for (name, kind), located in anchors.items():
            if (name, kind, "") in groups:
                # "Makhnovka (southeast of Sudzha)" once, "Makhnovka" later: the village the report first located
                groups[(name, kind, located[0])].mentions.extend(groups.pop((name, kind, "")).mentions)
        items = list(groups.values())
        for g in items:
            cands, reasons = self.candidates(g.text, g.kind)
            g.cands, g.reasons = list(cands), list(reasons)
            g.sentences = {m.sentence for m in g.mentions}
        self._within(groups)
        in_sentence: dict[int, list[int]] = {}
        for i, g in enumerate(items):
            for k in g.sentences:
                in_sentence.setdefault(k, []).append(i)
        for g in items:  # before the region scope: `_border` measures list neighbours by their points
            g.xy, g.prior = self._arrays(g.text, g.cands)
        for i, g in enumerate(items):
            g.siblings = [items[j] for j in sorted({j for k in g.sentences for j in in_sentence[k]} - {i})]
            unscoped = g.cands
            self._scope(g, regions)
            if g.cands is not unscoped:
                g.xy, g.prior = self._arrays(g.text, g.cands)
            if g.kind == "country" and len(g.cands) > 1:
                g.prior = g.prior + np.array([COUNTRY_READING if p.feature_code != "ADM1" else 0.0 for p in g.cands])
            g.best = int(np.argmax(g.prior)) if g.cands else None
        named = {(r.place.country, r.place.admin1): r.place.name for r in regions.values() if r.place is not None}
        close = _Closeness(items, named)
        choices: dict[int, np.ndarray] = {}
        self._settle(items, close, choices)
        by_mention = {id(m): g for g in items for m in g.mentions}
        by_start = {m.span.start: by_mention.get(id(m)) for m in mentions}
        relocated = [self._locate(g, by_start) for g in items]
        if any(relocated):  # the anchors are chosen: the places they locate follow them
            close = _Closeness(items, named)
            self._settle(items, close, choices)
        finished = {id(g): self._finish(g, close, choices[id(g)]) for g in items}
        for g in items:
            resolution = finished[id(g)]
            by_anchor = finished.get(id(g.anchor)) if g.anchor is not None else None
            if by_anchor is not None and by_anchor.place is None and resolution.place is not None:
                # "Kurilovka (southwest of Makhnovka)": placed by an anchor that could not be placed, it cannot be
                assert g.anchor is not None
                resolution = Resolution(None, 0.0, [*resolution.reasons, f"located by {g.anchor.text}, which is "
                                                    "left unresolved: left unresolved too"], resolution.candidates)
            for m in g.mentions:
                m.resolution = Resolution(resolution.place, resolution.confidence, list(resolution.reasons),
                                          resolution.candidates, precision_of(resolution.place, m.kind))
        self._directions(mentions)
        self._refer_back(mentions)

    @staticmethod
    def _refer_back(mentions: Sequence[PlaceMention]) -> None:
        """"the town" is the place it points back at, as that place was resolved."""
        by_start = {m.span.start: m for m in mentions}
        for m in mentions:
            target = by_start.get(m.refers_to) if m.refers_to is not None else None
            res = target.resolution if target is not None else None
            if target is None or res is None:
                continue
            why = f'"{m.span.text}" refers back to {target.span.text}'
            m.resolution = Resolution(res.place, res.confidence, [why, *res.reasons], res.candidates, res.precision)

    def _directions(self, mentions: Sequence[PlaceMention]) -> None:
        """"The Dnipro direction, near Kozatskyi Island (east of Kherson)": a direction whose namesake town lies
        far from every place its sentence names, or outside the regions named around it and well away from its
        places ("the Dnipro direction ... operating in Kherson Oblast"), is named after something else (a river):
        left unresolved."""
        if not any(m.kind == "direction" for m in mentions):
            return
        by_sentence: dict[int, list[Place]] = {}
        regions: dict[int, list[Place]] = {}
        for m in mentions:
            place = m.resolution.place if m.resolution is not None else None
            if m.kind != "direction" and place is not None and place.feature_class == "P":
                by_sentence.setdefault(m.sentence, []).append(place)
            elif place is not None and place.feature_code == "ADM1" and m.kind != "demonym":  # not "Chechen" units
                regions.setdefault(m.sentence, []).append(place)
        for m in mentions:
            res = m.resolution
            if m.kind != "direction" or res is None or res.place is None:
                continue
            window = range(m.sentence - DIRECTION_WINDOW, m.sentence + DIRECTION_WINDOW + 1)
            around = [r for k in window for r in regions.get(k, [])]
            inside = any((r.country, r.admin1) == (res.place.country, res.place.admin1) for r in around)
            if inside:  # "the Kursk direction ... in Kursk Oblast": whatever else the paragraph names
                continue
            outside = bool(around)
            others = by_sentence.get(m.sentence) or [p for k in window for p in by_sentence.get(k, [])]
            others = [o for o in others if o.geonameid != res.place.geonameid]
            near = None
            for o in others:  # the nearest, or any within DIRECTION_REGION_KM: that is near enough either way
                km = distance_km(res.place, o)
                near = km if near is None or km < near else near
                if near <= DIRECTION_REGION_KM:
                    break
            if near is not None and near > DIRECTION_KM:
                why = f"the places of this {m.span.text} direction lie {near:.0f} km or more from {res.place.name}"
            elif outside and (near is None or near > DIRECTION_REGION_KM):
                why = (f"this {m.span.text} direction is reported in {', '.join(r.name for r in around)}, where "
                       f"{res.place.name} is not")
            else:
                continue
            m.resolution = Resolution(None, 0.0, [*res.reasons, f"{why}: named after something else"],
                                      res.candidates)

    def _settle(self, items: list[_Group], close: _Closeness, choices: dict[int, np.ndarray]) -> None:
        """Choose each name's candidate by closeness to the others, until the choices settle together."""
        open_ = []
        for g in items:
            if len(g.cands) > 1:
                open_.append(g)
            else:  # nothing to choose between
                g.best, choices[id(g)] = (0 if g.cands else None), np.ones(len(g.cands))
        for _ in range(2):
            close.settle()
            before = [g.best for g in open_]
            for g in open_:
                g.best, choices[id(g)] = self._choose(g, close)
            if [g.best for g in open_] == before:
                break
        else:
            close.settle()  # distances to the final choices, for the reasons

    def _locate(self, g: _Group, by_start: dict[int, _Group | None]) -> bool:
        """Keep the candidates that lie where the report's locators put them; True if the list changed.

        A country or region is no place a locator puts west of a town: "Swanton is 20 miles west of Toledo in
        Ohio" locates Swanton, and Ohio holds them both.
        """
        locators = [m.locator for m in g.mentions if m.locator is not None]
        if not locators or any(p.feature_code in AREA_CODES and p.feature_code != "CONT" for p in g.cands):
            return False
        for loc in locators:
            anchor_group = by_start.get(loc.anchor_start)
            anchor = anchor_group.place if anchor_group is not None else None
            if anchor_group is g or not g.cands:
                continue
            if anchor is None and anchor_group is not None and len(locators) == 1:
                # the report says where it lies, by a place the gazetteer cannot place: a namesake is a guess
                said = f"between {loc.anchor} and {loc.other}" if loc.direction == "between" else \
                    f"{loc.direction} of {loc.anchor}"
                g.reasons.append(f"located {said}, which the gazetteer cannot place")
                g.cands, g.best = [], None
                return True
            if anchor is None:
                continue
            if loc.direction == "between":
                other_group = by_start.get(loc.other_start) if loc.other_start is not None else None
                other = other_group.place if other_group is not None else None
                if anchor is None or other is None:
                    continue
                fitting = [p for p in g.cands if fits_between(p, anchor, other)]
                where = f"between {anchor.name} and {other.name}"
            else:
                fitting = [p for p in g.cands if fits_locator(p, anchor, loc.direction)]
                where = f"{loc.direction} of {anchor.name}" if loc.direction != "near" else f"near {anchor.name}"
            if not fitting:
                within = "" if loc.direction == "between" else f" within {locator_km(anchor):.0f} km"
                g.reasons.append(f"no candidate lies {where}{within}, as the report locates it")
                g.cands, g.best = [], None
                return True
            if len(fitting) < len(g.cands):
                g.reasons.append(f"{len(g.cands) - len(fitting)} namesakes rejected: not {where}")
            g.cands = fitting
            g.anchor = anchor_group
            g.xy, g.prior = self._arrays(g.text, g.cands)
            g.border = set()
            g.best = int(np.argmax(g.prior))
            g.located = where
            if loc.direction != "between":
                g.on_bearing = np.array([on_bearing(p, anchor, loc.direction) for p in g.cands])
            return True
        return False

    # --- regions --------------------------------------------------------------------------------
    @staticmethod
    def _within(groups: dict[tuple[str, str, str], _Group]) -> None:
        """"Paris, Texas": keep the town's candidates inside one of the area's, and the area's candidates that
        hold one of the town's ("Tbilisi, Georgia" is the country; "Athens, Georgia" the US state)."""
        by_name = {(name, kind): g for (name, kind, _), g in groups.items()}
        for g in groups.values():
            within = next((m.within for m in g.mentions if m.within), None)
            area = None
            if within:
                area = by_name.get((normalise_name(within), "settlement")) or by_name.get((normalise_name(within),
                                                                                          "country"))
            if area is None or area is g or not g.cands or not area.cands:
                continue

            def holds(a: Place, p: Place) -> bool:
                if a.feature_code == "ADM1":
                    return (a.country, a.admin1) == (p.country, p.admin1)
                return a.feature_code in AREA_CODES and a.feature_code != "CONT" and a.country == p.country

            inside = [p for p in g.cands if any(holds(a, p) for a in area.cands)]
            if not inside:
                continue
            if len(inside) < len(g.cands):
                g.reasons.append(f"in {within}, as the report writes it")
            g.cands = inside
            area.cands = [a for a in area.cands if any(holds(a, p) for p in inside)]

    def _regions(self, mentions: Sequence[PlaceMention]) -> dict[str, Resolution]:
        regions: dict[str, Resolution] = {}
        for m in mentions:
            if m.kind == "region" and m.relation != "anaphora":
                key = m.span.text.lower()
                if key not in regions:
                    cands, reasons = self.candidates(m.span.text, "region")
                    if not cands:
                        res = Resolution(None, 0.0, [f"no first-order division called {m.span.text!r}"])
                    else:
                        res = Resolution(cands[0], 0.9 if len(cands) == 1 else 0.6, [*reasons, "named as a region"],
                                         cands, precision="oblast")
                    regions[key] = res
                m.resolution = regions[key]
        for m in mentions:
            if m.relation == "anaphora" and m.kind == "region":
                target = regions.get(m.region_scope[0].lower()) if m.region_scope else None
                if target and target.place:
                    m.resolution = Resolution(target.place, target.confidence,
                                              [f'"{m.span.text}" refers back to {target.place.name}'],
                                              precision="oblast")
                else:
                    m.resolution = Resolution(None, 0.0, ["no region named before it"])
        return {k: v for k, v in regions.items() if v.place is not None}

    def _scope(self, g: _Group, regions: dict[str, Resolution]) -> None:
        """Keep the candidates in the region the sentence names (#2): a name outside it stays unresolved."""
        if not g.cands:
            g.reasons.append("not in the gazetteer")
            return
        if not regions:
            return
        scope = [regions[r.lower()].place for m in g.mentions for r in m.region_scope if r.lower() in regions]
        # The scope binds only names with a place in the scope's country: "reports from Moscow" in a
        # sentence about Dnipropetrovsk region is not asked to be in Dnipropetrovsk.
        scope_places = [s for s in scope if s is not None and any(p.country == s.country for p in g.cands)]
        if not scope_places:
            return
        g.scoped = True
        names = " / ".join(dict.fromkeys(s.name for s in scope_places))
        # the scope is about settlements: a country or region named beside it ("Odesa Oblast, Ukraine",
        # "Bryansk Oblast and Krasnodar Krai") stays what it is
        inside = [p for p in g.cands if p.feature_code in AREA_CODES
                  or any(p.country == s.country and p.admin1 == s.admin1 for s in scope_places)]
        inside_ids = {id(p) for p in inside}
        outside_at = [k for k, p in enumerate(g.cands) if id(p) not in inside_ids]
        border = self._border(g, [g.cands[k] for k in outside_at], g.xy[outside_at], scope_places)
        if not inside and not border:
            g.reasons.append(f"not in the gazetteer for {names} oblast")
            g.cands = []
            return
        g.reasons.append(f"in {names} oblast, named in the sentence" if inside else
                         f"no {g.text} in {names} oblast in the gazetteer")
        g.cands = inside + border
        g.border = set(range(len(inside), len(g.cands)))

    def _border(self, g: _Group, outside: list[Place], outside_xy: np.ndarray, scope: list[Place]) -> list[Place]:
        """Places just across the stated region's border from a list neighbour that is inside it."""
        if not outside:
            return []
        areas = {(s.country, s.admin1) for s in scope}
        inside = [other.xy[k] for other in g.siblings for k, p in enumerate(other.cands)
                  if (p.country, p.admin1) in areas]
        if not inside:
            return []
        nearest = _km_matrix(outside_xy, np.array(inside)).min(axis=1)
        return [p for p, km in zip(outside, nearest, strict=True) if km <= BORDER_KM]

    def _in_area_of_interest(self, place: Place) -> bool:
        return any(w <= place.lon <= e and s <= place.lat <= n for w, s, e, n in self.area)

    def _area_bonus(self, place: Place) -> float:
        """The profile's countries and area of interest: where this conflict's reporting is mostly about.

        A preference, never a filter (#8): "Paris" is still the French capital in a report on Ukraine.
        """
        bonus = HOME_BONUS if place.country in self.profile.countries else 0.0
        if self.area and any(w <= place.lon <= e and s <= place.lat <= n for w, s, e, n in self.area):
            bonus += 0.2
        return bonus

    # --- choosing -------------------------------------------------------------------------------
    def _choose(self, g: _Group, close: _Closeness) -> tuple[int | None, np.ndarray]:
        """The best of two or more candidates (`_settle` settles the names with one or none)."""
        # 0.4 × prior + closeness (`of`) + the region or country named elsewhere that it lies in (`containment`)
        # + a list's like features (`alike`) + an area's home country (`home`) + nesting + the locator's bearing
        # - 0.1 across a stated border: `_Closeness.choose` adds them up for all names at once
        return close.choose(g)

    def _finish(self, g: _Group, close: _Closeness, scores: np.ndarray) -> Resolution:
        best = g.best
        if best is None:
            return Resolution(None, 0.0, g.reasons or ["not in the gazetteer"], g.cands)
        place = g.cands[best]
        reasons = list(g.reasons)
        exact = not any("fuzzy" in r for r in reasons)
        conf = 0.55 if exact else 0.4
        typo = TYPO_REASON in reasons
        if any("named in the sentence" in r for r in reasons) and best not in g.border:
            conf += 0.2
        nearest = close.nearest(g, best)
        corroborated = nearest is not None and nearest[0] <= NEAR_KM
        within = close.container(g, place)
        if within is not None:
            reasons.append(f"in {within[0]}, also named in the report")
        nested = close.nested_with.get((id(g), best))
        if g.located:
            conf += 0.2
            reasons.append(f"lies {g.located}, as the report locates it")
            corroborated = True
        elif nested is not None:
            conf += 0.2
            reasons.append(f"{nested[0]} {nested[1]}, also named in the report")
            corroborated = True
        elif corroborated and nearest:
            conf += 0.2
            reasons.append(f"{nearest[0]:.0f} km from {nearest[1]}, also in the report")
        elif place.population >= 100_000:
            conf += 0.2
            kind = {"ADM1": "a region", "ADM2": "a division", "CONT": "a continent"}.get(place.feature_code or "",
                                                                                        "a city")
            kind = "a country" if kind == "a city" and place.feature_code in AREA_CODES else kind
            reasons.append(f"{kind} of {place.population:,}")
        if len(g.cands) == 1:
            reasons.append("the only candidate of this name")
        else:
            ranked = np.sort(scores)[::-1]
            reasons.append(f"{len(g.cands)} places go by this name; chosen by closeness and size")
            if ranked[1] >= 0.8 * ranked[0]:
                conf *= 0.6
                reasons.append("a namesake scores nearly as well")
        same_region = [c for c in g.cands if c.admin1 == place.admin1 and c.country == place.country] \
            if place.population < 10_000 else []
        if len(same_region) >= 3:
            conf = min(conf, 0.45)
            reasons.append(f"{len(same_region)} villages of this name in the same oblast: the choice rests on "
                           "closeness alone")
        if best in g.border:
            conf = min(conf, 0.45)
            reasons.append(f"in {place.admin1_name or place.admin1} by the gazetteer, within {BORDER_KM:.0f} km of "
                           "a list neighbour in the region the report names")
        # far from the rest, given how close together the report's places lie (a front-line report's villages
        # are a few km apart; a local paper's towns may be 100 km apart)
        far = nearest is not None and nearest[0] > ISOLATED_KM and nearest[0] > SPACING_FACTOR * close.spacing \
            and not g.located and not g.scoped
        if far and nearest and nearest[0] > ABSTAIN_KM and place.population < 100_000 \
                and not self._in_area_of_interest(place):  # the conflict's own ground is evidence enough
            conf = min(conf, 0.2)  # another continent from the rest of the report, with nothing to vouch for it
            reasons.append(f"{nearest[0]:,.0f} km from the nearest other place of the report ({nearest[1]})")
        elif far and nearest and place.population < VILLAGE:
            # a village named alone, far from all the report speaks of: likelier a namesake of a village the
            # gazetteer lacks (a Kursk village snapped to a Ukrainian one) than the place meant
            conf = min(conf, 0.2)
            reasons.append(f"a village {nearest[0]:.0f} km from the nearest other place of the report "
                           f"({nearest[1]}), with no region or locator to place it")
        elif nearest and nearest[0] > FAR_KM and place.population < 100_000:
            conf = min(conf, 0.3 if exact else 0.2)  # a look-alike spelling far from everything: a guess
            reasons.append(f"{nearest[0]:.0f} km from the nearest other place of the report ({nearest[1]})")
        elif not corroborated and place.population < 10_000:
            conf = min(conf, 0.4)
            where = f" (nearest: {nearest[1]}, {nearest[0]:.0f} km)" if nearest else ""
            reasons.append(f"a village with no other place of the report within {NEAR_KM:.0f} km{where}")
        if typo and not corroborated and place.population < CITY:
            # a look-alike spelling with nothing near it: another place the gazetteer lacks (a city of the
            # conflict's countries is no such place: "Hodeidah" for Hodeida is a romanisation, not a lost village)
            conf = min(conf, 0.2)
            reasons.append(f"no other place of the report within {NEAR_KM:.0f} km vouches for this spelling")
        conf = round(min(conf, 0.99), 3)
        if conf < ABSTAIN:  # a guess this weak is worse than no answer (#3): keep the candidates instead
            reasons.append(f"best guess {place.name} ({place.admin1_name or place.admin1}) at {conf:.2f} is below "
                           f"{ABSTAIN}: left unresolved; see `contested place {g.text} --candidates`")
            return Resolution(None, conf, reasons, g.cands)
        return Resolution(place, conf, reasons, g.cands)

