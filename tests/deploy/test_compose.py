import ast
import re
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (PROJECT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
ENV_READERS = {"bool", "int", "str", "list", "db", "db_url", "path", "float", "url", "json"}


def variables_read_by(path: Path) -> set[str]:
    """Names passed to env.<type>("NAME") or os.environ.get("NAME") in a Python file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = ast.unparse(node.func)
        if func in {"os.environ.get", "os.getenv", "env"} or (
            func.startswith("env.") and func.removeprefix("env.") in ENV_READERS
        ):
            names.add(first.value)
    return names


SETTINGS_VARIABLES = variables_read_by(PROJECT / "healthcontent" / "settings.py")
SERVER_VARIABLES = variables_read_by(PROJECT / "gunicorn.conf.py")


def example_variables() -> set[str]:
    text = (PROJECT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_the_settings_readers_are_found():
    assert {"SECRET_KEY", "DATABASE_URL", "DATABASE_REPLICA_URLS", "LOG_FORMAT"} <= (
        SETTINGS_VARIABLES
    )
    assert {"WEB_CONCURRENCY", "BIND"} <= SERVER_VARIABLES


def test_database_is_postgresql_16_or_newer_on_a_named_volume():
    db = SERVICES["db"]
    image, tag = db["image"].split(":")
    volume = db["volumes"][0].split(":")[0]

    assert image == "postgres"
    assert int(re.match(r"\d+", tag).group()) >= 16
    assert volume in COMPOSE["volumes"]
    assert "pg_isready" in str(db["healthcheck"]["test"])


def test_cache_is_redis_with_a_healthcheck():
    cache = SERVICES["cache"]

    assert cache["image"].startswith("redis:")
    assert "ping" in cache["healthcheck"]["test"]


def test_migrations_run_once_before_the_app():
    migrate = SERVICES["migrate"]

    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate["image"] == SERVICES["app"]["image"]


def test_documents_are_built_once_after_migrations_without_holding_up_the_app():
    documents = SERVICES["documents"]

    assert documents["command"] == ["python", "manage.py", "build_documents", "--missing"]
    assert documents["restart"] == "no"
    assert documents["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert documents["image"] == SERVICES["app"]["image"]
    assert "documents" not in SERVICES["app"]["depends_on"]


def test_app_waits_for_healthy_dependencies_and_finished_migrations():
    depends_on = SERVICES["app"]["depends_on"]

    assert depends_on == {
        "db": {"condition": "service_healthy"},
        "cache": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert "/readyz" in str(SERVICES["app"]["healthcheck"]["test"])


@pytest.mark.parametrize("service", ["app", "migrate"])
def test_every_variable_the_settings_read_is_provided(service):
    environment = SERVICES[service]["environment"]

    assert SETTINGS_VARIABLES - set(environment) == set()
    assert environment["DEBUG"] == "false"


def test_the_app_gets_the_server_variables_too():
    assert SERVER_VARIABLES - set(SERVICES["app"]["environment"]) == set()


def test_secrets_come_from_the_environment_only():
    environment = SERVICES["app"]["environment"]

    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
    assert "${POSTGRES_PASSWORD:?" in SERVICES["db"]["environment"]["POSTGRES_PASSWORD"]


def test_env_example_lists_every_variable():
    compose_variables = set(re.findall(r"\$\{(\w+)", COMPOSE_TEXT))

    missing = (SETTINGS_VARIABLES | SERVER_VARIABLES | compose_variables) - example_variables()

    assert missing == set()


def test_env_example_gives_the_defaults_docker_compose_gives():
    # docker-compose reads .env, which starts as a copy of .env.example.
    compose = dict(re.findall(r"\$\{(\w+):-([^}]*)\}", COMPOSE_TEXT))
    text = (PROJECT / ".env.example").read_text()
    example = dict(re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", text, flags=re.MULTILINE))

    differing = {name for name, value in compose.items() if example.get(name, value) != value}

    assert differing == set()


def test_behind_its_proxy_clients_are_counted_apart_in_the_shared_store():
    environment = SERVICES["app"]["environment"]

    assert environment["API_NUM_PROXIES"] == "${API_NUM_PROXIES:-1}"
    assert environment["REDIS_URL"] == "redis://cache:6379/0"
    assert environment["ALLOW_PER_PROCESS_QUOTAS"] == "${ALLOW_PER_PROCESS_QUOTAS:-false}"
    assert environment["ADMIN_SESSION_HOURS"] == "${ADMIN_SESSION_HOURS:-12}"


def test_the_configuration_guide_documents_every_variable():
    guide = (PROJECT / "docs" / "configuration.md").read_text()

    undocumented = {
        name for name in SETTINGS_VARIABLES | SERVER_VARIABLES if f"| `{name}` |" not in guide
    }

    assert undocumented == set()


def test_the_webhook_worker_runs_the_delivery_command_after_migrations():
    worker = SERVICES["webhooks"]

    assert worker["command"] == ["python", "manage.py", "deliver_webhooks"]
    assert worker["image"] == SERVICES["app"]["image"]
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert SETTINGS_VARIABLES - set(worker["environment"]) == set()
