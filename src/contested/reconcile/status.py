"""Status per place and date (#4): held, claimed, contested, changed hands or unknown, with the claims behind it.

Weights come from `rules.py` (the policy in `contested/data/policy.yaml`). Per side, each claimant counts
once, with its strongest report: a claim reprinted by ten outlets is one claim, not ten. Independent
claimants add `independent_sources_bonus` each. Then, with the thresholds of the policy:

- contested: the weaker side has at least `contested_ratio` of the stronger side's weight, or fighting
  or an incursion is reported and no side is above `held`, or the side above `held` is pressed (fighting, or
  the other side advancing there) and not above twice `held`;
- held: one side above `held`, not pressed (changed hands: another side held it `window_days` earlier);
- claimed: one side above `claimed`;  unknown: nothing above that.

>>> status_for_place(ledger, "Zaporizke", date(2025, 8, 21)).status   # doctest: +SKIP
'contested'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from contested.ledger import Ledger, casefold
from contested.reconcile.facts import Fact, load_facts
from contested.reconcile.rules import Weighed, weigh, weights_sql
from contested.resources import Profile, load_policy
from contested.settings import ledger_profile


@dataclass
class Tally:
    """Weights per side after folding copies: what a status is decided from."""

    scores: dict[str, float] = field(default_factory=dict)
    claimants: dict[str, int] = field(default_factory=dict)
    since: dict[str, date] = field(default_factory=dict)
    fighting: float = 0.0
    incursion: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, float, str | None]]) -> Tally:
        """Rows of (supports, claimant, weight, day): max per claimant, then summed per side."""
        best: dict[tuple[str, str], float] = defaultdict(float)
        first: dict[str, str] = {}  # ISO days compare as strings
        for side, claimant, weight, day in rows:
            if weight > best[(side, claimant)]:
                best[(side, claimant)] = weight
            if day and (side not in first or day < first[side]):
                first[side] = day
        tally = cls()
        per_side: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        for (side, _claimant), weight in best.items():
            per_side[side] += weight
            counts[side] += 1
        for side, weight in per_side.items():
            tally.add(side, weight, counts[side], first.get(side))
        return tally

    def add(self, side: str, weight: float, claimants: int, first_day: str | None) -> None:
        """Add one supported side's summed weight (each claimant's strongest report) and its first day."""
        if side == "fighting":
            self.fighting = weight
        elif side.startswith("incursion:"):
            self.incursion[side.split(":", 1)[1]] = weight
        else:
            self.scores[side] = weight
            self.claimants[side] = claimants
            if first_day:
                self.since[side] = date.fromisoformat(first_day)


@dataclass
class StatusResult:
    place: str
    on: date
    status: str  # held | claimed | contested | changed hands | unknown
    side: str | None
    confidence: float
    fighting: bool = False
    incursion: str | None = None
    since: date | None = None
    scores: dict[str, float] = field(default_factory=dict)
    weighed: list[Weighed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    place_id: int | None = None
    place_key: str | None = None


def decide(place: str, on: date, tally: Tally, policy: dict[str, Any]) -> StatusResult:
    """The status from a tally, by the policy's thresholds."""
    th = policy["thresholds"]
    bonus = float(policy["independent_sources_bonus"])
    scores = {side: w * (1 + bonus * (tally.claimants.get(side, 1) - 1)) for side, w in tally.scores.items()}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    top_side, top = ranked[0] if ranked else (None, 0.0)
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    fighting, incursion = tally.fighting, tally.incursion
    inc_side = max(sorted(incursion), key=lambda k: incursion[k]) if incursion else None
    held, claimed = float(th["held"]), float(th["claimed"])
    r = StatusResult(place, on, "unknown", None, 0.0, fighting > 0, inc_side, scores=scores)
    activity = fighting + sum(incursion.values())
    # an advance by the other side at a place one side is said to hold puts the holding in question, as fighting does
    pressed = fighting > 0 or any(w > 0 for s, w in incursion.items() if s != top_side)
    if second > 0 and second >= float(th["contested_ratio"]) * top:
        r.status = "contested"
        r.confidence = min(0.95, (top + second) / (top + second + 1))
        r.notes.append(f"contradictory claims: {ranked[0][0]} {top:.2f} vs {ranked[1][0]} {second:.2f}")
    elif top >= held and not (pressed and top < 2 * held):
        r.status, r.side = "held", top_side
        r.confidence = min(0.95, (top - second) / (top + second + 1))
    elif activity and (top < held or pressed):
        r.status = "contested"
        r.side = top_side if top >= claimed else inc_side
        r.confidence = min(0.9, (activity + top) / (activity + top + 1))
        if top:
            r.notes.append(f"{top_side} claimed with weight {top:.2f}")
    elif top >= claimed:
        r.status, r.side = "claimed", top_side
        r.confidence = min(0.9, top / (top + 1))
    if fighting:
        r.notes.append("fighting reported")
    if inc_side:
        r.notes.append(f"incursion by {inc_side}")
    r.since = tally.since.get(r.side) if r.side else None
    return r


def tally_weighed(weighed: list[Weighed]) -> Tally:
    return Tally.from_rows([(w.supports, w.fact.claimant, w.weight, w.fact.when.isoformat() if w.fact.when else None)
                            for w in weighed if w.supports])


def ledger_today(ledger: Ledger) -> date:
    """The default "as of" for statuses: the latest publication date of the ledger's reports.

    A date a claim merely mentions ("contracts due by December 31, 2025") never moves it; only a ledger of
    undated reports falls back to its latest claim date, and an empty one to the calendar.
    """
    row = ledger.conn.execute("SELECT MAX(published) FROM documents").fetchone()
    if not (row and row[0]):
        row = ledger.conn.execute("SELECT MAX(COALESCE(time_end, time_start)) FROM claims").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else date.today()


def horizon(on: date, policy: dict[str, Any]) -> date:
    """Claims dated on or before this day are left out of the status on `on`."""
    return days_before(on, int(policy.get("horizon_days", 36500)))


def days_before(on: date, days: int) -> date:
    """`on` minus `days`, or the first day of the calendar for a date that near its start (0001-01-01)."""
    try:
        return on - timedelta(days=days)
    except OverflowError:
        return date.min


def status_of_facts(name: str, on: date, facts: list[Fact], policy: dict[str, Any], profile: Profile) -> StatusResult:
    """The status from facts, weighing each one (the explainable path)."""
    oldest = horizon(on, policy)
    facts = sorted((f for f in facts if f.when is None or f.when > oldest),
                   key=lambda f: (f.when or date.min, f.doc_id, f.claim_id))
    weighed = [weigh(f, on, policy, profile) for f in facts]
    result = decide(name, on, tally_weighed(weighed), policy)
    result.weighed = weighed
    _concession_note(result, weighed)
    if result.status == "held":
        earlier = days_before(on, int(policy["window_days"]))
        before = [weigh(f, earlier, policy, profile) for f in facts if f.when is not None and f.when <= earlier]
        prior = decide(name, earlier, tally_weighed(before), policy)
        _changed_hands(result, prior)
    return result


def _concession_note(result: StatusResult, weighed: list[Weighed]) -> None:
    if not result.incursion:
        return
    conceded = [w for w in weighed if w.supports == f"incursion:{result.incursion}" and w.fact.claimant_side
                and w.fact.claimant_side != result.incursion]
    if conceded:
        result.notes.append(f"{result.incursion} incursion acknowledged by {conceded[0].fact.claimant_side} "
                            f"({conceded[0].fact.claimant})")


def _changed_hands(result: StatusResult, prior: StatusResult) -> None:
    if prior.status == "held" and prior.side and prior.side != result.side:
        result.status = "changed hands"
        result.notes.append(f"held by {prior.side} on {prior.on}")


def place_keys(ledger: Ledger, name: str) -> list[tuple[str, str, str | None]]:
    """The stored places a name stands for, (key, label, first-order region), most claimed first.

    A name matches a resolved place's name or the text of a mention, case-folded; two places sharing a name
    ("Novoselivka" in three oblasts) are two keys, never merged.
    """
    folded = casefold(name.strip()) or ""
    rows = ledger.conn.execute(
        """SELECT f.place_key, MIN(f.label), MIN(f.admin1), COUNT(*) AS n FROM claim_facts f
            WHERE casefold(f.label) = :name OR f.place_key = 'text:' || :name OR f.place_key IN (
                SELECT 'id:' || m.place_id FROM mentions m WHERE m.text = :raw COLLATE NOCASE
                AND m.place_id IS NOT NULL)
            GROUP BY f.place_key ORDER BY n DESC, f.place_key""", {"name": folded, "raw": name.strip()})
    return [(key, label, admin1) for key, label, admin1, _n in rows]


def facts_of_key(ledger: Ledger, key: str, until: date | None = None) -> list[Fact]:
    """The facts about one stored place, read through the index on `claim_facts.place_key`."""
    return [f for f in load_facts(ledger, until, claim_ids="SELECT claim_id FROM claim_facts WHERE place_key = ?",
                                  args=(key,)) if f.place_key == key]


def status_for_place(ledger: Ledger, name: str, on: date, policy_path: str | None = None,
                     profile: Profile | None = None) -> StatusResult:
    """The status of the place a name stands for on a date (the most claimed one, if several share the name),
    every claim weighed and kept for `explain_status`."""
    keys = place_keys(ledger, name)
    if not keys:
        return StatusResult(name, on, "unknown", None, 0.0, notes=["no claims about this place"])
    result = status_for_key(ledger, keys[0][0], on, policy_path, profile)
    for _key, label, admin1 in keys[1:]:
        result.notes.append(f"another place is also called {name}: {label}" + (f" ({admin1})" if admin1 else ""))
    return result


def status_for_key(ledger: Ledger, key: str, on: date, policy_path: str | None = None,
                   profile: Profile | None = None) -> StatusResult:
    """The status of one stored place (by its place key) on a date."""
    policy, profile = load_policy(policy_path), profile or ledger_profile(ledger)
    facts = facts_of_key(ledger, key, on)
    label = facts[0].label if facts else key.split(":", 1)[-1]
    result = status_of_facts(label, on, facts, policy, profile)
    result.place_id, result.place_key = (facts[0].place_id if facts else None), key
    return result


def _tallies(ledger: Ledger, on: date, earlier: date, policy: dict[str, Any], profile: Profile,
             region: str | None = None) -> dict[str, tuple[str, int | None, Tally, Tally]]:
    """Per place key: (label, place id, tally as of `on`, tally as of `earlier`), aggregated in SQL."""
    inner = weights_sql(policy, profile, region=bool(region))
    sql = f"""SELECT pkey, MIN(label), MIN(place_id), supports, SUM(weight_on), COUNT(*), SUM(weight_earlier),
                     COUNT(weight_earlier), MIN(first_day)
              FROM ({inner}) AS t GROUP BY pkey, supports"""
    params: dict[str, Any] = {"on": on.isoformat(), "earlier": earlier.isoformat(),
                              "horizon": horizon(on, policy).isoformat(), "region": region}
    out: dict[str, tuple[str, int | None, Tally, Tally]] = {}
    for pkey, label, place_id, side, w_on, n_on, w_earlier, n_earlier, first in ledger.conn.execute(sql, params):
        entry = out.get(pkey)
        if entry is None:
            entry = out[pkey] = (label, place_id, Tally(), Tally())
        entry[2].add(side, w_on, n_on, first)
        if n_earlier:
            entry[3].add(side, w_earlier, n_earlier, None)
    return out


def status_table(ledger: Ledger, on: date, region: str | None = None, policy_path: str | None = None,
                 profile: Profile | None = None) -> list[StatusResult]:
    """Every place with claims up to `on` (in a first-order region, if given), with its status."""
    policy, profile = load_policy(policy_path), profile or ledger_profile(ledger)
    earlier = days_before(on, int(policy["window_days"]))
    out = []
    for key, (label, place_id, tally, prior) in _tallies(ledger, on, earlier, policy, profile, region).items():
        result = decide(label, on, tally, policy)
        result.place_id, result.place_key = place_id, key
        if result.status == "held":
            _changed_hands(result, decide(label, earlier, prior, policy))
        out.append(result)
    return sorted(out, key=lambda r: (r.status == "unknown", r.place.lower()))


STATUS_FIELDS = ("place", "place_key", "geonameid", "lat", "lon", "country", "admin1", "precision", "status", "side",
                 "confidence", "since", "claims")
_PRECISION = {"ADM1": "oblast", "ADM2": "raion", "PCLI": "country"}


def status_records(ledger: Ledger, results: list[StatusResult]) -> list[dict[str, Any]]:
    """One machine-readable record per place (`contested status --format jsonl|csv`), in the table's order."""
    places = {r[0]: r[1:] for r in ledger.conn.execute(
        "SELECT id, geonameid, lat, lon, country, admin1_name, feature_code FROM places")}
    on = results[0].on.isoformat() if results else None
    counts = {k: (n, c) for k, n, c in ledger.conn.execute(
        "SELECT place_key, COUNT(DISTINCT claim_id), COUNT(DISTINCT claimant) FROM claim_facts "
        "WHERE day IS NULL OR day <= ? GROUP BY place_key", (on,))} if on else {}
    out = []
    for r in results:
        geonameid, lat, lon, country, admin1, code = places.get(r.place_id, (None,) * 6)
        out.append({
            "place": r.place, "place_key": r.place_key, "geonameid": geonameid, "lat": lat, "lon": lon,
            "country": country, "admin1": admin1,
            "precision": (_PRECISION.get(code or "", "settlement") if r.place_id else None),
            "status": r.status, "side": r.side, "confidence": round(r.confidence, 3),
            "since": r.since.isoformat() if r.since else None, "claims": counts.get(r.place_key, (0, 0))[0],
            "claimants": counts.get(r.place_key, (0, 0))[1], "notes": r.notes})
    return out


def geojson_status(ledger: Ledger, on: date) -> Any:
    """A function giving GeoJSON properties (status, status_side, confidence, since) per ledger place id."""
    by_id = {r.place_id: r for r in status_table(ledger, on) if r.place_id is not None}

    def props(place_id: int) -> dict[str, Any]:
        r = by_id.get(place_id)
        if r is None:
            return {"status": "unknown", "status_side": None, "confidence": 0.0, "since": None,
                    "status_on": on.isoformat()}
        return {"status": r.status, "status_side": r.side, "confidence": round(r.confidence, 3),
                "since": r.since.isoformat() if r.since else None, "status_on": on.isoformat(),
                "status_notes": r.notes}

    return props


def timeline(ledger: Ledger, name: str, policy_path: str | None = None, profile: Profile | None = None
             ) -> list[StatusResult]:
    """The status of a place (the most claimed one of that name) on each date a claim about it is dated, and on
    the ledger's date for undated ones."""
    keys = place_keys(ledger, name)
    if not keys:
        return timeline_of_key(ledger, f"text:{casefold(name)}", policy_path, profile)
    return timeline_of_key(ledger, keys[0][0], policy_path, profile)


def timeline_of_key(ledger: Ledger, key: str, policy_path: str | None = None, profile: Profile | None = None
                    ) -> list[StatusResult]:
    """The status of one stored place on each date a claim about it is dated."""
    facts = facts_of_key(ledger, key)
    dates = sorted({f.when for f in facts if f.when})
    if not dates or any(f.when is None for f in facts):
        dates.append(max(dates) if dates else ledger_today(ledger))
    policy, profile = load_policy(policy_path), profile or ledger_profile(ledger)
    label = facts[0].label if facts else key.split(":", 1)[-1]
    out = []
    for d in dict.fromkeys(dates):
        result = status_of_facts(label, d, [f for f in facts if f.when is None or f.when <= d], policy, profile)
        result.place_key = key
        out.append(result)
    return out


def explain_status(result: StatusResult) -> list[str]:
    """Lines that say why: each claim, its weight and the rules that applied."""
    lines = list(result.notes)
    for w in result.weighed:
        f = w.fact
        lines.append(f"{w.weight:5.2f} → {w.supports or 'no side'}: {f.claimant} ({f.kind}, "
                     f"{f.claimant_side or '?'}) {f.stance} {f.event_type} by {f.agent_side or '?'} "
                     f"[{'; '.join(w.rules)}] — {f.source or 'unknown source'} {f.when or 'undated'}: "
                     f"\"{f.evidence[:160]}\"")
    if result.scores:
        lines.append("totals (each claimant once, its strongest report): "
                     + ", ".join(f"{k} {v:.2f}" for k, v in sorted(result.scores.items())))
    return lines
