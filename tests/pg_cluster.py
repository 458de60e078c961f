"""Throwaway PostgreSQL clusters for tests: started with Debian's initdb and pg_ctl.

A cluster lives in a temporary directory on a Unix socket only; as root, it runs as the
``postgres`` user, since PostgreSQL refuses to run as root. Each test that wants its own
catalog gets a fresh database of the cluster (``new_database``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

BIN = (
    next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    if Path("/usr/lib/postgresql").is_dir()
    else None
)


def available() -> bool:
    """Whether a PostgreSQL server can be started here."""
    return BIN is not None and (BIN / "initdb").exists() and shutil.which("psql") is not None


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program (as the postgres user when we are root)."""
    return subprocess.run(
        _as_postgres([str(a) for a in args]),
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class Cluster:
    """One running PostgreSQL server on a Unix socket."""

    def __init__(self, root: Path, *, port: int | None = None) -> None:
        self.root = root
        self.data = root / "data"
        self.sock = root / "sock"
        self.port = port or _free_port()

    @classmethod
    def create(cls, settings: dict[str, str] | None = None) -> Cluster:
        """initdb and start a new cluster (with these extra postgresql.conf settings)."""
        cluster = cls(cls.new_root())
        run(BIN / "initdb", "-D", cluster.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with open(cluster.data / "postgresql.conf", "a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nfsync = off\n")
            conf.writelines(f"{name} = {value}\n" for name, value in (settings or {}).items())
        with open(cluster.data / "pg_hba.conf", "a") as hba:
            hba.write("local replication all trust\n")
        cluster.start()
        return cluster

    @staticmethod
    def new_root() -> Path:
        # Not under pytest's tmp dir: that one is private to root, and the server runs as
        # postgres.
        root = Path(tempfile.mkdtemp(prefix="archive-pg-"))
        (root / "sock").mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(root / "sock", "postgres")
        return root

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-k {self.sock} -p {self.port} -c listen_addresses=''"
        run(BIN / "pg_ctl", "-D", self.data, "-l", self.root / "log", "-w", "start", "-o", options)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        subprocess.run(
            _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one database of this cluster."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.sock}&port={self.port}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL with psql; return its unaligned output."""
        out = run(
            "psql", "-h", self.sock, "-p", self.port, "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-Atc", sql,
        )  # fmt: skip
        return out.stdout.strip()

    def new_database(self) -> str:
        """Create an empty database; return its name."""
        name = f"archive_{uuid.uuid4().hex[:12]}"
        self.psql(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database, whoever is still connected to it."""
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
