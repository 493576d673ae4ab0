import pytest

from symptoms.rendering import render_markdown

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
    from symptoms import rendering

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
