"""`contested ingest --workers N` on the ISW stream (#12): wall time for 1 and 2 workers, each into a fresh ledger,
run in the same sitting, and the speed-up (target >= 1.8x from 1 to 2 workers). The whole command is timed, model
loading included, as a user waits for it.

    .venv/bin/python benchmarks/workers.py [FOLDER] [--runs 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STREAM = ROOT.parent / "shared" / "streams" / "isw-2025-01"


def timed(folder: Path, workers: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "contested", "ingest", str(folder), "--db",
                               str(Path(tmp) / "w.db"), "--workers", str(workers)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=STREAM)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    best = {w: min(timed(args.folder, w) for _ in range(args.runs)) for w in (1, 2)}
    print(f"{args.folder.name}: 1 worker {best[1]:.1f} s, 2 workers {best[2]:.1f} s; speed-up "
          f"{best[1] / best[2]:.2f}x (best of {args.runs})")


if __name__ == "__main__":
    main()
