"""The status policy's rules: one table in `policy.yaml`, one evaluator, and SQL generated from the same table.

What a claim supports is decided by the first rule of the policy's `support` table whose stance and events
match it, and for a rule that lists `relations` or `triggers`, the word that names the place ("attacked from
X") or the start of its trigger ("counterattacked"): the acting side (`agent`), its opponent (`opponent`), an
`incursion` by the acting side, `fighting`, or `nothing`. Its weight is

    claimant kind × hedge^(hedges) × 0.5^(age / half-life) × role × the rule's factor × scope × share

where role is `self_serving` when a side claims its own gain and `concession` when the opposing side concedes
it (for the policy's `gain_events`), and scope weighs a claim about "the X direction" (or any place named less
precisely) by the policy's `scope` table. share is 1 for a claim naming up to `roundup` places and `roundup`/n
for one naming n > `roundup` ("attacked near A, B, ... and H": a roundup of where fighting went on says less
about each place than a claim about one or two). `weigh` applies this to one fact and says which rules applied;
`weights_sql` writes the same arithmetic in SQL for the status of every place at once, generated from the
same `Rule`s; a property test checks that the two agree on random ledgers.

>>> rule_for("denies", "CAPTURE", support_rules(load_policy())).supports   # doctest: +SKIP
'opponent'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contested.errors import ConfigError
from contested.reconcile.facts import Fact
from contested.resources import Profile, Rule, support_rules


def rule_for(stance: str, event: str, rules: list[Rule], relation: str | None = None, trigger: str | None = None
             ) -> Rule | None:
    """The first rule that matches a claim's stance, event, the word that names its place ("from X") and its
    trigger ("counterattacked")."""
    return next((r for r in rules if r.matches(stance, event, relation, trigger)), None)


def supports(stance: str, event: str, agent: str | None, profile: Profile, rules: list[Rule],
             relation: str | None = None, trigger: str | None = None) -> str | None:
    rule = rule_for(stance, event, rules, relation, trigger)
    return rule.side(agent, profile) if rule else None


@dataclass
class Weighed:
    fact: Fact
    weight: float
    supports: str | None  # a side, "fighting", or "incursion:S"
    rules: list[str] = field(default_factory=list)


def weigh(fact: Fact, on: date, policy: dict[str, Any], profile: Profile) -> Weighed:
    """A fact's weight and the rules that set it (what `--explain` prints)."""
    notes: list[str] = []
    w = float(policy["claimant_kind"].get(fact.kind, 0.5))
    notes.append(f"{fact.kind} claimant ×{w:g}")
    if fact.hedges:
        factor = float(policy["hedge"]) ** fact.hedges
        w *= factor
        notes.append(f"hedged ({fact.hedges}) ×{factor:.2f}")
    if fact.when is not None:
        age = max(0, (on - fact.when).days)
        recency = 0.5 ** (age / float(policy["half_life_days"]))
        w *= recency
        if age:
            notes.append(f"{age} days old ×{recency:.2f}")
    agent, speaker = fact.agent_side, fact.claimant_side
    if fact.event_type in policy["gain_events"] and agent and speaker and fact.stance == "asserts":
        if speaker == agent:
            w *= float(policy["self_serving"])
            notes.append(f"{speaker} claims its own gain ×{policy['self_serving']}")
        elif profile.opponent(agent) == speaker:
            w *= float(policy["concession"])
            notes.append(f"{speaker} concedes {agent}'s gain ×{policy['concession']}")
    scope = float(policy["scope"].get(fact.scope, 1.0))
    if scope != 1.0:
        w *= scope
        notes.append(f"about the {fact.scope}, not the place itself ×{scope:g}")
    roundup = int(policy["roundup"])
    if fact.places > roundup:
        share = roundup / fact.places
        w *= share
        notes.append(f"one of {fact.places} places the claim names ×{share:.2f}")
    rule = rule_for(fact.stance, fact.event_type, support_rules(policy), fact.relation, fact.trigger)
    side = rule.side(agent, profile) if rule else None
    if rule:
        w *= rule.factor
        notes.append(f"rule {rule.name}: supports {side or 'no side'}" + (f" ×{rule.factor:g}" if rule.factor != 1
                                                                          else ""))
    return Weighed(fact, w, side, notes)


def _quoted(values: Any) -> str:
    # policy words go into SQL as literals: only plain words are let through
    words = [str(v) for v in values]
    bad = [v for v in words if not v.replace("_", "").replace("-", "").isalnum()]
    if bad:
        raise ConfigError(f"policy: {bad[0]!r} is not a plain word")
    return ", ".join(f"'{v}'" for v in words) or "NULL"


def _opponent_sql(column: str, profile: Profile) -> str:
    cases = " ".join(f"WHEN '{side}' THEN '{profile.opponent(side)}'" for side in sorted(profile.sides)
                     if profile.opponent(side) and side.isalnum())
    return f"(CASE {column} {cases} ELSE NULL END)" if cases else "NULL"


def _match_sql(rule: Rule) -> str:
    stance = "" if rule.stance == "any" else f"f.stance = '{rule.stance}' AND "
    relation = f" AND lower(COALESCE(f.relation, '')) IN ({_quoted(rule.relations)})" if rule.relations else ""
    _quoted(rule.triggers)  # plain words only
    starts = " OR ".join(f"lower(COALESCE(f.trigger_text, '')) LIKE '{t}%'" for t in rule.triggers)
    trigger = f" AND ({starts})" if starts else ""
    return f"{stance}f.event_type IN ({_quoted(rule.events)}){relation}{trigger}"


def supports_sql(rules: list[Rule], profile: Profile) -> str:
    """What a `claim_facts` row (alias f) supports, as `Rule.side` says, first matching rule first."""
    side = {"agent": "f.agent_side", "opponent": _opponent_sql("f.agent_side", profile),
            "incursion": "'incursion:' || f.agent_side", "fighting": "'fighting'", "nothing": "NULL"}
    whens = " ".join(f"WHEN {_match_sql(r)} THEN {side[r.supports]}" for r in rules)
    return f"(CASE {whens} ELSE NULL END)" if rules else "NULL"


def _weight_sql(policy: dict[str, Any], rules: list[Rule], profile: Profile, on: str) -> str:
    """The weight of a `claim_facts` row (alias f) as of the date parameter `on`, as `weigh` computes it."""
    kinds = " ".join(f"WHEN '{k}' THEN {float(v)!r}" for k, v in policy["claimant_kind"].items() if k.isalpha())
    scopes = " ".join(f"WHEN '{k}' THEN {float(v)!r}" for k, v in policy["scope"].items() if k.isalpha())
    factors = " ".join(f"WHEN {_match_sql(r)} THEN {r.factor!r}" for r in rules)
    opp = _opponent_sql("f.agent_side", profile)
    return f"""(CASE f.kind {kinds} ELSE 0.5 END)
        * pow({float(policy['hedge'])!r}, f.hedges)
        * (CASE WHEN f.day IS NULL THEN 1.0
                ELSE pow(0.5, max(0, julianday({on}) - julianday(f.day)) / {float(policy['half_life_days'])!r}) END)
        * (CASE WHEN f.event_type IN ({_quoted(policy['gain_events'])}) AND f.stance = 'asserts'
                     AND f.agent_side IS NOT NULL AND f.claimant_side IS NOT NULL
                THEN (CASE WHEN f.claimant_side = f.agent_side THEN {float(policy['self_serving'])!r}
                           WHEN f.claimant_side = {opp} THEN {float(policy['concession'])!r} ELSE 1.0 END)
                ELSE 1.0 END)
        * {f"(CASE f.scope {scopes} ELSE 1.0 END)" if scopes else "1.0"}
        * (CASE WHEN f.places > {int(policy['roundup'])} THEN {float(policy['roundup'])!r} / f.places ELSE 1.0 END)
        * {f"(CASE {factors} ELSE 1.0 END)" if factors else "1.0"}"""


def weights_sql(policy: dict[str, Any], profile: Profile, region: bool = False) -> str:
    """Per (place, supported side, claimant): the strongest weight as of :on and as of :earlier.

    Columns: pkey, label, place_id, admin1, supports, claimant, weight_on, weight_earlier, first_day. A claim
    counts as of :earlier only if it is dated on or before it (undated claims: only as of :on). Claims dated
    on or before :horizon are left out. With `region`, only places in the first-order region :region (or the
    region itself).
    """
    rules = support_rules(policy)
    in_region = "AND (f.admin1 = :region COLLATE NOCASE OR f.label = :region COLLATE NOCASE)" if region else ""
    return f"""
        SELECT place_key AS pkey, MIN(label) AS label, MIN(place_id) AS place_id, MIN(admin1) AS admin1, supports,
               claimant,
               MAX(w_on) AS weight_on, MAX(w_earlier) AS weight_earlier, MIN(day) AS first_day
        FROM (SELECT f.*, {supports_sql(rules, profile)} AS supports,
                     {_weight_sql(policy, rules, profile, ':on')} AS w_on,
                     CASE WHEN f.day <= :earlier THEN {_weight_sql(policy, rules, profile, ':earlier')} END
                         AS w_earlier
              FROM claim_facts f WHERE ((f.day <= :on AND f.day > :horizon) OR f.day IS NULL) {in_region}) AS w
        WHERE supports IS NOT NULL
        GROUP BY place_key, supports, claimant"""
