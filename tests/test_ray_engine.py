"""Extraction on Ray (#12): a Ray cluster started here (`ray start --head`, as on a real head node) extracts the
reports; what it stores, in SQLite or PostgreSQL, or writes as shards that `contested load` imports, is what a
local ingest stores."""

import os
import secrets
import shutil
import socket
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import SAMPLES, write_reports
from contested.cli import app

runner = CliRunner()
RAY = shutil.which("ray") or os.path.join(os.path.dirname(sys.executable), "ray")


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    """A one-node Ray cluster with token authentication (Ray's default), stopped after the module."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}  # this cluster's own token
    env = {**os.environ, **auth, "RAY_USAGE_STATS_ENABLED": "0"}
    started = subprocess.run([RAY, "start", "--head", "--port", str(port), "--num-cpus", "2",
                              "--include-dashboard=false", "--disable-usage-stats",
                              "--temp-dir", str(tmp_path_factory.mktemp("ray-tmp"))],
                             env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stderr[-2000:]
    old = {k: os.environ.get(k) for k in auth}
    os.environ.update(auth)  # what a client of the cluster sets
    yield f"127.0.0.1:{port}"
    subprocess.run([RAY, "stop", "--force"], env=env, capture_output=True)
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    path = write_reports(tmp_path_factory.mktemp("reports") / "reports.jsonl")
    return [str(SAMPLES), str(path)]


def invoke(*args):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def exported(db):
    return invoke("export", "--format", "jsonl", "--db", db)


def test_ray_stores_what_a_local_ingest_stores(ray_cluster, reports, ledger_at):
    local, remote = ledger_at("local"), ledger_at("ray")
    invoke("ingest", *reports, "--db", local)
    out = invoke("ingest", *reports, "--engine", "ray", "--address", ray_cluster, "--db", remote)
    assert "documents added: 4" in out
    assert exported(remote) == exported(local) != ""
    again = invoke("ingest", *reports, "--engine", "ray", "--address", ray_cluster, "--db", remote)
    assert "documents added: 0, skipped as duplicates: 4" in again  # a re-run adds nothing


def test_ray_shards_loaded_later_equal_a_local_ingest(ray_cluster, reports, tmp_path):
    local, loaded, shards = str(tmp_path / "local.db"), str(tmp_path / "loaded.db"), tmp_path / "shards"
    invoke("ingest", *reports, "--db", local)
    out = invoke("ingest", *reports, "--engine", "ray", "--address", ray_cluster, "--shards", str(shards))
    assert "documents added: 4" in out and list(shards.glob("part-*.parquet"))
    assert "documents added: 4" in invoke("load", str(shards), "--db", loaded)
    assert exported(loaded) == exported(local)
    assert "skipped as duplicates: 4" in invoke("load", str(shards), "--db", loaded)


def test_load_of_a_folder_that_holds_no_shards_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "not a shard folder" in str(result.exception or result.output)


def test_shards_and_address_need_the_ray_engine(tmp_path):
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--shards", str(tmp_path / "s")])
    assert result.exit_code == 2 and "--engine ray" in result.output
