import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from symptoms import models as m
from symptoms.exchange.importing import ArticleImportError, apply_plan, build_plan
from symptoms.models import rendering
from symptoms.models.rendering import render_markdown, validate_markdown
from tests.admin_forms import change_form_data
from tests.factories import SymptomFactory

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<body onload=alert(1)>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_never_survives_rendering(payload):
    html = render_markdown(payload).lower()
    for forbidden in (
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
        "data:text",
    ):
        assert forbidden not in html


def test_markdown_renders_to_html():
    html = render_markdown("Some **bold** text and a [link](https://example.org).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    assert "<li>one</li>" in html


def test_the_same_text_is_rendered_once(monkeypatch):
    calls = []
    real = rendering.markdown.markdown
    monkeypatch.setattr(
        rendering.markdown, "markdown", lambda text, **kw: calls.append(text) or real(text, **kw)
    )
    rendering.render_markdown.cache_clear()
    first = rendering.render_markdown("A **unique** text for this test.")
    second = rendering.render_markdown("A **unique** text for this test.")
    assert first == second == "<p>A <strong>unique</strong> text for this test.</p>"
    assert calls == ["A **unique** text for this test."]


NESTED_LIST = "".join("  " * level + "- item\n" for level in range(300))
HOSTILE_MARKDOWN = {
    "300 nested list levels": NESTED_LIST,
    "300 list levels of four spaces": "".join("    " * level + "- a\n" for level in range(300)),
    "list markers on one line": "- " * 1000 + "a",
    "nested quotes": "> " * 1000 + "a",
    "nested brackets": "[" * 5000 + "a" + "]" * 5000,
    "open brackets": "[" * 20_000,
    "open links": "[a](" * 5000,
    "open tags": "<a " * 7000,
    "reference lines": "[a]: \n" * 5000,
    "long paragraph": "*_" * 50_000,
}


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_hostile_markdown_is_refused_quickly_and_still_shown_as_text(text):
    start = time.perf_counter()
    with pytest.raises(ValidationError):
        validate_markdown(text)
    html = render_markdown(text)
    assert time.perf_counter() - start < 1.0
    assert html.startswith("<p>")


def test_twenty_levels_of_lists_and_brackets_still_render():
    text = "".join("    " * level + "- item\n" for level in range(20)) + "\n" + "[" * 20 + "]" * 20
    validate_markdown(text)
    assert render_markdown(text).count("<ul>") == 20


def test_a_recursion_error_of_the_renderer_is_a_refusal(monkeypatch):
    monkeypatch.setattr(rendering.markdown, "markdown", mock.Mock(side_effect=RecursionError))
    with pytest.raises(ValidationError, match="nests too deeply"):
        validate_markdown("A text the renderer gives up on.")


def test_an_editor_saving_deeply_nested_markdown_gets_an_error_on_the_body(staff_client):
    symptom = SymptomFactory(draft=True, body="A body.")
    url = reverse("admin:symptoms_symptom_change", args=[symptom.pk])
    form = staff_client.get(url)
    response = staff_client.post(url, change_form_data(form, body=NESTED_LIST))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["body"]
    assert "more than 20 levels deep" in error
    symptom.refresh_from_db()
    assert symptom.body == "A body."


def test_the_preview_of_text_saved_before_the_limits_shows_it_as_text(staff_client):
    symptom = SymptomFactory()
    m.Symptom.objects.filter(pk=symptom.pk).update(body=NESTED_LIST)
    response = staff_client.get(reverse("admin:symptoms_symptom_preview", args=[symptom.pk]))
    assert response.status_code == 200
    assert response.context["body_html"].startswith("<p>- item")


def test_an_imported_article_with_hostile_markdown_is_refused_naming_the_section(db):
    article = "Leg cramps\n\n## Overview\n\nA paragraph.\n" + "[" * 50 + "\n"
    with pytest.raises(ArticleImportError, match="section: This text nests"):
        apply_plan(build_plan(article))
    assert not m.Symptom.objects.exists()
