import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.deploy.conftest import PROJECT, manage, production_env
from tests.deploy.test_dockerfile import server_command
from tests.support import free_port, redis_is_running

STARTUP_SECONDS = 20


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


HTTP = urllib.request.build_opener(NoRedirects)


def get(url: str, **headers: str) -> tuple[int, dict, str]:
    """Status, headers and body of a real HTTP GET; error statuses are answers too."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with HTTP.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def image_server_command() -> list[str]:
    """The image's CMD, run with this virtualenv's gunicorn."""
    command = server_command()
    command[0] = str(Path(sys.executable).with_name(command[0]))
    return command


@pytest.fixture(scope="module")
def database_url(django_db_setup, tmp_path_factory) -> str:
    """The suite's own PostgreSQL test database, or a freshly migrated SQLite file."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('database') / 'db.sqlite3'}"
        result = manage("migrate", "--noinput", env=production_env(DATABASE_URL=url))
        assert result.returncode == 0, result.stderr
        return url
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def server(database_url, collected_static, tmp_path_factory):
    """The image's server command, bound to a free local port; yields its base URL."""
    port = free_port()
    command = image_server_command()
    env = production_env(
        DATABASE_URL=database_url,
        STATIC_ROOT=str(collected_static),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    if not redis_is_running():
        # /readyz checks the cache: without Redis the server runs on per-process counters.
        env.pop("REDIS_URL")
        env["ALLOW_PER_PROCESS_QUOTAS"] = "true"
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while True:
            assert process.poll() is None, f"the server exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"not up in time:\n{log.read_text()}"
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield base, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_image_command_serves_probes_admin_and_static_files(server):
    base, log = server

    healthz = get(f"{base}/healthz")
    readyz = get(f"{base}/readyz")
    login = get(f"{base}/admin/login/", **{"X-Forwarded-Proto": "https"})
    plain_login = get(f"{base}/admin/login/")

    assert healthz[0] == 200
    assert readyz[0] == 200, readyz[2]
    assert json.loads(readyz[2])["checks"] == {"database": "ok", "cache": "ok"}
    assert login[0] == 200
    assert "Strict-Transport-Security" in login[1]
    assert plain_login[0] == 301
    assert plain_login[1]["Location"].startswith("https://")

    stylesheet = next(part for part in login[2].split('"') if "/static/admin/css/base." in part)
    static = get(f"{base}{stylesheet}", **{"X-Forwarded-Proto": "https"})
    assert static[0] == 200
    assert "immutable" in static[1]["Cache-Control"]


def test_requests_are_logged_as_json_lines_with_their_request_id(server):
    base, log = server

    status, headers, _ = get(f"{base}/readyz", **{"X-Request-ID": "probe-42"})

    assert status == 200
    assert headers["X-Request-ID"] == "probe-42"
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    [access] = [entry for entry in entries if entry.get("request_id") == "probe-42"]
    assert access["logger"] == "healthcontent.access"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/readyz", 200)
    assert access["duration_ms"] >= 0
    assert any(entry["logger"] == "gunicorn.error" for entry in entries)


def test_the_server_refuses_to_start_with_quotas_counted_per_process():
    env = production_env(BIND=f"127.0.0.1:{free_port()}", WEB_CONCURRENCY="1")
    env.pop("REDIS_URL")

    result = subprocess.run(
        image_server_command(),
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
    )

    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stdout + result.stderr
