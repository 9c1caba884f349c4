"""Shards (#12): a processed document survives the trip through a Parquet record unchanged, and bad shards are
clear errors."""

import json

import pytest

from conftest import SAMPLE
from contested.ingest import Meta, read_inputs
from contested.ledger import Ledger
from contested.model import Document
from contested.pipeline import _store
from contested.shards import from_record, read_shards, to_record, write_shard

REPORTS = [
    "Russian forces captured Pishchane (southeast of Kupiansk) on January 9, Russian milbloggers reportedly claimed.",
    "Ukraine's General Staff denied that Russian troops captured Pishchane and said fighting continued near "
    "Kupiansk and in the Pokrovsk direction.",
]


def _processed(pipeline):
    docs = [d for d in read_inputs([str(SAMPLE)], Meta(source="BBC")) if isinstance(d, Document)]
    return pipeline.process_many(docs + [Document(t, source="TASS") for t in REPORTS])


def test_a_record_holds_everything_the_ledger_stores(pipeline, tmp_path):
    processed = _processed(pipeline)
    assert sum(len(p.claims) for p in processed) >= 10
    again = [from_record(json.loads(json.dumps(to_record(p)))) for p in processed]
    direct, tripped = Ledger.open(tmp_path / "direct.db"), Ledger.open(tmp_path / "tripped.db")
    _store(direct, processed, lambda o: None)
    _store(tripped, again, lambda o: None)
    assert list(direct.claim_records()) == list(tripped.claim_records())
    assert direct.place_rows("Pishchane") == tripped.place_rows("Pishchane") != []


def test_shards_are_read_back_in_order(pipeline, tmp_path):
    processed = _processed(pipeline)
    write_shard(tmp_path / "part-000001.parquet", processed[1:])
    write_shard(tmp_path / "part-000000.parquet", processed[:1])
    assert [p.document.id for p in read_shards(tmp_path)] == [p.document.id for p in processed]
    assert not list(tmp_path.glob(".*partial"))  # written beside, then moved into place


def test_a_record_of_another_version_is_refused():
    with pytest.raises(ValueError, match="version"):
        from_record({"version": 99})
