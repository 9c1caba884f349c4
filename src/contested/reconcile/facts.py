"""Claims as reconciliation reads them: one `Fact` per (claim, place), straight from the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from contested.ledger import (
    CLAIM_DAY_SQL,
    CLAIM_PLACE_JOINS,
    CLAIM_PLACES_SQL,
    SCOPE_SQL,
    STATUS_PLACES_SQL,
    Ledger,
    casefold,
)

FACTS_COLUMNS = f"""
SELECT c.id, c.doc_id, d.source, {CLAIM_DAY_SQL}, a.name, a.kind, a.side, c.stance, c.event_type,
       c.agent_side, json_array_length(c.hedges), c.reporting_verb, m.text, m.place_id, p.name, p.admin1_name,
       ev.text, m.kind, {SCOPE_SQL}, m.relation, c.trigger_text, {CLAIM_PLACES_SQL}"""
FACTS_SQL = f"{FACTS_COLUMNS}{CLAIM_PLACE_JOINS} JOIN evidence ev ON ev.id = c.evidence_id"


@dataclass
class Fact:
    """One claim about one place."""

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
    scope: str = "settlement"  # "direction" for "the X direction" (the policy's `scope` weighs it)
    relation: str | None = None  # the word that names the place: "in", "near", "from", "toward" (policy rules)
    trigger: str | None = None  # the words that name the event ("counterattacked"), which policy rules may match
    places: int = 1  # how many places the claim names ("attacked near A, B and C": 3; the policy's `roundup`)

    @property
    def place_key(self) -> str:
        return place_key(self.place_id, self.mention)

    @property
    def label(self) -> str:
        return self.place_name or self.mention


def place_key(place_id: int | None, mention: str) -> str:
    """Resolved mentions group by place; unresolved ones by their text (the same key `claim_facts` holds)."""
    return f"id:{place_id}" if place_id else f"text:{casefold(mention)}"


def load_facts(ledger: Ledger, until: date | None = None, claim_ids: str = "", args: tuple[Any, ...] = ()
               ) -> list[Fact]:
    """(claim, place) facts dated on or before `until` (undated claims always count).

    `claim_ids` is a SELECT of claim ids to read (the index on claim_places finds them; nothing else is read).
    """
    params = list(args)
    clauses = [STATUS_PLACES_SQL]  # as in `claim_facts`: a country gets no status
    if claim_ids:
        clauses.append(f"cp.claim_id IN ({claim_ids})")
    if until:
        clauses.append(f"({CLAIM_DAY_SQL} IS NULL OR {CLAIM_DAY_SQL} <= ?)")
        params.append(until.isoformat())
    sql = f"{FACTS_SQL} WHERE " + " AND ".join(clauses)
    return [Fact(r[0], r[1], r[2], date.fromisoformat(r[3]) if r[3] else None, r[4], r[5], r[6], r[7], r[8], r[9],
                 r[10], r[11], r[12], r[13], r[14], r[15], r[16], r[17], r[18], r[19], r[20], r[21])
            for r in ledger.conn.execute(sql, params)]


def facts_for_refresh(ledger: Ledger, keys_sql: str = "") -> list[Fact]:
    """Facts as propositions need them, from the pre-joined `claim_facts` alone (no evidence text): what a refresh
    reads for the places in `keys_sql` (a SELECT of place keys), or for every place."""
    where = f"WHERE f.place_key IN ({keys_sql})" if keys_sql else ""
    rows = ledger.conn.execute(
        "SELECT f.claim_id, c.doc_id, f.source, f.day, f.claimant, f.kind, f.claimant_side, f.stance, f.event_type, "
        "f.agent_side, f.hedges, f.label, f.place_id, f.admin1, f.scope, f.relation, f.trigger_text, "
        f"f.places FROM claim_facts f JOIN claims c ON c.id = f.claim_id {where}")
    return [Fact(r[0], r[1], r[2], date.fromisoformat(r[3]) if r[3] else None, r[4], r[5], r[6], r[7], r[8], r[9],
                 r[10], None, r[11], r[12], r[11] if r[12] else None, r[13], "", "", r[14] or "settlement", r[15],
                 r[16], r[17])
            for r in rows]
