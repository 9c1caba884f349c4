"""Measured growth (#12): ingest 1k, 10k (and, when asked, 100k) documents of real stream text and report docs/s,
peak memory, ledger size, and `status` / `claims --place` latency at each size, with 1 and 2 workers, on SQLite
and on PostgreSQL (a throwaway server started from the machine's binaries, as the tests do).

    .venv/bin/python benchmarks/scale.py [SIZES ...] [--workers 1 2] [--ledger sqlite postgresql] [--markdown]

The documents are the prose paragraphs of ../shared/streams/isw-2025-01/, varied so that none is a duplicate
(each copy carries its own number and date). Every ingest is the real command (`python -m contested ingest`)
into a fresh ledger, timed whole; peak memory is the largest resident set of it and its workers. Linearity is
the cost per document at each size against the smallest size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from contested.ledger import Ledger
from contested.reconcile import ledger_today, status_table
from status import median_ms

ROOT = Path(__file__).resolve().parents[1]
STREAM = ROOT.parent / "shared" / "streams" / "isw-2025-01"
MIN_WORDS = 40


def paragraphs() -> list[str]:
    """Prose paragraphs of the stream (no headings, links, lists or endnotes)."""
    out = []
    for path in sorted(STREAM.glob("*.md")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            text = block.strip()
            if len(text.split()) >= MIN_WORDS and text[0].isalpha() and "](" not in text:
                out.append(text)
    return out


FILE_RECORDS = 5000  # records a file: about 5 MB, under ingest's 10 MiB --max-bytes, as an archive would be split


def corpus(n: int, folder: Path) -> Path:
    """A folder of n records of stream paragraphs in JSON Lines files, each copy numbered and dated so that no two
    are one document."""
    base = paragraphs()
    start = date(2025, 1, 1)
    path = folder / f"corpus-{n}"
    path.mkdir(exist_ok=True)
    for first in range(0, n, FILE_RECORDS):
        with (path / f"part-{first // FILE_RECORDS:04d}.jsonl").open("w", encoding="utf-8") as f:
            for i in range(first, min(n, first + FILE_RECORDS)):
                text = base[i % len(base)]
                copy = i // len(base)
                day = start + timedelta(days=(i * 7 + copy) % 360)
                f.write(json.dumps({"id": f"r{i}", "text": f"{text} (Report {i}, copy {copy}.)", "source":
                                    f"Desk {copy % 7}", "published": day.isoformat()}) + "\n")
    return path


def measure(n: int, workers: int, folder: Path, server: Any = None) -> dict[str, Any]:
    """One fresh ledger (a file, or a new database on `server`), the corpus of n ingested into it, measured."""
    records = corpus(n, folder)
    db = server.new_database() if server else str(folder / f"scale-{n}-{workers}.db")
    command = [sys.executable, "-m", "contested", "ingest", str(records), "--db", db, "--workers", str(workers)]
    peak_file = folder / "peak.txt"
    timer = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file)] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run([*timer, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    # the largest resident set of the ingest or any worker it waited for (GNU time), else of any child so far
    kib = int(peak_file.read_text().split()[-1]) if timer else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak = kib / 1024
    ledger = Ledger.open(db)
    on = ledger_today(ledger)
    status = median_ms(lambda: status_table(ledger, on), runs=5)
    place = ledger.conn.execute("SELECT p.name FROM claim_facts f JOIN places p ON p.id = f.place_id "
                                "GROUP BY p.name ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    claims = median_ms(lambda: list(ledger.claim_records(place)), runs=5)
    counts = ledger.counts()
    if server:
        size = ledger.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1024 / 1024
    else:
        size = sum(p.stat().st_size for p in folder.glob(f"{Path(db).name}*")) / 1024 / 1024
    ledger.close()
    return {"ledger": "postgresql" if server else "sqlite", "docs": n, "workers": workers, "seconds": seconds,
            "docs_per_s": n / seconds, "peak_mib": peak,
            "ledger_mib": size, "claims": counts["claims"], "status_ms": status, "claims_place_ms": claims}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--ledger", nargs="+", default=["sqlite"], choices=["sqlite", "postgresql"])
    parser.add_argument("--markdown", action="store_true", help="print a table for benchmarks/README.md")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.ledger:
            server = _start_postgres() if kind == "postgresql" else None
            try:
                for workers in args.workers:
                    for n in sorted(args.sizes):
                        row = measure(n, workers, Path(tmp), server)
                        first = next((r for r in rows if r["workers"] == workers and r["ledger"] == kind), row)
                        row["linear"] = (row["seconds"] / row["docs"]) / (first["seconds"] / first["docs"])
                        rows.append(row)
                        print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}),
                              flush=True)
            finally:
                if server:
                    server.stop()
    if args.markdown:
        print("| ledger | docs | workers | docs/s | cost per doc vs smallest | peak MiB | ledger MiB | claims "
              "| status ms | claims --place ms |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['ledger']} | {r['docs']:,} | {r['workers']} | {r['docs_per_s']:.1f} | {r['linear']:.2f}x | "
                  f"{r['peak_mib']:.0f} | {r['ledger_mib']:.1f} | {r['claims']:,} | {r['status_ms']:.0f} | "
                  f"{r['claims_place_ms']:.0f} |")


def _start_postgres() -> Any:
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_cluster import Cluster

    return Cluster.start()


if __name__ == "__main__":
    main()
