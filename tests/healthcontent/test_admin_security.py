import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def editor():
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def login(client, username, password, **headers):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **headers
    )


def test_correct_password_logs_in_before_any_failure(client, editor):
    response = login(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failed_logins_lock_out_even_the_correct_password(client, editor):
    for _ in range(3):
        assert login(client, "editor", "wrong").status_code in (200, 429)

    response = login(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_of_one_username_leaves_other_accounts_alone(client, editor):
    get_user_model().objects.create_user("other", password=PASSWORD, is_staff=True)
    for _ in range(3):
        login(client, "editor", "wrong")

    assert login(client, "other", PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_fewer_failures_than_the_limit_do_not_lock_out(client, editor):
    for _ in range(2):
        login(client, "editor", "wrong")

    assert login(client, "editor", PASSWORD).status_code == 302


def behind_the_proxy(client_address: str) -> dict:
    """Headers of a request the one proxy in front forwarded for this client."""
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": client_address}


@override_settings(AXES_FAILURE_LIMIT=3, API_NUM_PROXIES=1)
def test_behind_a_proxy_a_lockout_holds_only_for_the_failing_clients_address(client, editor):
    for _ in range(3):
        login(client, "editor", "wrong", **behind_the_proxy("203.0.113.7"))

    locked = login(client, "editor", PASSWORD, **behind_the_proxy("203.0.113.7"))
    colleague = login(Client(), "editor", PASSWORD, **behind_the_proxy("198.51.100.9"))

    assert locked.status_code == 429
    assert colleague.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


@override_settings(AXES_FAILURE_LIMIT=3, API_NUM_PROXIES=1)
def test_a_forwarded_address_the_client_wrote_itself_does_not_escape_the_lockout(client, editor):
    for claim in ["192.0.2.1", "192.0.2.2", "192.0.2.3"]:
        login(client, "editor", "wrong", **behind_the_proxy(f"{claim}, 203.0.113.7"))

    response = login(client, "editor", PASSWORD, **behind_the_proxy("192.0.2.4, 203.0.113.7"))

    assert response.status_code == 429


@override_settings(API_NUM_PROXIES=1)
def test_a_forwarded_header_that_is_no_address_is_an_ordinary_failed_login(client, editor):
    response = login(client, "editor", "wrong", **behind_the_proxy("unknown"))

    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/", "/api/redoc/", "/api/schema/"])
def test_pages_refuse_to_be_framed(client, path):
    response = client.get(path)

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/", "/api/redoc/"])
def test_content_security_policy_allows_this_site_only(client, path):
    policy = csp(client.get(path))

    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    every_source = [value for values in policy.values() for value in values]
    assert not [value for value in every_source if "." in value or "*" in value]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/", "/admin/login/"])
def test_api_docs_and_admin_load_nothing_from_other_sites_and_run_only_nonced_inline_scripts(
    client, path
):
    response = client.get(path)
    html = response.content.decode()
    nonces = [v for v in csp(response)["script-src"] if v.startswith("'nonce-")]

    assert response.status_code == 200
    for attribute in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert not re.match(r"(?i)^\s*(https?:)?//", attribute), attribute
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    for attributes in inline_scripts:
        assert nonces and f'nonce="{nonces[0][7:-1]}"' in attributes


def test_each_response_gets_its_own_script_nonce(client):
    first = csp(client.get("/api/docs/"))["script-src"]
    second = csp(client.get("/api/docs/"))["script-src"]

    assert [v for v in first if v.startswith("'nonce-")] != [
        v for v in second if v.startswith("'nonce-")
    ]


def test_oversized_admin_post_is_refused(client):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "x" * (1024 * 1024 + 1)}
    )

    assert response.status_code == 400


def test_an_admin_sign_in_lasts_12_hours(client, editor):
    login(client, "editor", PASSWORD)

    assert client.cookies["sessionid"]["max-age"] == 12 * 3600
    assert client.session.get_expiry_age() == 12 * 3600
