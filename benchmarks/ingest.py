"""Ingest speed on a real stream, against a bare spaCy `nlp.pipe` over the same texts in the same run (#7).

    .venv/bin/python benchmarks/ingest.py [STREAM_FOLDER]    (default ../shared/streams/isw-2025-01)

Prints words/s of `contested ingest` (read, blank markup, parse, extract, resolve, store) and of a bare
`nlp.pipe` pass, their ratio, and the cost of one report at 1x, 4x and 16x its length (the 16x copy of a
daily ISW report is about 1 MB): seconds per 100,000 characters should stay flat if ingest is linear.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contested.geo.gazetteer import open_gazetteer
from contested.ingest import read_inputs
from contested.ledger import Ledger
from contested.model import Document
from contested.nlp import load_pipeline
from contested.pipeline import Pipeline, ingest

STREAM = Path(__file__).resolve().parents[2] / "shared" / "streams" / "isw-2025-01"


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def scaled(pipeline: Pipeline, text: str, copies: int, ledger: Ledger) -> float:
    """Seconds to process and store one report made of `copies` copies of `text`."""
    document = Document("\n\n".join(f"Part {i}.\n\n{text}" for i in range(copies)), source="bench")
    _, seconds = timed(lambda: ledger.add_document(document, *_analysed(pipeline, document)))
    return seconds


def _analysed(pipeline: Pipeline, document: Document) -> tuple[list, list]:
    processed = pipeline.process(document)
    return processed.mentions, processed.claims


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else STREAM
    files = sorted(folder.glob("*.md")) + sorted(folder.glob("*.txt"))
    if not files:
        sys.exit(f"no reports in {folder}: pass a folder of .md or .txt reports")
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline()
    pipeline = Pipeline(open_gazetteer())
    pipeline.process_many([Document("Russian forces attacked near Pokrovsk on Monday.")])  # models loaded
    with tempfile.TemporaryDirectory() as tmp:
        _, bare_s = timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=16)))
        ledger = Ledger.open(Path(tmp) / "bench.db")
        outcomes, ingest_s = timed(lambda: ingest(read_inputs([str(folder)]), ledger, pipeline))
        added = sum(1 for o in outcomes if o.status == "added")
        claims = sum(o.claims for o in outcomes)
        print(f"stream: {folder} ({len(texts)} reports, {words:,} words; {added} added, {claims:,} claims)")
        print(f"bare spaCy nlp.pipe: {words / bare_s:8.0f} words/s")
        print(f"contested ingest:    {words / ingest_s:8.0f} words/s")
        print(f"ratio ingest/bare (throughput): {bare_s / ingest_s:.2f}")
        base = max(texts, key=len)
        per = {}
        for copies in (1, 4, 16):
            seconds = scaled(pipeline, base, copies, Ledger.open(Path(tmp) / f"scale{copies}.db"))
            chars = copies * (len(base) + 12)
            per[copies] = seconds / chars * 100_000
            print(f"one report at {copies:2d}x ({chars / 1e6:5.2f} MB): {seconds:6.1f} s, "
                  f"{per[copies]:5.2f} s per 100k chars, {per[copies] / per[1]:.2f}x the 1x cost per char")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
