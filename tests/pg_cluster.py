"""A throwaway PostgreSQL cluster on loopback for the tests and benchmarks (#12), from the machine's server binaries
(`/usr/lib/postgresql/*/bin`, Debian's `postgresql` package): `initdb`, `pg_ctl start` on a free port, a fresh
database per use, `pg_ctl stop` at the end. PostgreSQL refuses to run as root, so as root it runs as `postgres`.

>>> with Cluster.start() as cluster:          # doctest: +SKIP
...     url = cluster.new_database()
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def server_bin() -> Path | None:
    """The folder of the newest PostgreSQL server binaries here, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, folder: Path, port: int, user: str | None) -> None:
        self.folder, self.port, self.user = folder, port, user
        self.url = f"postgresql://contested@127.0.0.1:{port}/postgres"

    @classmethod
    def start(cls) -> Cluster:
        bindir = server_bin()
        if bindir is None:
            raise RuntimeError("no PostgreSQL server binaries (install Debian's postgresql package)")
        folder = Path(tempfile.mkdtemp(prefix="contested-pg-"))
        user = None
        if os.geteuid() == 0:
            user = "postgres" if _has_user("postgres") else "nobody"
            entry = pwd.getpwnam(user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        cluster = cls(folder, _free_port(), user)
        cluster._run([str(bindir / "initdb"), "-D", str(folder / "data"), "-U", "contested", "--auth=trust",
                      "--encoding=UTF8", "--locale=C.UTF-8"])
        options = (f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        cluster._run([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l",
                      str(folder / "server.log"), "-w", "start"])
        cluster.bindir = bindir
        return cluster

    def _run(self, command: list[str]) -> None:
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def new_database(self) -> str:
        """The URL of a new, empty database on this cluster."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"])
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
