"""Headless Chromium against the live server: one browser per run, watched pages per test."""

import importlib
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tests.support import CHROMIUM_PATH, editorial_group

# Playwright's sync API keeps an event loop running in the test thread; Django's ORM would
# otherwise refuse every query made from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a shared CI machine; every wait is on a condition, never a fixed delay.
TIMEOUT_MS = 15_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

_reports = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.fixture(autouse=True)
def editorial_groups(transactional_db):
    """The roles the workflow migration creates; a flush between live-server tests drops them."""
    migration = importlib.import_module("symptoms.migrations.0004_workflow_groups")
    for name in migration._codenames():
        editorial_group(name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh --user-data-dir in a temporary folder.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        expect.set_options(timeout=TIMEOUT_MS)
        yield browser
        browser.close()


class Browsing:
    """One test's browser contexts, with what their pages did and a screenshot per step."""

    def __init__(self, browser, live_server, shots: Path) -> None:
        self.browser = browser
        self.base_url = live_server.url
        self.host = urlsplit(live_server.url).netloc
        self.shots = shots
        self.pages: list = []
        self.contexts: list = []
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        self._step = 0

    def page(self, user=None):
        """A page in a new context (its own cookies), logged in as `user` when given."""
        context = self.browser.new_context(base_url=self.base_url)
        context.set_default_timeout(TIMEOUT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            name = settings.SESSION_COOKIE_NAME
            value = client.cookies[name].value
            context.add_cookies([{"name": name, "value": value, "url": self.base_url}])
        page = context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("dialog", self._dialog)
        self.contexts.append(context)
        self.pages.append(page)
        return page

    def public_api(self):
        """HTTP requests as an anonymous API client of the live server."""
        context = self.browser.new_context(base_url=self.base_url)
        self.contexts.append(context)
        return context.request

    def step(self, page, name: str) -> None:
        """Screenshot the page as it is now; kept as a test artefact if the test fails."""
        self._step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=self.shots / f"{self._step:02d}-{slug}.png", full_page=True)

    def foreign_requests(self) -> list[str]:
        """Requests that left for another host (blob: URLs carry their page's origin)."""
        return [
            url
            for url in self.requests
            if urlsplit(url.removeprefix("blob:")).netloc not in (self.host, "")
            and url not in self.blocked
        ]

    def _console(self, message) -> None:
        # Chromium asks every site for /favicon.ico on its own; the pages never link to it.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _request_failed(self, request) -> None:
        if request.failure == "csp":  # stopped by the page's Content-Security-Policy: never sent
            self.blocked.append(request.url)
            return
        if request.failure == "net::ERR_ABORTED":  # superseded by the page itself (autocomplete)
            return
        self.problems.append(f"request failed: {request.method} {request.url} {request.failure}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message} on {dialog.page.url}")
        dialog.dismiss()

    def assert_quiet(self) -> None:
        """No console errors, failed requests, dialogs or requests to another host."""
        assert self.dialogs == []
        assert self.problems == []
        assert self.foreign_requests() == []

    def close(self, failed: bool) -> None:
        for index, page in enumerate(self.pages, start=1):
            if failed and not page.is_closed():
                page.screenshot(path=self.shots / f"99-at-failure-page-{index}.png", full_page=True)
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server, request, tmp_path):
    """Pages on the live server; every page must stay quiet, screenshots kept on failure."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    session = Browsing(browser, live_server, shots)
    yield session
    reports = request.node.stash.get(_reports, {})
    failed = "call" not in reports or reports["call"].failed
    session.close(failed)
    if failed:
        target = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(shots, target)
        return
    session.assert_quiet()
