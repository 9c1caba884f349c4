"""Reconcile claims into a status per place and date, with the claims and rules that decide it (#4).

Claims are not facts: this step reads them back from the ledger and weighs them by the policy in
`contested/data/policy.yaml` (or a user's copy). What each claim supports:

- CAPTURE or CONTROL asserted by side S: S holds the place;  WITHDRAW by S: the opponent holds it;
- a denial of a CAPTURE by S: the opponent still holds it;  REPEL by S: S holds it, at half weight;
- ATTACK, FIGHTING, STRIKE asserted: fighting at the place;  ADVANCE by S: an incursion by S.

A claim's weight = claimant kind × hedge^(hedges) × recency × (self-serving | concession) where a side
claiming its own gain is discounted and the opposing side conceding it is boosted. Then:
contested if both sides have weight within the margin, or fighting/incursion is reported and no side
holds; held / claimed by the side above the thresholds; changed hands when the holder differs from the
holder a window earlier; unknown otherwise.

>>> status_for_place(ledger, "Zaporizke", date(2025, 8, 21)).status   # doctest: +SKIP
'contested'
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from contested.geo.names import normalise_name
from contested.ledger import Ledger
from contested.resources import Profile, load_policy, load_profile

GAINS = {"CAPTURE", "ADVANCE", "REPEL", "CONTROL"}
FIGHT = {"ATTACK", "FIGHTING"}  # ground fighting; a STRIKE on a city says nothing of who holds it

_FACTS_SQL = """
SELECT c.id, c.doc_id, d.source, COALESCE(c.time_end, c.time_start, d.published), a.name, a.kind, a.side,
       c.stance, c.event_type, c.agent_side, c.hedges, c.reporting_verb, m.text, m.place_id, p.name, p.admin1_name,
       ev.text, m.kind
FROM claim_places cp
JOIN claims c ON c.id = cp.claim_id
JOIN mentions m ON m.id = cp.mention_id
LEFT JOIN places p ON p.id = m.place_id
JOIN documents d ON d.id = c.doc_id
JOIN actors a ON a.id = c.actor_id
JOIN evidence ev ON ev.id = c.evidence_id
"""


@dataclass
class Fact:
    """One claim about one place, as reconciliation reads it."""

    claim_id: int
    doc_id: str
    source: str | None
    when: date | None
    claimant: str
    kind: str
    claimant_side: str | None
    stance: str
    event_type: str
    agent_side: str | None
    hedges: int
    reporting_verb: str | None
    mention: str
    place_id: int | None
    place_name: str | None
    admin1: str | None
    evidence: str
    mention_kind: str

    @property
    def place_key(self) -> str:
        return f"id:{self.place_id}" if self.place_id else f"name:{normalise_name(self.mention)}"

    @property
    def label(self) -> str:
        return self.place_name or self.mention


@dataclass
class Weighed:
    fact: Fact
    weight: float
    supports: str | None  # the side it says holds the place, or "fighting" / "incursion:S"
    rules: list[str]


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


def load_facts(ledger: Ledger, until: date | None = None) -> list[Fact]:
    """All (claim, place) facts dated on or before `until` (undated claims always count)."""
    sql = _FACTS_SQL
    args: list[Any] = []
    if until:
        sql += (" WHERE COALESCE(c.time_end, c.time_start, d.published) IS NULL"
                " OR COALESCE(c.time_end, c.time_start, d.published) <= ?")
        args.append(until.isoformat())
    facts = []
    for r in ledger.conn.execute(sql, args):
        facts.append(Fact(r[0], r[1], r[2], date.fromisoformat(r[3]) if r[3] else None, r[4], r[5], r[6], r[7],
                          r[8], r[9], len(json.loads(r[10])), r[11], r[12], r[13], r[14], r[15], r[16], r[17]))
    return facts


def weigh(fact: Fact, on: date, policy: dict[str, Any], profile: Profile) -> Weighed:
    """A fact's weight and the rules that set it (printed by --explain)."""
    rules: list[str] = []
    w = float(policy["claimant_kind"].get(fact.kind, 0.5))
    rules.append(f"{fact.kind} claimant ×{w:g}")
    if fact.hedges:
        w *= float(policy["hedge"]) ** fact.hedges
        rules.append(f"hedged ({fact.hedges}) ×{float(policy['hedge']) ** fact.hedges:.2f}")
    if fact.when is not None:
        age = max(0, (on - fact.when).days)
        recency = 0.5 ** (age / float(policy["half_life_days"]))
        if recency < 0.999:
            w *= recency
            rules.append(f"{age} days old ×{recency:.2f}")
    agent, speaker = fact.agent_side, fact.claimant_side
    if fact.event_type in GAINS and agent and speaker and fact.stance == "asserts":
        if speaker == agent:
            w *= float(policy["self_serving"])
            rules.append(f"{speaker} claims its own gain ×{policy['self_serving']}")
        elif profile.opponent(agent) == speaker:
            w *= float(policy["concession"])
            rules.append(f"{speaker} concedes {agent}'s gain ×{policy['concession']}")
    supports: str | None = None
    t = fact.event_type
    if fact.stance == "asserts":
        if t in ("CAPTURE", "CONTROL") and agent:
            supports = agent
        elif t == "WITHDRAW" and agent:
            supports = profile.opponent(agent)
        elif t == "REPEL" and agent:
            supports, w = agent, w * 0.5
            rules.append("repelled: holds, ×0.5")
        elif t == "ADVANCE" and agent:
            supports = f"incursion:{agent}"
        elif t in FIGHT:
            supports = "fighting"
        elif t == "STRIKE":
            supports = None
            rules.append("a strike: says nothing of control")
    elif t in ("CAPTURE", "ADVANCE") and agent:
        supports = profile.opponent(agent)
        w *= float(policy["denial"])
        rules.append(f"denies {agent}'s {t.lower()}: supports {supports}")
    elif t in FIGHT:
        supports = None  # "no offensive actions were recorded": no fighting, no side
    return Weighed(fact, w, supports, rules)


def _decide(place: str, on: date, weighed: list[Weighed], policy: dict[str, Any]) -> StatusResult:
    scores: dict[str, float] = defaultdict(float)
    fighting = 0.0
    incursion: dict[str, float] = defaultdict(float)
    sources_by_side: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
    for item in weighed:
        s = item.supports
        if s is None:
            continue
        if s == "fighting":
            fighting += item.weight
        elif s.startswith("incursion:"):
            incursion[s.split(":", 1)[1]] += item.weight
        else:
            scores[s] += item.weight
            sources_by_side[s].add((item.fact.source, item.fact.claimant))
    bonus = float(policy["independent_sources_bonus"])
    for side, sources in sources_by_side.items():
        if len(sources) > 1:
            scores[side] *= 1 + bonus * (len(sources) - 1)
    th = policy["thresholds"]
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    top_side, top = ranked[0] if ranked else (None, 0.0)
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    inc_side = max(incursion, key=lambda k: incursion[k]) if incursion else None
    result = StatusResult(place, on, "unknown", None, 0.0, fighting > 0, inc_side, scores=dict(scores),
                          weighed=weighed)
    if second > 0 and second >= float(th["contested_ratio"]) * top:
        result.status, result.side = "contested", None
        result.confidence = min(0.95, (top + second) / (top + second + 1))
        result.notes.append(f"contradictory claims: {ranked[0][0]} {top:.2f} vs {ranked[1][0]} {second:.2f}")
        if fighting:
            result.notes.append("fighting reported")
    elif top >= float(th["held"]) and not (fighting and top < 2 * float(th["held"])):
        result.status, result.side = "held", top_side
        result.confidence = min(0.95, (top - second) / (top + second + 1))
    elif (fighting or incursion) and top < float(th["held"]):
        result.status, result.side = "contested", top_side if top >= float(th["claimed"]) else inc_side
        result.confidence = min(0.9, (fighting + sum(incursion.values()) + top) /
                                (fighting + sum(incursion.values()) + top + 1))
        if fighting:
            result.notes.append("fighting reported")
        if inc_side:
            result.notes.append(f"incursion by {inc_side}")
        if top:
            result.notes.append(f"{top_side} claimed with weight {top:.2f}")
    elif top >= float(th["claimed"]):
        result.status, result.side = "claimed", top_side
        result.confidence = min(0.9, top / (top + 1))
    if incursion and inc_side:
        conceded = [w for w in weighed if w.supports == f"incursion:{inc_side}" and w.fact.claimant_side
                    and w.fact.claimant_side != inc_side]
        if conceded:
            result.notes.append(f"{inc_side} incursion acknowledged by {conceded[0].fact.claimant_side} "
                                f"({conceded[0].fact.claimant})")
    return result


def _matches(fact: Fact, name: str) -> bool:
    target = normalise_name(name)
    return target in (normalise_name(fact.mention), normalise_name(fact.place_name or ""))


def ledger_today(ledger: Ledger) -> date:
    """The latest date the ledger knows (a publication or claim date), the default "as of" for statuses."""
    row = ledger.conn.execute("SELECT MAX(d) FROM (SELECT MAX(published) AS d FROM documents "
                              "UNION ALL SELECT MAX(COALESCE(time_end, time_start)) FROM claims)").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else date.today()


def status_for_place(ledger: Ledger, name: str, on: date, policy_path: str | None = None,
                     profile: Profile | None = None) -> StatusResult:
    """The status of one place on a date, with every claim weighed."""
    policy, profile = load_policy(policy_path), profile or load_profile()
    facts = [f for f in load_facts(ledger, on) if _matches(f, name)]
    return _status(name, on, facts, policy, profile)


def _status(name: str, on: date, facts: list[Fact], policy: dict[str, Any], profile: Profile) -> StatusResult:
    facts = sorted(facts, key=lambda f: (f.when or date.min, f.doc_id, f.claim_id))
    weighed = [weigh(f, on, policy, profile) for f in facts]
    result = _decide(name, on, weighed, policy)
    if result.status == "held" and result.side:
        earlier = on - timedelta(days=int(policy["window_days"]))
        before = [w for w in weighed if w.fact.when is not None and w.fact.when <= earlier]
        if before:
            prior = _decide(name, earlier, [weigh(w.fact, earlier, policy, profile) for w in before], policy)
            if prior.status == "held" and prior.side and prior.side != result.side:
                result.status = "changed hands"
                result.notes.append(f"held by {prior.side} on {earlier}")
    dated = [w.fact.when for w in weighed if w.fact.when and w.supports == result.side]
    result.since = min(dated) if dated else None
    return result


def status_table(ledger: Ledger, on: date, region: str | None = None, policy_path: str | None = None,
                 profile: Profile | None = None) -> list[StatusResult]:
    """Every place with claims up to `on` (in a region, if given), with its status."""
    policy, profile = load_policy(policy_path), profile or load_profile()
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in load_facts(ledger, on):
        if region and normalise_name(region) not in (normalise_name(f.admin1 or ""), normalise_name(f.label)):
            continue
        groups[f.place_key].append(f)
    out = [_status(fs[0].label, on, fs, policy, profile) for fs in groups.values()]
    return sorted(out, key=lambda r: (r.status == "unknown", r.place.lower()))


def geojson_status(ledger: Ledger, on: date) -> Any:
    """A function giving GeoJSON properties (status, status_side, confidence, since) per ledger place id."""
    by_id: dict[int, StatusResult] = {}
    policy, profile = load_policy(), load_profile()
    groups: dict[int, list[Fact]] = defaultdict(list)
    for f in load_facts(ledger, on):
        if f.place_id:
            groups[f.place_id].append(f)
    for pid, fs in groups.items():
        by_id[pid] = _status(fs[0].label, on, fs, policy, profile)

    def props(place_id: int) -> dict[str, Any]:
        r = by_id.get(place_id)
        if r is None:
            return {"status": "unknown", "status_side": None, "confidence": 0.0, "since": None,
                    "status_on": on.isoformat()}
        return {"status": r.status, "status_side": r.side, "confidence": round(r.confidence, 3),
                "since": r.since.isoformat() if r.since else None, "status_on": on.isoformat(),
                "status_notes": r.notes}

    return props


def timeline(ledger: Ledger, name: str, policy_path: str | None = None) -> list[StatusResult]:
    """The status of a place on each date a claim about it is dated (and today for undated ones)."""
    facts = [f for f in load_facts(ledger) if _matches(f, name)]
    dates = sorted({f.when for f in facts if f.when})
    if not dates or any(f.when is None for f in facts):
        dates.append(max(dates) if dates else date.today())
    policy, profile = load_policy(policy_path), load_profile()
    out = []
    for d in dict.fromkeys(dates):
        out.append(_status(name, d, [f for f in facts if f.when is None or f.when <= d], policy, profile))
    return out


def explain_status(result: StatusResult) -> list[str]:
    """Lines that say why: each claim, its weight and the rules that applied."""
    lines = [f"{note}" for note in result.notes]
    for w in result.weighed:
        f = w.fact
        lines.append(f"{w.weight:5.2f} → {w.supports or 'no side'}: {f.claimant} ({f.kind}, {f.claimant_side or '?'}) "
                     f"{f.stance} {f.event_type} by {f.agent_side or '?'} [{'; '.join(w.rules)}] "
                     f"— {f.source or 'unknown source'} {f.when or 'undated'}: \"{f.evidence[:160]}\"")
    if result.scores:
        lines.append("totals: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(result.scores.items())))
    return lines


@dataclass
class Contradiction:
    place: str
    a: Fact
    b: Fact
    why: str


def _claimed_holder(f: Fact, profile: Profile) -> str | None:
    if f.stance == "asserts" and f.event_type in ("CAPTURE", "CONTROL") and f.agent_side:
        return f.agent_side
    if f.stance == "denies" and f.event_type == "CAPTURE" and f.agent_side:
        return profile.opponent(f.agent_side)
    return None


def contradictions(ledger: Ledger, window_days: int | None = None, profile: Profile | None = None
                   ) -> list[Contradiction]:
    """Pairs of claims about one place that cannot both be true in overlapping time windows.

    Found from the set of claims, so the answer does not depend on the order reports were ingested in.
    """
    profile = profile or load_profile()
    window = window_days if window_days is not None else int(load_policy()["window_days"])
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in load_facts(ledger):
        groups[f.place_key].append(f)
    out: list[Contradiction] = []
    for facts in groups.values():
        facts.sort(key=lambda f: (f.doc_id, f.claim_id))
        for i, a in enumerate(facts):
            for b in facts[i + 1:]:
                if a.when and b.when and abs((a.when - b.when).days) > window:
                    continue
                why = None
                if (a.event_type == b.event_type and a.agent_side == b.agent_side and a.stance != b.stance
                        and a.event_type in ("CAPTURE", "ADVANCE", "ATTACK", "CONTROL")):
                    why = f"one asserts and one denies {a.event_type} by {a.agent_side}"
                else:
                    ha, hb = _claimed_holder(a, profile), _claimed_holder(b, profile)
                    if ha and hb and ha != hb:
                        why = f"{ha} holds it vs {hb} holds it"
                if why:
                    out.append(Contradiction(a.label, a, b, why))
    return sorted(out, key=lambda c: (c.place.lower(), c.a.doc_id, c.a.claim_id, c.b.claim_id))
