"""Markdown to safe HTML: editors write Markdown, API consumers get sanitized HTML."""

import functools
import html
import re

import markdown
import nh3
from django.core.exceptions import ValidationError

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Python-Markdown recurses once per level of lists and quotes (a few hundred levels raise
# RecursionError), looks for the end of every open bracket, parenthesis or tag to the end of
# its paragraph, and splits and joins a paragraph's lines again for each of them: time
# quadratic in a paragraph's length. Text beyond these bounds is refused.
MAX_NESTING = 20
MAX_BLOCK_LENGTH = 10_000
MAX_MARKDOWN_LENGTH = 100_000
# A line's containers: quote markers and list markers, with the spaces between them.
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))")
# What opens or closes a span the inline patterns search the end of.
_SPAN_MARK = re.compile(r"[\[\]()>]|<(?=[A-Za-z/!?])")
_CLOSES = {"]": "[", ")": "(", ">": "<"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class MarkdownRefused(ValueError):
    """Text the renderer refuses; the message says why, for the editor."""


def _container_depth(line: str) -> int:
    """Levels of lists and quotes a line opens: its markers and its indentation (4 columns)."""
    markers, position = 0, 0
    while found := _CONTAINER.match(line, position):
        markers, position = markers + 1, found.end()
    indent = line.expandtabs(4)
    return markers + (len(indent) - len(indent.lstrip(" "))) // 4


def _span_depth(block: str) -> int:
    """The most brackets, parentheses and tags open at once in a paragraph."""
    open_spans = {"[": 0, "(": 0, "<": 0}
    deepest = 0
    for mark in _SPAN_MARK.findall(block):
        if mark in _CLOSES:
            opener = _CLOSES[mark]
            open_spans[opener] = max(0, open_spans[opener] - 1)
        else:
            open_spans[mark] += 1
            deepest = max(deepest, open_spans[mark])
    return deepest


def markdown_problem(text: str) -> str | None:
    """Why the renderer refuses `text`, or None; linear time."""
    if len(text) > MAX_MARKDOWN_LENGTH:
        return f"This text is longer than {MAX_MARKDOWN_LENGTH:,} characters."
    blocks = _BLANK_LINE.split(text)
    too_deep = any(_container_depth(line) > MAX_NESTING for line in text.splitlines())
    if too_deep or any(_span_depth(block) > MAX_NESTING for block in blocks):
        return (
            f"This text nests lists, quotes, brackets or tags more than {MAX_NESTING} levels deep."
        )
    if any(len(block) > MAX_BLOCK_LENGTH for block in blocks):
        return (
            f"A paragraph, list or table is longer than {MAX_BLOCK_LENGTH:,} characters: "
            "split it with blank lines."
        )
    return None


def _render(text: str) -> str:
    problem = markdown_problem(text)
    if problem is not None:
        raise MarkdownRefused(problem)
    try:
        return markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    except RecursionError as error:
        raise MarkdownRefused("This text nests too deeply to render.") from error


def validate_markdown(text: str) -> None:
    """Refuse text the renderer cannot render (the validator of every Markdown field)."""
    try:
        _render(text)
    except MarkdownRefused as error:
        raise ValidationError(str(error), code="markdown_refused") from error


# A pure function of the text, so a remembered result is never stale; the bound keeps a
# worker's memory flat (about 10 MB for 4,096 texts of the usual size).
@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Render Markdown and keep only an allow-list of tags, attributes and URL schemes.

    Text the renderer refuses (saved before `validate_markdown` guarded the fields) is
    shown as escaped plain text rather than failing the response.
    """
    try:
        rendered = _render(text)
    except MarkdownRefused:
        rendered = f"<p>{html.escape(text)}</p>"
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
