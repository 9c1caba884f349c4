"""Propositions (the same claim across reports) and contradictions between them (#4).

A proposition groups claims by (event type, place, acting side, claimant side, stance) within a time
window; a report with no sided speaker ("reportedly occupied") joins the sided proposition it restates.
Every report stays as evidence; independent sources are distinct claimants, so Moscow's claim reprinted
by ten outlets is one proposition with ten reports and one independent source.

Both are recomputed per place from all its claims and stored (`propositions`, `contradictions` tables), so the
result does not depend on the order reports were ingested in.

>>> refresh(ledger); [c.why for c in stored_contradictions(ledger)][:1]   # doctest: +SKIP
['UA holds it vs RU holds it']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from contested.ledger import Ledger
from contested.reconcile.facts import Fact, facts_for_refresh, load_facts
from contested.reconcile.rules import rule_for
from contested.resources import Profile, Rule, load_policy, support_rules
from contested.settings import ledger_profile


@dataclass
class Proposition:
    place_key: str
    label: str
    event_type: str
    agent_side: str | None
    claimant_side: str | None
    stance: str
    facts: list[Fact] = field(default_factory=list)
    id: int | None = None
    # the first and last dated day, kept as facts are added (a much-reported place has thousands of facts)
    first: date | None = field(default=None, init=False)
    last: date | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        days = [f.when for f in self.facts if f.when]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def add(self, f: Fact) -> None:
        self.facts.append(f)
        if f.when:
            self.first = f.when if self.first is None else min(self.first, f.when)
            self.last = f.when if self.last is None else max(self.last, f.when)

    @property
    def reports(self) -> int:
        return len({(f.doc_id, f.claim_id) for f in self.facts})

    @property
    def independent(self) -> int:
        return len({f.claimant for f in self.facts})

    @property
    def publishers(self) -> int:
        return len({f.source for f in self.facts})

    def overlaps(self, other: Proposition, window: int) -> bool:
        if None in (self.first, other.first):
            return True
        assert self.first and self.last and other.first and other.last
        return (self.first - other.last).days <= window and (other.first - self.last).days <= window


def propositions(facts: list[Fact], window: int) -> list[Proposition]:
    """Group facts into propositions (deterministic: facts are taken in a fixed order)."""
    facts = sorted(facts, key=lambda f: (f.when or date.min, f.doc_id, f.claim_id))
    groups: dict[tuple[str, str, str | None, str], list[Proposition]] = defaultdict(list)
    unsided: list[Fact] = []
    for f in facts:
        if f.claimant_side is None:
            unsided.append(f)
            continue
        _place(groups[(f.place_key, f.event_type, f.agent_side, f.stance)], f, f.claimant_side, window)
    for f in unsided:
        bucket = groups[(f.place_key, f.event_type, f.agent_side, f.stance)]
        target = next((p for p in bucket if _near(p, f, window)), None)
        if target is not None:
            target.add(f)
        else:
            _place(bucket, f, None, window)
    out = [p for bucket in groups.values() for p in bucket]
    return sorted(out, key=lambda p: (p.label.lower(), p.event_type, p.stance, str(p.agent_side),
                                      str(p.claimant_side), p.first or date.min))


def _near(p: Proposition, f: Fact, window: int) -> bool:
    if f.when is None or p.first is None:
        return True
    assert p.last is not None
    return (p.first - f.when).days <= window and (f.when - p.last).days <= window


def _place(bucket: list[Proposition], f: Fact, side: str | None, window: int) -> None:
    for p in bucket:
        if p.claimant_side == side and _near(p, f, window):
            p.add(f)
            return
    bucket.append(Proposition(f.place_key, f.label, f.event_type, f.agent_side, side, f.stance, [f]))


def holder(p: Proposition, profile: Profile, rules: list[Rule]) -> str | None:
    """The side a proposition says holds the place, by the policy's `support` rules (None: fighting, nothing, or
    its claims' words say different things: "attacked near X" and "attacked from X")."""
    sides = set()
    for relation, trigger in {(f.relation, f.trigger) for f in p.facts} or {(None, None)}:
        rule = rule_for(p.stance, p.event_type, rules, relation, trigger)
        sides.add(rule.side(p.agent_side, profile) if rule and rule.says_who_holds() else None)
    return sides.pop() if len(sides) == 1 else None


@dataclass
class Contradiction:
    place: str
    a: Proposition
    b: Proposition
    why: str


def contradictions(props: list[Proposition], window: int, profile: Profile, rules: list[Rule] | None = None
                   ) -> list[Contradiction]:
    """Pairs of propositions about one place that cannot both be true in overlapping windows: one asserts what
    the other denies, or the two say different sides hold it (by the policy's `support` rules)."""
    rules = support_rules(load_policy()) if rules is None else rules
    by_place: dict[str, list[Proposition]] = defaultdict(list)
    for p in props:
        by_place[p.place_key].append(p)
    out = []
    for group in by_place.values():
        holds = [holder(p, profile, rules) for p in group]  # once a proposition, not once a pair
        for i, a in enumerate(group):
            for j, b in enumerate(group[i + 1:], start=i + 1):
                if not a.overlaps(b, window):
                    continue
                why = None
                if a.event_type == b.event_type and a.agent_side == b.agent_side and a.stance != b.stance:
                    why = f"one asserts and one denies {a.event_type} by {a.agent_side}"
                else:
                    ha, hb = holds[i], holds[j]
                    if ha and hb and ha != hb:
                        why = f"{ha} holds it vs {hb} holds it"
                if why:
                    out.append(Contradiction(a.label, a, b, why))
    return out


REFRESH_FACTS = 20_000  # facts read at once: a refresh holds one chunk of places in memory, not the whole run's


def refresh(ledger: Ledger, profile: Profile | None = None, full: bool = False,
            chunk_facts: int = REFRESH_FACTS) -> tuple[int, int]:
    """Recompute and store propositions and contradictions; returns how many were recomputed.

    Only the places that documents not yet reconciled speak of are recomputed, each from all its claims,
    so the result is the same as a full refresh; documents stored by a run that stopped before its refresh
    stay pending until the next one. `full` recomputes every place. Places are read and written in chunks of
    about `chunk_facts` facts (a place is never split: propositions and contradictions are per place), so a
    backfill of 100,000 reports refreshes in bounded memory, all in one transaction.
    """
    profile = profile or ledger_profile(ledger)
    policy = load_policy()
    window, rules = int(policy["window_days"]), support_rules(policy)
    c = ledger.conn
    if not full and c.execute("SELECT 1 FROM reconcile_pending LIMIT 1").fetchone() is None:
        return 0, 0
    ledger.writable()
    c.execute("CREATE TEMP TABLE IF NOT EXISTS refresh_keys (key TEXT PRIMARY KEY)")
    c.execute("CREATE TEMP TABLE IF NOT EXISTS refresh_chunk (key TEXT PRIMARY KEY)")
    # Read and write under one write lock: a refresh that read before another process's refresh committed
    # would otherwise overwrite that one's propositions with older ones (lost updates under concurrent ingests)
    c.execute("BEGIN IMMEDIATE")
    try:
        pending = [r[0] for r in c.execute("SELECT doc_id FROM reconcile_pending")]
        c.execute("DELETE FROM refresh_keys")
        if full:
            for table in ("contradictions", "proposition_claims", "propositions"):
                c.execute(f"DELETE FROM {table}")
            c.execute("INSERT INTO refresh_keys SELECT DISTINCT place_key FROM claim_facts")
        else:
            c.executemany("INSERT OR IGNORE INTO refresh_keys SELECT f.place_key FROM claim_facts f "
                          "JOIN claims k ON k.id = f.claim_id WHERE k.doc_id = ?", [(d,) for d in pending])
        counts = c.execute("SELECT place_key, MIN(label), COUNT(*) FROM claim_facts "
                           "WHERE place_key IN (SELECT key FROM refresh_keys) GROUP BY place_key").fetchall()
        n_props = n_found = 0
        for keys in _chunks(counts, chunk_facts):
            c.execute("DELETE FROM refresh_chunk")
            c.executemany("INSERT INTO refresh_chunk VALUES (?)", [(k,) for k in keys])
            props = propositions(facts_for_refresh(ledger, "SELECT key FROM refresh_chunk"), window)
            found = contradictions(props, window, profile, rules)
            _store(ledger, props, found, replace=not full)
            n_props, n_found = n_props + len(props), n_found + len(found)
        c.executemany("DELETE FROM reconcile_pending WHERE doc_id = ?", [(d,) for d in pending])
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise
    return n_props, n_found


def _chunks(counts: list[tuple[str, str, int]], size: int) -> list[list[str]]:
    """Place keys in runs of about `size` facts, in the order propositions are listed (by label), so that the
    propositions of successive chunks are stored in the order one pass would store them."""
    ordered = sorted(counts, key=lambda r: ((r[1] or "").lower(), r[0]))
    out: list[list[str]] = []
    total = 0
    for key, _label, n in ordered:
        if not out or (out[-1] and total + n > size):
            out.append([])
            total = 0
        out[-1].append(key)
        total += n
    return out


def _store(ledger: Ledger, props: list[Proposition], found: list[Contradiction], replace: bool) -> None:
    """Write a chunk's propositions and contradictions, replacing what the chunk's places had (`replace`)."""
    c = ledger.conn
    if replace:
        stale = "SELECT id FROM propositions WHERE place_key IN (SELECT key FROM refresh_chunk)"
        c.execute(f"DELETE FROM contradictions WHERE a IN ({stale}) OR b IN ({stale})")
        c.execute(f"DELETE FROM proposition_claims WHERE proposition_id IN ({stale})")
        c.execute("DELETE FROM propositions WHERE place_key IN (SELECT key FROM refresh_chunk)")
    for p in props:
        p.id = c.execute(
            "INSERT INTO propositions(place_key, label, event_type, agent_side, claimant_side, stance, "
            "first_day, last_day, reports, independent, publishers) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (p.place_key, p.label, p.event_type, p.agent_side, p.claimant_side, p.stance,
             p.first.isoformat() if p.first else None, p.last.isoformat() if p.last else None, p.reports,
             p.independent, p.publishers)).lastrowid
        c.executemany("INSERT OR IGNORE INTO proposition_claims VALUES (?, ?)",
                      sorted({(p.id, f.claim_id) for f in p.facts}))
    c.executemany("INSERT INTO contradictions(a, b, why) VALUES (?,?,?)", [(x.a.id, x.b.id, x.why) for x in found])


def stored_contradictions(ledger: Ledger) -> list[Contradiction]:
    """Contradictions as stored by `refresh`, each with both propositions and their evidence."""
    props = {p.id: p for p in stored_propositions(ledger)}
    rows = ledger.conn.execute("SELECT a, b, why FROM contradictions ORDER BY id").fetchall()
    return [Contradiction(props[a].label, props[a], props[b], why) for a, b, why in rows]


def stored_propositions(ledger: Ledger, keys: list[str] | None = None) -> list[Proposition]:
    """Propositions as stored by `refresh`, each with its facts (one per claim, at this place); `keys` limits them
    to those places (read through the index on `propositions.place_key`)."""
    where, args = "", tuple(keys or ())
    if keys is not None:
        where = f"WHERE place_key IN ({','.join('?' * len(keys))})" if keys else "WHERE 1 = 0"
    rows = ledger.conn.execute("SELECT id, place_key, label, event_type, agent_side, claimant_side, stance "
                               f"FROM propositions {where} ORDER BY id", args).fetchall()
    if not rows:
        return []
    members: dict[int, list[int]] = defaultdict(list)
    inner = f"SELECT id FROM propositions {where}"
    for pid, claim_id in ledger.conn.execute("SELECT proposition_id, claim_id FROM proposition_claims "
                                             f"WHERE proposition_id IN ({inner})", args):
        members[pid].append(claim_id)
    claims = f"SELECT claim_id FROM proposition_claims WHERE proposition_id IN ({inner})"
    facts = {(f.claim_id, f.place_key): f for f in load_facts(ledger, claim_ids=claims, args=args)}
    out = []
    for r in rows:
        own = [facts[(c, r[1])] for c in members[r[0]] if (c, r[1]) in facts]
        out.append(Proposition(r[1], r[2], r[3], r[4], r[5], r[6], own, r[0]))
    return out
