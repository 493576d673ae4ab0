"""The benchmark: serves the product as in production and drives it with wrk (`make bench`)."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, NoReturn

import psycopg

from bench import report

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench-results"
LUA = Path(__file__).with_name("report.lua")
CACHE_SWITCH = "API_REPRESENTATION_CACHE"


def fail(message: str) -> NoReturn:
    sys.exit(f"bench: {message}")


def ensure_wrk() -> str:
    """wrk from Debian's packages; installed when missing and this user may install."""
    if found := shutil.which("wrk"):
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: installing wrk (apt-get install wrk)", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        if found := shutil.which("wrk"):
            return found
    fail("wrk is not installed. Install it with `sudo apt-get install wrk` (Debian/Ubuntu).")
    raise AssertionError


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(url: str, symptoms: int, regenerate: bool) -> None:
    """Create, migrate and fill the database unless it already holds this scale.

    The benchmark's databases are scratch: one that no longer migrates (content made by an
    older version) is dropped and made anew.
    """
    base, name = url.rsplit("/", 1)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    create_database(base, name)
    try:
        manage(env, "migrate", "--noinput", "-v0")
    except subprocess.CalledProcessError:
        print(f"bench: {name} does not migrate; making it anew", flush=True)
        create_database(base, name, drop=True)
        manage(env, "migrate", "--noinput", "-v0")
    with psycopg.connect(url) as conn:
        counted = conn.execute(
            "SELECT count(*) FROM symptoms_symptom WHERE status = 'published'"
        ).fetchone()
    assert counted is not None  # count(*) always gives one row
    current = counted[0]
    if regenerate or current != symptoms:
        print(f"bench: generating {symptoms} symptoms in {name}", flush=True)
        manage(env, "generate_bench_content", f"--symptoms={symptoms}", "--replace")
    manage(env, "build_documents", "--missing")


def create_database(base: str, name: str, *, drop: bool = False) -> None:
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            if drop:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        fail(f"PostgreSQL is not reachable at {base}: {error}")


def probe(env: dict) -> list[dict]:
    """The scenarios' URLs and SQL queries per request, measured in-process."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.probe"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("PROBE "))
    return json.loads(line[len("PROBE ") :])["scenarios"]


def server_command(server: str, port: int, workers: int) -> list[str]:
    if server == "granian":
        return [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--workers",
            str(workers),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-ws",
            "--log-level",
            "warning",
            "healthcontent.wsgi:application",
        ]
    if (ROOT / "gunicorn.conf.py").exists():
        # The production configuration; BIND and WEB_CONCURRENCY are its own variables.
        return [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"]
    return [
        str(BIN / "gunicorn"),
        "healthcontent.wsgi:application",
        "--worker-class",
        "sync",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
    ]


@contextlib.contextmanager
def serving(server: str, env: dict, workers: int, log: Path):
    port = free_port()
    env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    with log.open("w") as log_file:
        process = subprocess.Popen(
            server_command(server, port, workers),
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                fail(f"{server} exited at start-up; see {log}")
            try:
                with urllib.request.urlopen(f"{base}/bench/baseline/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    fail(f"{server} did not answer within 60 s; see {log}")
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_rss_mb(master: int) -> list[float]:
    """Resident memory of each worker process (the master's children), in MB."""
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sorted(sizes)


def etag_of(url: str) -> str | None:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("ETag")


def wrk(url: str, *, seconds: float, connections: int, headers=(), paths=None) -> dict:
    """One wrk run; with `paths` (a file, one path a line) it cycles through them."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    command += ["-s", str(LUA)]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    if paths:
        command += ["--", str(paths)]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        fail(f"wrk printed no summary for {url}:\n{out.stdout}{out.stderr}")
    figures = json.loads(line[len("BENCH ") :])
    figures["rps"] = round(figures["requests"] / (figures["duration_us"] / 1e6), 1)
    return figures


def measure(base: str, scenario: dict, args, headers=(), connections=None, paths=None) -> dict:
    url = base + scenario["path"]
    run = {"connections": connections or args.concurrency, "headers": headers, "paths": paths}
    wrk(url, seconds=args.warmup, **run)
    figures = wrk(url, seconds=args.duration, **run)
    drain(base)
    return figures


def drain(base: str) -> None:
    """Wait for the requests wrk left queued: the next scenario starts on an idle server."""
    for _ in range(4):
        with urllib.request.urlopen(f"{base}/bench/baseline/", timeout=120):
            pass


def paths_file(scenario: dict) -> Path | None:
    """Cold details cycle through many records (the long tail), never the same one twice."""
    if not scenario.get("paths"):
        return None
    path = RESULTS / f"paths-{scenario['name'].replace(' ', '-')}.txt"
    path.write_text("\n".join(scenario["paths"]) + "\n")
    return path


def run_pass(server: str, cache: str, env: dict, found: list[dict], args, label: str) -> dict:
    """One server start: the baseline and every scenario, then each worker's memory."""
    env = {**env, CACHE_SWITCH: cache}
    rows = []
    with serving(server, env, args.workers, RESULTS / f"server-{label}.log") as (base, pid):
        baseline = measure(base, {"path": "/bench/baseline/"}, args)
        rows.append({"scenario": "baseline", **baseline})
        for scenario in found:
            row: dict[str, Any] = {
                key: scenario.get(key)
                for key in ("path", "status", "queries_cold", "queries_warm", "bytes")
            }
            row["scenario"] = scenario["name"]
            if scenario["status"] != 200:
                rows.append({**row, "skipped": f"HTTP {scenario['status']}"})
                continue
            headers = []
            if scenario.get("conditional"):
                if cache == "off":
                    continue
                etag = etag_of(base + scenario["path"])
                if not etag:
                    rows.append({**row, "skipped": "no ETag"})
                    continue
                headers = [f"If-None-Match: {etag}"]
            paths = paths_file(scenario) if cache == "off" else None
            if paths:
                row["scenario"] += " (long tail)"
                row["records"] = len(scenario["paths"])
            rows.append({**row, **measure(base, scenario, args, headers, paths=paths)})
            if cache == "off" and scenario["name"] in ("search", "suggest"):
                alone = measure(base, scenario, args, connections=1)
                rows.append({**row, "scenario": f"{scenario['name']} (1 connection)", **alone})
        memory = worker_rss_mb(pid)
    for row in rows:
        if "rps" in row:
            row["of_baseline"] = round(row["rps"] / baseline["rps"], 3)
    return {"server": server, "cache": cache, "rows": rows, "worker_rss_mb": memory}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="100,10000", help="symptom counts, comma-separated")
    parser.add_argument(
        "--databases",
        default="bench_small,bench_large",
        help="one PostgreSQL database per scale, same order",
    )
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--servers", default="gunicorn", help="gunicorn and/or granian")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=8, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2, help="seconds before each scenario")
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the server (shared cache)")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the content")
    parser.add_argument(
        "--smoke", action="store_true", help="CI: 100 symptoms, 2 s per scenario, 1 s warm-up"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.scales, args.databases, args.duration, args.warmup = "100", "bench_small", 2, 1
    scales = [int(s) for s in args.scales.split(",")]
    databases = args.databases.split(",")
    if len(databases) < len(scales):
        fail("--databases needs one database name per scale")
    ensure_wrk()
    RESULTS.mkdir(exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    results: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"),
        "load_average_before": os.getloadavg(),
        "cpus": os.cpu_count(),
        "settings": {k: v for k, v in vars(args).items()},
        "scales": [],
    }
    for symptoms, database in zip(scales, databases, strict=False):
        url = f"{args.postgres.rstrip('/')}/{database}"
        prepare_database(url, symptoms, args.regenerate)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # TLS ends at the proxy in front of production; loopback here is plain HTTP.
            "SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": args.redis_url,
            # One client sends thousands of requests a second: quotas off, as documented.
            "API_ANON_RATE": "none",
            "API_KEY_RATE": "none",
            # Without --redis-url each worker has its own cache; with quotas off that is fine.
            "ALLOW_PER_PROCESS_QUOTAS": "true",
        }
        found = probe(env)
        detail = next(s for s in found if s["name"] == "symptom detail")
        env["BENCH_BASELINE_PATH"] = detail["path"]
        passes = []
        for server in args.servers.split(","):
            for cache in ("on", "off"):
                label = f"{symptoms}-{server}-cache-{cache}"
                print(f"bench: {label}", flush=True)
                passes.append(run_pass(server, cache, env, found, args, label))
        results["scales"].append({"symptoms": symptoms, "database": database, "passes": passes})
    results["load_average_after"] = os.getloadavg()
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(results, indent=2)
    (RESULTS / f"bench-{stamp}.json").write_text(text)
    (RESULTS / "latest.json").write_text(text)
    print(report.render(results))
    print(f"\nJSON: {RESULTS / f'bench-{stamp}.json'}")


if __name__ == "__main__":
    main()
