"""A private PostgreSQL and a gunicorn in front of it, started and stopped by the tests."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support import free_port

PROJECT = Path(__file__).resolve().parents[2]


def postgres_bin_dir() -> Path | None:
    """The newest PostgreSQL server binaries on this machine, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: p.split("/")[4])
    initdb = shutil.which("initdb")
    found = found or ([initdb] if initdb else [])
    return Path(found[-1]).parent if found else None


def why_no_private_postgres() -> str | None:
    """A reason the private PostgreSQL cannot run here, or None when it can."""
    if postgres_bin_dir() is None:
        return "needs PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "runs as root and no 'postgres' user exists to own the private database"
    return None


@dataclass
class PrivatePostgres:
    """A throw-away PostgreSQL server in a temporary folder, on a free loopback port."""

    port: int = field(default_factory=free_port)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="private-pg-")))

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        bin_dir = postgres_bin_dir()
        assert bin_dir is not None, why_no_private_postgres()
        command = [str(bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.folder, postgres.pw_uid, postgres.pw_gid)
        self._run(
            "initdb", "-D", str(self.folder / "data"), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-o", options,
            "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def terminate_backends(self) -> int:
        """Kills every other connection, as a failover or an administrator would."""
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-At", "-c",
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'",
        )  # fmt: skip
        return int(result.stdout.strip() or 0)


def app_environment(database_url: str, **extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PYTEST_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        DEBUG="false",
        SECRET_KEY="fault-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        CONN_MAX_AGE="60",
        # The load comes from one address: quotas would turn it into 429s.
        API_ANON_RATE="none",
        API_KEY_RATE="none",
        # Most of these servers have no Redis; with quotas off nothing is counted per process.
        ALLOW_PER_PROCESS_QUOTAS="true",
        **extra,
    )
    return environment


def manage(environment: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        check=True,
        capture_output=True,
        timeout=300,
    )


@dataclass
class Gunicorn:
    """gunicorn serving the project on a free loopback port."""

    environment: dict[str, str]
    workers: int = 5
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str = "/healthz") -> None:
        """Starts gunicorn with the production configuration (gunicorn.conf.py)."""
        environment = {
            **self.environment,
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_MAX_REQUESTS": "0",
            "LOG_LEVEL": "warning",
        }
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--backlog", "2048"]
        self.log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.output()}")
            try:
                with urllib.request.urlopen(self.base_url + ready_path, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 seconds")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")
