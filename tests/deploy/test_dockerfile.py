import json
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
DOCKERFILE = (PROJECT / "Dockerfile").read_text()


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continued lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            pairs.append((keyword.upper(), arguments.strip()))
    return pairs


def stages() -> dict[str, list[tuple[str, str]]]:
    result: dict[str, list[tuple[str, str]]] = {}
    current: str | None = None
    for keyword, arguments in instructions():
        if keyword == "FROM":
            current = arguments.split(" AS ")[-1].strip()
            result[current] = []
        assert current is not None, f"{keyword} before the first FROM"
        result[current].append((keyword, arguments))
    return result


def server_command() -> list[str]:
    [cmd] = [arguments for keyword, arguments in instructions() if keyword == "CMD"]
    return json.loads(cmd)


def test_build_and_runtime_stages_on_a_slim_python():
    built = stages()

    assert list(built) == ["build", "runtime"]
    for stage in built.values():
        assert re.fullmatch(r"python:3\.1[1-9]-slim AS \w+", stage[0][1])


def test_dependencies_are_installed_from_pyproject():
    build = stages()["build"]
    runs = " ".join(arguments for keyword, arguments in build if keyword == "RUN")

    assert ("COPY", "pyproject.toml /tmp/pyproject.toml") in build
    assert "['project']['dependencies']" in runs
    assert "pip install -r /tmp/requirements.txt" in runs


def test_runtime_runs_as_a_non_root_user():
    users = [arguments for keyword, arguments in stages()["runtime"] if keyword == "USER"]

    assert users == ["app"]
    assert "useradd --system" in DOCKERFILE


def test_static_files_are_collected_at_build_with_a_throwaway_key():
    runs = [arguments for keyword, arguments in stages()["runtime"] if keyword == "RUN"]
    collect = [run for run in runs if "collectstatic --noinput" in run]

    assert collect, "collectstatic is not run at build"
    assert "SECRET_KEY=collectstatic-only-build-key" in collect[0]
    # The build counts no quotas; the running app still needs REDIS_URL from its environment.
    assert "ALLOW_PER_PROCESS_QUOTAS=true" in collect[0]
    assert not [arguments for keyword, arguments in instructions() if keyword == "ARG"]
    assert "SECRET_KEY" not in " ".join(a for k, a in instructions() if k == "ENV")


def test_the_image_serves_with_gunicorn_and_its_config_file():
    assert server_command() == ["gunicorn", "--config", "gunicorn.conf.py"]
    assert ("COPY", "manage.py gunicorn.conf.py pyproject.toml ./") in stages()["runtime"]


def test_dockerignore_keeps_local_secrets_and_databases_out():
    ignored = (PROJECT / ".dockerignore").read_text().split()

    assert {".env", ".venv", "db.sqlite3", ".git"} <= set(ignored)
