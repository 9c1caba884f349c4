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

from contested.reconcile.facts import Fact
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


def _weight_sql(policy: dict[str, Any], profile: Profile, on: str) -> str:
    """The weight of a `claim_facts` row (alias f) as of the date parameter `on`."""
    kinds = " ".join(f"WHEN '{k}' THEN {float(v)!r}" for k, v in policy["claimant_kind"].items() if k.isalpha())
    opp = _opponent_sql("f.agent_side", profile)
    gains = ", ".join(f"'{g}'" for g in GAINS)
    return f"""(CASE f.kind {kinds} ELSE 0.5 END)
        * pow({float(policy['hedge'])!r}, f.hedges)
        * (CASE WHEN f.day IS NULL THEN 1.0
                ELSE pow(0.5, max(0, julianday({on}) - julianday(f.day)) / {float(policy['half_life_days'])!r}) END)
        * (CASE WHEN f.event_type IN ({gains}) AND f.stance = 'asserts' AND f.agent_side IS NOT NULL
                     AND f.claimant_side IS NOT NULL
                THEN (CASE WHEN f.claimant_side = f.agent_side THEN {float(policy['self_serving'])!r}
                           WHEN f.claimant_side = {opp} THEN {float(policy['concession'])!r} ELSE 1.0 END)
                ELSE 1.0 END)
        * (CASE WHEN f.stance = 'asserts' AND f.event_type = 'REPEL' THEN 0.5
                WHEN f.stance = 'denies' THEN {float(policy['denial'])!r} ELSE 1.0 END)"""


def weights_sql(policy: dict[str, Any], profile: Profile) -> str:
    """Per (place, supported side, claimant): the strongest weight as of :on and as of :earlier.

    Columns: pkey, label, place_id, admin1, supports, claimant, weight_on, weight_earlier, first_day. A claim
    counts as of :earlier only if it is dated on or before it (undated claims: only as of :on). Claims dated
    on or before :horizon are left out.
    """
    opp = _opponent_sql("f.agent_side", profile)
    fight = ", ".join(f"'{g}'" for g in FIGHT)
    supports_sql = f"""CASE
        WHEN f.stance = 'asserts' AND f.event_type IN ('CAPTURE', 'CONTROL', 'REPEL') AND f.agent_side IS NOT NULL
             THEN f.agent_side
        WHEN f.stance = 'asserts' AND f.event_type = 'WITHDRAW' THEN {opp}
        WHEN f.stance = 'asserts' AND f.event_type = 'ADVANCE' AND f.agent_side IS NOT NULL
             THEN 'incursion:' || f.agent_side
        WHEN f.stance = 'asserts' AND f.event_type IN ({fight}) THEN 'fighting'
        WHEN f.stance = 'denies' AND f.event_type IN ('CAPTURE', 'ADVANCE') THEN {opp}
        ELSE NULL END"""
    return f"""
        SELECT place_key AS pkey, label, place_id, admin1, supports, claimant,
               MAX(w_on) AS weight_on, MAX(w_earlier) AS weight_earlier, MIN(day) AS first_day
        FROM (SELECT f.*, ({supports_sql}) AS supports, {_weight_sql(policy, profile, ':on')} AS w_on,
                     CASE WHEN f.day <= :earlier THEN {_weight_sql(policy, profile, ':earlier')} END AS w_earlier
              FROM claim_facts f WHERE (f.day <= :on AND f.day > :horizon) OR f.day IS NULL)
        WHERE supports IS NOT NULL
        GROUP BY place_key, supports, claimant"""
