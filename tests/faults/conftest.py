import pytest

from tests.faults.servers import (
    Gunicorn,
    PrivatePostgres,
    app_environment,
    manage,
    why_no_private_postgres,
)


@pytest.fixture(scope="session")
def private_postgres():
    """A PostgreSQL server of the tests' own, with the schema and the demo content loaded."""
    reason = why_no_private_postgres()
    if reason:
        pytest.skip(reason)
    server = PrivatePostgres()
    try:
        server.init()
        server.start()
        environment = app_environment(server.url)
        manage(environment, "migrate", "--noinput")
        manage(environment, "load_demo_content")
        yield server
    finally:
        server.remove()


@pytest.fixture
def start_gunicorn(private_postgres):
    """Starts gunicorn on the private database; every server started is stopped after."""
    servers = []

    def start(workers: int = 5, **environment: str) -> Gunicorn:
        server = Gunicorn(app_environment(private_postgres.url, **environment), workers=workers)
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()
