"""Resolve place mentions to gazetteer entries, with a confidence and the reasons for it (#2, #3).

The rules, in the order they apply:
1. a region mention ("Dnipropetrovsk region") resolves to the first-order division; "the region"
   to the region it points back at;
2. candidates are the places that go by the name (every spelling and script); failing that, places
   whose romanisation-folded name is close (fuzzy, scored with rapidfuzz);
3. places in the conflict profile's countries are preferred; a region named in the sentence is a hard
   filter: a name with no place in it stays unresolved ("not in the gazetteer for X oblast");
4. among the rest, the one closest to the other places of the report (list neighbours weigh most), with
   population as a prior, wins;
5. confidence starts from the kind of match and is capped where the evidence is thin: a village with no
   other place of the report nearby, several namesakes close in score, or far from the rest.

>>> resolve_mentions(mentions, gaz)   # doctest: +SKIP
>>> mentions[0].resolution.place.name, mentions[0].resolution.confidence   # doctest: +SKIP
('Dnipropetrovsk', 0.9)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rapidfuzz import fuzz

from contested.geo.gazetteer import Gazetteer
from contested.geo.names import normalise_name
from contested.model import Place, PlaceMention, Resolution
from contested.resources import Profile, load_profile

CONFIDENT = 0.5
NEAR_KM = 50.0
FAR_KM = 150.0
FUZZY_MIN = 80.0
PRECISION = {"settlement": "settlement", "near": "near", "direction": "near", "region": "oblast"}


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, h)))


def _prior(place: Place, text: str) -> float:
    """Population prior in [0, 1], with a bonus when the main name (not an old or foreign one) matches."""
    prior = min(1.0, math.log10(place.population + 10) / 7)
    if normalise_name(place.name) == normalise_name(text):
        prior += 0.3
    return prior


class Resolver:
    """Resolves all the place mentions of one document together, so they can vouch for each other."""

    def __init__(self, gaz: Gazetteer, profile: Profile | None = None) -> None:
        self.gaz = gaz
        self.profile = profile or load_profile()

    def candidates(self, mention: PlaceMention) -> tuple[list[Place], list[str]]:
        """Candidate places for a mention and the reasons that shaped the list."""
        text = mention.span.text
        reasons: list[str] = []
        cands = [p for p in self.gaz.candidates(text) if p.feature_class in ("P", "A")]
        if not cands:
            norm = normalise_name(text)
            cands = [p for p in self.gaz.fuzzy_candidates(text)
                     if p.feature_class in ("P", "A") and fuzz.ratio(normalise_name(p.name), norm) >= FUZZY_MIN]
            if cands:
                reasons.append(f"spelling matched by romanisation and fuzzy score (≥{FUZZY_MIN:.0f})")
        if mention.kind == "region":
            cands = [p for p in cands if p.feature_code == "ADM1"] or []
        else:
            cands = [p for p in cands if p.feature_code != "ADM1"]
        home = [p for p in cands if p.country in self.profile.countries]
        if home and len(home) < len(cands):
            reasons.append(f"in the conflict's countries ({', '.join(self.profile.countries)})")
            cands = home
        return cands, reasons

    def resolve_all(self, mentions: Sequence[PlaceMention]) -> None:
        regions: dict[str, Resolution] = {}
        for m in mentions:
            if m.kind == "region" and m.relation != "anaphora":
                m.resolution = self._resolve_region(m)
                if m.resolution.place:
                    regions.setdefault(m.span.text.lower(), m.resolution)
        for m in mentions:
            if m.relation == "anaphora":
                target = regions.get(m.region_scope[0].lower()) if m.region_scope else None
                if target and target.place:
                    m.resolution = Resolution(target.place, target.confidence,
                                              [f'"{m.span.text}" refers back to {target.place.name}'],
                                              precision="oblast")
                else:
                    m.resolution = Resolution(None, 0.0, ["no region named before it"])
        others = [m for m in mentions if m.kind != "region"]
        pools: dict[int, tuple[list[Place], list[str]]] = {id(m): self._scoped(m, regions) for m in others}
        best: dict[int, Place | None] = {}
        for m in others:  # first pass: population prior only
            cands = pools[id(m)][0]
            text = m.span.text
            best[id(m)] = max(cands, key=lambda p: _prior(p, text)) if cands else None  # noqa: B023
        for _ in range(2):  # then closeness to the other places, twice so choices settle together
            best = {id(m): self._choose(m, pools[id(m)][0], others, best)[0] for m in others}
        for m in others:
            cands, reasons = pools[id(m)]
            m.resolution = self._finish(m, cands, reasons, others, best)

    def _resolve_region(self, m: PlaceMention) -> Resolution:
        cands, reasons = self.candidates(m)
        if not cands:
            return Resolution(None, 0.0, [f"no first-order division called {m.span.text!r} in the gazetteer"])
        place = cands[0]
        conf = 0.9 if len(cands) == 1 else 0.6
        return Resolution(place, conf, [*reasons, "named as a region"], cands, precision="oblast")

    def _scoped(self, m: PlaceMention, regions: dict[str, Resolution]) -> tuple[list[Place], list[str]]:
        cands, reasons = self.candidates(m)
        scope = [regions[r.lower()].place for r in m.region_scope if r.lower() in regions]
        scope_places = [p for p in scope if p is not None]
        # The scope binds only names with a place in the scope's country: "reports from Moscow" in a
        # sentence about Dnipropetrovsk region is not asked to be in Dnipropetrovsk.
        scope_places = [s for s in scope_places if any(p.country == s.country for p in cands)]
        if cands and scope_places:
            inside = [p for p in cands if any(p.country == s.country and p.admin1 == s.admin1 for s in scope_places)]
            names = " / ".join(s.name for s in scope_places)
            if not inside:
                reasons.append(f"not in the gazetteer for {names} oblast")
                return [], reasons
            reasons.append(f"in {names} oblast, named in the sentence")
            cands = inside
        elif not cands:
            reasons.append("not in the gazetteer")
        return cands, reasons

    def _anchors(self, m: PlaceMention, others: Sequence[PlaceMention], best: dict[int, Place | None]
                 ) -> list[tuple[Place, float, str]]:
        """Other places of the report with their weight: list neighbours count double."""
        out = []
        key = m.span.text.lower()
        for o in others:
            place = best.get(id(o))
            if place is None or o.span.text.lower() == key:
                continue
            weight = 2.0 if o.sentence == m.sentence else 1.0
            out.append((place, weight, o.span.text))
        return out

    def _choose(self, m: PlaceMention, cands: list[Place], others: Sequence[PlaceMention],
                best: dict[int, Place | None]) -> tuple[Place | None, list[tuple[float, Place]]]:
        if not cands:
            return None, []
        anchors = self._anchors(m, others, best)
        scored = []
        for c in cands:
            closeness = 0.0
            if anchors:
                dists = sorted((distance_km(c, a), w) for a, w, _ in anchors)[:3]
                closeness = sum(w * math.exp(-d / NEAR_KM) for d, w in dists) / sum(w for _, w in dists)
            scored.append((0.4 * _prior(c, m.span.text) + closeness, c))
        scored.sort(key=lambda s: -s[0])
        return scored[0][1], scored

    def _finish(self, m: PlaceMention, cands: list[Place], reasons: list[str],
                others: Sequence[PlaceMention], best: dict[int, Place | None]) -> Resolution:
        place, scored = self._choose(m, cands, others, best)
        if place is None:
            return Resolution(None, 0.0, reasons or ["not in the gazetteer"], cands)
        exact = not any("fuzzy" in r for r in reasons)
        conf = 0.55 if exact else 0.4
        reasons = list(reasons)
        if any(r.startswith("in ") and "named in the sentence" in r for r in reasons):
            conf += 0.2
        anchors = self._anchors(m, others, best)
        nearest = min(((distance_km(place, a), name) for a, _, name in anchors), default=None)
        corroborated = nearest is not None and nearest[0] <= NEAR_KM
        if corroborated and nearest:
            conf += 0.2
            reasons.append(f"{nearest[0]:.0f} km from {nearest[1]}, also in the report")
        elif place.population >= 100_000:
            conf += 0.2
            reasons.append(f"a city of {place.population:,}")
        if len(scored) == 1:
            reasons.append("the only candidate of this name")
        else:
            top, second = scored[0][0], scored[1][0]
            reasons.append(f"{len(scored)} places go by this name; chosen by closeness and size")
            if second >= 0.8 * top:
                conf *= 0.6
                reasons.append("a namesake scores nearly as well")
        same_region = [c for c in cands if c.admin1 == place.admin1 and c.country == place.country]
        if len(same_region) >= 3 and place.population < 10_000:
            conf = min(conf, 0.45)
            reasons.append(f"{len(same_region)} villages of this name in the same oblast: the choice rests on "
                           "closeness alone")
        if nearest and nearest[0] > FAR_KM and place.population < 100_000:
            conf = min(conf, 0.3)
            reasons.append(f"{nearest[0]:.0f} km from the nearest other place of the report ({nearest[1]})")
        elif not corroborated and place.population < 10_000:
            conf = min(conf, 0.4)
            where = f" (nearest: {nearest[1]}, {nearest[0]:.0f} km)" if nearest else ""
            reasons.append(f"a village with no other place of the report within {NEAR_KM:.0f} km{where}")
        return Resolution(place, round(min(conf, 0.99), 3), reasons, cands,
                          precision=PRECISION.get(m.kind, "settlement"))


def resolve_mentions(mentions: Sequence[PlaceMention], gaz: Gazetteer, profile: Profile | None = None) -> None:
    """Set `resolution` on every mention of one document."""
    Resolver(gaz, profile).resolve_all(mentions)
