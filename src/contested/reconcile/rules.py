"""The status policy's rules, once in Python (to explain each claim) and once in SQL (to be fast).

What a claim supports:
- CAPTURE or CONTROL asserted with acting side S: S holds the place; WITHDRAW by S: the opponent does;
- REPEL by S: S holds it, at half weight;  ADVANCE by S: an incursion by S;
- ATTACK or FIGHTING asserted: fighting;  a STRIKE: nothing about control;
- a denial of a CAPTURE or ADVANCE by S: the opponent still holds it.

Its weight = claimant kind × hedge^(hedges) × 0.5^(age / half-life) × role × (denial | 0.5 for REPEL),
where role is `self_serving` when a side claims its own gain and `concession` when the opposing side
concedes it. `tests/test_reconcile.py` checks that both forms agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contested.reconcile.facts import DAY_SQL, Fact
from contested.resources import Profile

GAINS = ("CAPTURE", "ADVANCE", "REPEL", "CONTROL")
FIGHT = ("ATTACK", "FIGHTING")


@dataclass
class Weighed:
    fact: Fact
    weight: float
    supports: str | None  # a side, "fighting", or "incursion:S"
    rules: list[str] = field(default_factory=list)


def supports(stance: str, etype: str, agent: str | None, profile: Profile) -> str | None:
    if stance == "asserts":
        if etype in ("CAPTURE", "CONTROL", "REPEL") and agent:
            return agent
        if etype == "WITHDRAW" and agent:
            return profile.opponent(agent)
        if etype == "ADVANCE" and agent:
            return f"incursion:{agent}"
        if etype in FIGHT:
            return "fighting"
        return None
    if etype in ("CAPTURE", "ADVANCE") and agent:
        return profile.opponent(agent)
    return None


def weigh(fact: Fact, on: date, policy: dict[str, Any], profile: Profile) -> Weighed:
    """A fact's weight and the rules that set it (what `--explain` prints)."""
    rules: list[str] = []
    w = float(policy["claimant_kind"].get(fact.kind, 0.5))
    rules.append(f"{fact.kind} claimant ×{w:g}")
    if fact.hedges:
        factor = float(policy["hedge"]) ** fact.hedges
        w *= factor
        rules.append(f"hedged ({fact.hedges}) ×{factor:.2f}")
    if fact.when is not None:
        age = max(0, (on - fact.when).days)
        recency = 0.5 ** (age / float(policy["half_life_days"]))
        w *= recency
        if age:
            rules.append(f"{age} days old ×{recency:.2f}")
    agent, speaker = fact.agent_side, fact.claimant_side
    if fact.event_type in GAINS and agent and speaker and fact.stance == "asserts":
        if speaker == agent:
            w *= float(policy["self_serving"])
            rules.append(f"{speaker} claims its own gain ×{policy['self_serving']}")
        elif profile.opponent(agent) == speaker:
            w *= float(policy["concession"])
            rules.append(f"{speaker} concedes {agent}'s gain ×{policy['concession']}")
    side = supports(fact.stance, fact.event_type, agent, profile)
    if fact.stance == "asserts" and fact.event_type == "REPEL" and side:
        w *= 0.5
        rules.append("repelled: holds, ×0.5")
    elif fact.stance == "denies" and side:
        w *= float(policy["denial"])
        rules.append(f"denies {agent}'s {fact.event_type.lower()}: supports {side}")
    elif fact.event_type == "STRIKE":
        rules.append("a strike: says nothing of control")
    return Weighed(fact, w, side, rules)


def _opponent_sql(column: str, profile: Profile) -> str:
    cases = " ".join(f"WHEN '{side}' THEN '{profile.opponent(side)}'" for side in sorted(profile.sides)
                     if profile.opponent(side) and side.isalnum())
    return f"(CASE {column} {cases} ELSE NULL END)" if cases else "NULL"


def weights_sql(policy: dict[str, Any], profile: Profile) -> str:
    """A SELECT of (pkey, label, admin1, claimant, source, supports, weight, day) for every fact up to :on.

    Parameters: :on (ISO date), :dated_only (1 to leave undated claims out).
    """
    kinds = " ".join(f"WHEN '{k}' THEN {float(v)!r}" for k, v in policy["claimant_kind"].items() if k.isalpha())
    opp = _opponent_sql("c.agent_side", profile)
    gains = ", ".join(f"'{g}'" for g in GAINS)
    fight = ", ".join(f"'{g}'" for g in FIGHT)
    supports_sql = f"""CASE
        WHEN c.stance = 'asserts' AND c.event_type IN ('CAPTURE', 'CONTROL', 'REPEL') AND c.agent_side IS NOT NULL
             THEN c.agent_side
        WHEN c.stance = 'asserts' AND c.event_type = 'WITHDRAW' THEN {opp}
        WHEN c.stance = 'asserts' AND c.event_type = 'ADVANCE' AND c.agent_side IS NOT NULL
             THEN 'incursion:' || c.agent_side
        WHEN c.stance = 'asserts' AND c.event_type IN ({fight}) THEN 'fighting'
        WHEN c.stance = 'denies' AND c.event_type IN ('CAPTURE', 'ADVANCE') THEN {opp}
        ELSE NULL END"""
    weight_sql = f"""(CASE a.kind {kinds} ELSE 0.5 END)
        * pow({float(policy['hedge'])!r}, json_array_length(c.hedges))
        * (CASE WHEN {DAY_SQL} IS NULL THEN 1.0
                ELSE pow(0.5, max(0, julianday(:on) - julianday({DAY_SQL})) / {float(policy['half_life_days'])!r}) END)
        * (CASE WHEN c.event_type IN ({gains}) AND c.stance = 'asserts' AND c.agent_side IS NOT NULL
                     AND a.side IS NOT NULL
                THEN (CASE WHEN a.side = c.agent_side THEN {float(policy['self_serving'])!r}
                           WHEN a.side = {opp} THEN {float(policy['concession'])!r} ELSE 1.0 END)
                ELSE 1.0 END)
        * (CASE WHEN c.stance = 'asserts' AND c.event_type = 'REPEL' THEN 0.5
                WHEN c.stance = 'denies' THEN {float(policy['denial'])!r} ELSE 1.0 END)"""
    return f"""
        SELECT CASE WHEN m.place_id IS NOT NULL THEN 'id:' || m.place_id ELSE 'text:' || lower(m.text) END AS pkey,
               COALESCE(p.name, m.text) AS label, p.admin1_name AS admin1, m.place_id AS place_id,
               a.name AS claimant, d.source AS source, ({supports_sql}) AS supports, {weight_sql} AS weight,
               {DAY_SQL} AS day
        FROM claim_places cp
        JOIN claims c ON c.id = cp.claim_id
        JOIN mentions m ON m.id = cp.mention_id
        LEFT JOIN places p ON p.id = m.place_id
        JOIN documents d ON d.id = c.doc_id
        JOIN actors a ON a.id = c.actor_id
        WHERE ({DAY_SQL} <= :on OR ({DAY_SQL} IS NULL AND :dated_only = 0))"""
