"""`status --on DATE` over a ledger of 100,000 claims (#4): median time, and the ratio to a baseline
(the bare SQL read of the same claims) run in the same process.

    .venv/bin/python benchmarks/status.py [CLAIMS]     (default 100000)
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from contested.ledger import FACTS_SELECT, Ledger
from contested.reconcile.status import status_table

KINDS = ["military", "government", "media", "unnamed", "person", "intelligence"]
TYPES = ["CAPTURE", "CONTROL", "ATTACK", "FIGHTING", "ADVANCE", "REPEL", "STRIKE", "WITHDRAW"]


def build(ledger: Ledger, n_claims: int, n_places: int = 2000, seed: int = 7) -> None:
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
    actors = [r[0] for r in c.execute("SELECT id FROM actors")]
    start = date(2025, 1, 1)
    per_doc = 10
    for d in range(n_claims // per_doc):
        doc = f"doc{d:08}"
        published = start + timedelta(days=rnd.randrange(300))
        c.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                  (doc, f"Outlet{rnd.randrange(40)}", published.isoformat(), None, None, "en", "-", "text", "now"))
        ev = c.execute("INSERT INTO evidence(doc_id, sentence, start, end, text) VALUES (?,?,?,?,?)",
                       (doc, 0, 0, 10, "A sentence of evidence.")).lastrowid
        for _ in range(per_doc):
            pid = rnd.randrange(n_places) + 1
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
    c.execute(f"INSERT INTO claim_facts {FACTS_SELECT}")
    c.execute("COMMIT")


def median_ms(fn: Callable[[], Any], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger.open(Path(tmp) / "status.db")
        build(ledger, n)
        on = date(2025, 9, 1)
        baseline = median_ms(lambda: ledger.conn.execute("SELECT * FROM claim_facts WHERE day <= ?",
                                                         (on.isoformat(),)).fetchall())
        full = median_ms(lambda: status_table(ledger, on))
        region = median_ms(lambda: status_table(ledger, on, region="Donetsk"))
        print(f"claims: {ledger.counts()['claims']:,}, places: {ledger.counts()['places']:,}")
        print(f"baseline (bare read of the claim facts): {baseline:7.1f} ms median")
        print(f"status --on {on}:                  {full:7.1f} ms median  (ratio to baseline {full / baseline:.2f})")
        print(f"status --on {on} --region Donetsk: {region:7.1f} ms median  "
              f"(ratio to baseline {region / baseline:.2f})")


if __name__ == "__main__":
    main()
