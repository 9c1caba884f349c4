"""The refresh at the end of a backfill (#12): every document of a ledger pending at once, then `refresh`, in
one pass and in chunks of places; the peak resident memory and the seconds of each, and their ratio, in the same
run. Each refresh runs in a process of its own (so that one's peak is not the other's).

    .venv/bin/python benchmarks/refresh_memory.py LEDGER [--chunk-facts N]

LEDGER is a SQLite file or a PostgreSQL URL built by `contested ingest` (for instance the 100,000-report ledger
`scale.py` builds). The refresh rewrites its propositions and contradictions with what they already are.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

from contested.reconcile.clusters import REFRESH_FACTS

CHILD = """
import json, resource, sys, time
from contested.ledger import Ledger
from contested.reconcile import refresh
ledger = Ledger.open(sys.argv[1])
ledger.conn.execute("BEGIN")
ledger.conn.execute("INSERT OR IGNORE INTO reconcile_pending SELECT id FROM documents")
ledger.conn.execute("COMMIT")
start = time.perf_counter()
props, found = refresh(ledger, chunk_facts=int(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - start, "propositions": props, "contradictions": found,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(ledger: str, chunk_facts: int) -> dict:
    """One refresh of every place, in a fresh process; its figures."""
    done = subprocess.run([sys.executable, "-c", CHILD, ledger, str(chunk_facts)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ledger")
    parser.add_argument("--chunk-facts", type=int, default=REFRESH_FACTS)
    args = parser.parse_args()
    start = time.perf_counter()
    whole = run(args.ledger, 10**12)
    chunked = run(args.ledger, args.chunk_facts)
    assert (whole["propositions"], whole["contradictions"]) == (chunked["propositions"], chunked["contradictions"])
    print(f"{whole['propositions']:,} propositions, {whole['contradictions']:,} contradictions")
    print(f"  one pass:                 peak {whole['peak_mib']:7.0f} MiB, {whole['seconds']:6.1f} s")
    print(f"  chunks of {args.chunk_facts:>7,} facts:   peak {chunked['peak_mib']:7.0f} MiB, "
          f"{chunked['seconds']:6.1f} s  (memory ratio {chunked['peak_mib'] / whole['peak_mib']:.2f}, time ratio "
          f"{chunked['seconds'] / whole['seconds']:.2f})")
    print(f"  ({time.perf_counter() - start:.0f} s in all; this process peaked at "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
