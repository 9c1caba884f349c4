"""`status --on DATE` and the refresh after one new report about a much-reported place, on ledgers of 10,000
and 100,000 claims (#4, #9): median times, and the ratio to a baseline (the bare SQL read of the same claims)
run in the same process. Also the memory of a whole-ledger refresh (what a backfill's last step costs, #12):
the peak of Python allocations (tracemalloc) refreshing in chunks of places against one pass, in the same run.

    .venv/bin/python benchmarks/status.py [CLAIMS ...]     (default 10000 100000)
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from contested.ledger import FACTS_SELECT, Ledger
from contested.reconcile import refresh
from contested.reconcile.clusters import REFRESH_FACTS
from contested.reconcile.status import status_table
from contested.resources import Profile, load_profile

KINDS = ["military", "government", "media", "unnamed", "person", "intelligence"]
TYPES = ["CAPTURE", "CONTROL", "ATTACK", "FIGHTING", "ADVANCE", "REPEL", "STRIKE", "WITHDRAW"]


def build(ledger: Ledger, n_claims: int, n_places: int = 2000, seed: int = 7) -> None:
    """A ledger of `n_claims` random claims; one place in ten claims is about Place0, the much-reported one."""
    rnd = random.Random(seed)
    c = ledger.conn
    c.execute("BEGIN")
    for p in range(n_places):
        c.execute("INSERT INTO places(key, geonameid, name, lat, lon, country, admin1, admin1_name, feature_code, "
                  "population) VALUES (?,?,?,?,?,?,?,?,?,?)",
                  (f"gn:{p}", p, f"Place{p}", 47 + rnd.random() * 3, 34 + rnd.random() * 4, "UA", "04",
                   rnd.choice(["Dnipropetrovsk", "Donetsk", "Zaporizhzhia"]), "PPL", 100))
    for a, kind in enumerate(KINDS):
        for side in ("RU", "UA", None):
            c.execute("INSERT INTO actors(name, kind, side) VALUES (?,?,?)", (f"actor{a}{side}", kind, side))
    start = date(2025, 1, 1)
    for d in range(n_claims // PER_DOC):
        places = [1 if rnd.random() < 0.1 else rnd.randrange(n_places) + 1 for _ in range(PER_DOC)]
        add_report(ledger, f"doc{d:08}", start + timedelta(days=rnd.randrange(300)), places, rnd)
    c.execute(f"INSERT INTO claim_facts {FACTS_SELECT}")
    c.execute("COMMIT")


PER_DOC = 10


def add_report(ledger: Ledger, doc: str, published: date, places: list[int], rnd: random.Random) -> None:
    """One report's rows (inside the caller's transaction), one claim per place id given."""
    c = ledger.conn
    actors = [r[0] for r in c.execute("SELECT id FROM actors")]
    c.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
              (doc, f"Outlet{rnd.randrange(40)}", published.isoformat(), None, None, "en", "-", "text", "now"))
    ev = c.execute("INSERT INTO evidence(doc_id, sentence, start, end, text) VALUES (?,?,?,?,?)",
                   (doc, 0, 0, 10, "A sentence of evidence.")).lastrowid
    for pid in places:
        m = c.execute("INSERT INTO mentions(doc_id, sentence, start, end, text, kind, place_id, confidence, "
                      "reasons, candidates) VALUES (?,?,?,?,?,?,?,?,?,?)",
                      (doc, 0, 0, 5, f"Place{pid - 1}", "settlement", pid, 0.8, "[]", "[]")).lastrowid
        claim = c.execute(
            "INSERT INTO claims(doc_id, evidence_id, actor_id, stance, event_type, agent_side, negated, hedges) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (doc, ev, rnd.choice(actors), rnd.choice(["asserts"] * 4 + ["denies"]), rnd.choice(TYPES),
             rnd.choice(["RU", "UA", None]), 0, json.dumps(["reportedly"] if rnd.random() < 0.2 else []))
        ).lastrowid
        c.execute("INSERT INTO claim_places VALUES (?,?,0)", (claim, m))


def one_more_report(ledger: Ledger, n: int) -> None:
    """A new report about the much-reported place, stored as `add_document` stores it (claim facts, pending)."""
    c = ledger.conn
    c.execute("BEGIN")
    add_report(ledger, f"new{n:04}", date(2025, 10, 1), [1] * PER_DOC, random.Random(n))
    c.execute(f"INSERT INTO claim_facts {FACTS_SELECT} AND c.doc_id = ?", (f"new{n:04}",))
    c.execute("INSERT INTO reconcile_pending VALUES (?)", (f"new{n:04}",))
    c.execute("COMMIT")


def median_ms(fn: Callable[[], Any], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(n: int, profile: Profile) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger.open(Path(tmp) / "status.db")
        build(ledger, n)
        refresh(ledger, profile)  # everything reconciled once, as after the ingests that built it
        on = date(2025, 9, 1)
        baseline = median_ms(lambda: ledger.conn.execute("SELECT * FROM claim_facts WHERE day <= ?",
                                                         (on.isoformat(),)).fetchall())
        full = median_ms(lambda: status_table(ledger, on, profile=profile))
        region = median_ms(lambda: status_table(ledger, on, region="Donetsk", profile=profile))
        timings: list[float] = []
        for k in range(7):
            one_more_report(ledger, k)
            t = time.perf_counter()
            refresh(ledger, profile)
            timings.append((time.perf_counter() - t) * 1000)
        much = ledger.conn.execute("SELECT COUNT(*) FROM claim_facts WHERE place_key = 'id:1'").fetchone()[0]
        one = statistics.median(timings)
        print(f"claims: {ledger.counts()['claims']:,}, places: {ledger.counts()['places']:,}, "
              f"claims about the much-reported place: {much:,}")
        print(f"  baseline (bare read of the claim facts): {baseline:7.1f} ms median")
        print(f"  status --on {on}:                  {full:7.1f} ms  (ratio to baseline {full / baseline:.2f})")
        print(f"  status --on {on} --region Donetsk: {region:7.1f} ms  (ratio {region / baseline:.2f})")
        print(f"  refresh after one report about it:     {one:7.1f} ms  (ratio {one / baseline:.2f})")
        whole, whole_s = refresh_peak(ledger, profile, 10**12)
        chunked, chunked_s = refresh_peak(ledger, profile, REFRESH_FACTS)
        print(f"  whole-ledger refresh, peak Python memory: one pass {whole:.0f} MiB ({whole_s:.1f} s), in chunks of "
              f"{REFRESH_FACTS:,} facts {chunked:.0f} MiB ({chunked_s:.1f} s): ratio {chunked / whole:.2f}")


def refresh_peak(ledger: Ledger, profile: Profile, chunk_facts: int) -> tuple[float, float]:
    """Peak MiB allocated (tracemalloc) and seconds of a full refresh."""
    tracemalloc.start()
    t = time.perf_counter()
    refresh(ledger, profile, full=True, chunk_facts=chunk_facts)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return peak, seconds


def main() -> None:
    profile = load_profile()
    for n in [int(a) for a in sys.argv[1:]] or [10_000, 100_000]:
        measure(n, profile)


if __name__ == "__main__":
    main()
