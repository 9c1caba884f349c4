"""Ingest speed: `contested ingest` on the sample corpus repeated to N documents, against a bare spaCy
`nlp.pipe` pass over the same texts in the same process (#2).

    .venv/bin/python benchmarks/ingest.py [N]      (default 1000)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contested.geo.gazetteer import open_gazetteer
from contested.ingest import read_inputs
from contested.ledger import Ledger
from contested.nlp import load_pipeline
from contested.pipeline import Pipeline, ingest

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "dnipropetrovsk-incursion.txt"


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak Python-traced allocation of a run (a separate, shorter run: tracing slows everything down)."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    text = SAMPLE.read_text(encoding="utf-8")
    texts = [f"Report {i}.\n{text}" for i in range(n)]  # distinct documents, same prose
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, t in enumerate(texts):
            (folder / f"r{i:04}.txt").write_text(t, encoding="utf-8")
        nlp = load_pipeline()
        pipeline = Pipeline(open_gazetteer())
        pipeline.process_many([])  # models loaded before timing
        _, bare_s = timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=16)))
        ledger = Ledger.open(Path(tmp) / "bench.db")
        outcomes, ingest_s = timed(lambda: ingest(read_inputs([str(folder)]), ledger, pipeline))
        added = sum(1 for o in outcomes if o.status == "added")
        sample = min(n, 100)
        bare_peak = peak_memory(lambda: sum(1 for _ in nlp.pipe(texts[:sample], batch_size=16)))
        small = Path(tmp) / "small"
        small.mkdir()
        for i, t in enumerate(texts[:sample]):
            (small / f"s{i:04}.txt").write_text("Again. " + t, encoding="utf-8")
        ingest_peak = peak_memory(lambda: ingest(read_inputs([str(small)]), Ledger.open(Path(tmp) / "m.db"), pipeline))
    words = len(text.split()) * n
    print(f"documents: {n} ({words:,} words)")
    print(f"bare spaCy nlp.pipe: {n / bare_s:7.1f} docs/s  {words / bare_s:8.0f} words/s  "
          f"peak traced memory (first 100 docs) {bare_peak / 2**20:6.1f} MiB")
    print(f"contested ingest:    {added / ingest_s:7.1f} docs/s  {words / ingest_s:8.0f} words/s  "
          f"peak traced memory (first 100 docs) {ingest_peak / 2**20:6.1f} MiB  ({added} added)")
    print(f"ratio ingest/bare (throughput): {bare_s / ingest_s:.2f}")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
