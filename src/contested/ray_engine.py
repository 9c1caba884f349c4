"""Extraction on a Ray cluster (#12): `contested ingest --engine ray [--address HOST:PORT]`.

This process reads the inputs (as `ingest` does: same formats, same per-document errors), leaves out what the
ledger already holds, and sends batches to Ray tasks; each task runs the whole pipeline on a Ray worker, whose
process keeps its loaded model between tasks. Results come back in input order and this process stores them,
one transaction a document, into the ledger (SQLite, or PostgreSQL for a cluster), or each task writes a
Parquet shard (`--shards DIR`, a folder every node can reach) that `contested load DIR` imports later.

Every node needs contested installed and the gazetteer at the same path (`contested gazetteer build`).

>>> ingest_ray(read_inputs(["archive/"]), ledger, "~/.cache/contested/gazetteer.sqlite", profile)  # doctest: +SKIP
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from contested import pipeline as local
from contested.errors import ConfigError
from contested.ingest import Failure
from contested.ledger import Ledger
from contested.model import Document, IngestOutcome
from contested.resources import Profile


def _extract(batch: list[Document], gazetteer: str, profile: Profile, model: str | None,
             shard: str | None) -> list[Any]:
    """A Ray task: the pipeline on one batch (loaded once per worker process). With `shard`, the results go into
    that Parquet file and only (origin, id, claims) come back."""
    if local._WORKER is None:
        local._start_worker(gazetteer, profile, model)
    processed = local._work(batch)
    if shard is None:
        return processed
    from contested.shards import write_shard

    write_shard(Path(shard), processed)
    return [(p.document.origin, p.document.id, len(p.claims)) for p in processed]


def ingest_ray(items: Iterable[Document | Failure], ledger: Ledger | None, gazetteer: str, profile: Profile,
               address: str | None = None, workers: int | None = None, shards: Path | None = None,
               on_outcome: Callable[[IngestOutcome], None] | None = None, model: str | None = None,
               batch_chars: int = local.BATCH_CHARS) -> list[IngestOutcome]:
    """As `ingest`, with extraction on Ray: a cluster at `address`, else a Ray instance started here.

    `workers` caps the tasks in flight (default: the cluster's CPUs). Without a ledger (`shards` only), duplicates
    are found within this run and again by `contested load`.
    """
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("--engine ray needs Ray: pip install 'contested[ray]'") from exc

    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        task = ray.remote(num_cpus=1)(_extract)
        width = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        outcomes: list[IngestOutcome] = []
        report = local._reporter(outcomes, on_outcome)
        inflight: deque[Any] = deque()
        known = ledger or _NoLedger()
        for n, batch in enumerate(local._new_batches(items, known, report, 16, batch_chars)):  # type: ignore[arg-type]
            shard = str(shards / f"part-{n:06d}.parquet") if shards else None
            inflight.append(task.remote(batch, gazetteer, profile, model, shard))
            while len(inflight) > 2 * width:  # two batches a worker in flight: bounded memory, no idle worker
                _collect(ray.get(inflight.popleft()), ledger, report)
        while inflight:
            _collect(ray.get(inflight.popleft()), ledger, report)
        return outcomes
    finally:
        if started:
            ray.shutdown()


def _collect(result: list[Any], ledger: Ledger | None, report: Callable[[IngestOutcome], None]) -> None:
    if result and isinstance(result[0], tuple):  # written to a shard
        for origin, doc_id, claims in result:
            report(IngestOutcome(origin, "added", doc_id, claims))
    elif ledger is not None:
        local._store(ledger, result, report)


class _NoLedger:
    """Shards only: nothing is known before this run."""

    def has_document(self, doc_id: str) -> bool:
        return False


def load_shards(folder: Path, ledger: Ledger, on_outcome: Callable[[IngestOutcome], None] | None = None
                ) -> list[IngestOutcome]:
    """Store every document of the shards in a folder (those already in the ledger are duplicates)."""
    from contested.shards import read_shards

    outcomes: list[IngestOutcome] = []
    report = local._reporter(outcomes, on_outcome)
    for processed in read_shards(folder):
        local._store(ledger, [processed], report)
    return outcomes


SETTINGS = "settings.json"


def write_shard_settings(folder: Path, profile: str | None, model: str, gazetteer: str) -> None:
    """What the shards were built with, for `contested load` to record in the ledger (and check the profile)."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / SETTINGS).write_text(json.dumps({"profile": profile, "model": model, "gazetteer": gazetteer}),
                                   encoding="utf-8")


def read_shard_settings(folder: Path) -> dict[str, Any]:
    import json

    from contested.errors import InputError

    path = folder / SETTINGS
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a shard folder of `contested ingest --engine ray --shards` ({exc})") from exc
    if not isinstance(settings, dict) or not {"profile", "model", "gazetteer"} <= set(settings):
        raise InputError(f"{path}: expected the keys profile, model and gazetteer")
    return settings
