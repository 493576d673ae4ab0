"""The article importer against hostile input: linear time, same results as the old patterns."""

import re
import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from symptoms import models as m
from symptoms.admin import tools
from symptoms.admin.tools import MAX_ARTICLE_BYTES
from symptoms.exchange.importing import build_plan, parser
from symptoms.exchange.importing.parser import (
    MAX_ARTICLE_LENGTH,
    markdown_heading,
    parse_article,
    split_bullet,
)
from tests.factories import ConditionFactory

# The patterns the parser used before; they give the expected results on short lines.
OLD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
OLD_NAME_NOTE = re.compile(r"\s+[\u2014\u2013-]\s+|:\s+")
OLD_TITLE_NAME = r"\s*[:\u2014\u2013]\s*|\s+-\s+"
TRICKY = st.text(alphabet=" \t\u00a0#-:\u2013\u2014a(B)", max_size=24)
HOSTILE_SIZE = 100_000
IMPORT_URL = "admin:symptoms_import_article"


@given(TRICKY)
@settings(max_examples=500, deadline=None)
def test_headings_read_as_the_old_pattern_read_them(line):
    old = OLD_HEADING.match(line)
    assert markdown_heading(line) == (old.group(1) if old else None)


def _old_name_and_note(text: str) -> tuple[str, str]:
    parts = OLD_NAME_NOTE.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text, "")


@given(TRICKY)
@settings(max_examples=500, deadline=None)
def test_bullets_split_into_name_and_note_as_the_old_pattern_split_them(text):
    bullet = split_bullet(text)
    with mock.patch.object(parser, "_name_and_note", _old_name_and_note):
        assert bullet == split_bullet(text)


@given(st.text(alphabet=" \t#-:\u2013\u2014aB", min_size=1, max_size=24).filter(str.strip))
@settings(max_examples=500, deadline=None)
def test_titles_give_the_name_the_old_pattern_gave(title):
    article = parse_article(f"{title}\nA line of text.")
    old = OLD_HEADING.match(title.strip())
    old_title = (old.group(1) if old else title.strip()).strip()
    assert article.title == old_title
    assert article.name == re.split(OLD_TITLE_NAME, old_title, maxsplit=1)[0].strip()


HOSTILE_LINES = {
    "heading of hashes and spaces": "# a" + " " * HOSTILE_SIZE + "b",
    "heading of space-hash pairs": "## a" + " #" * (HOSTILE_SIZE // 2) + " b",
    "heading of tabs and hashes": "#\t" + "\t#\t " * (HOSTILE_SIZE // 4) + "x",
    "bullet with a run of spaces": "- Name" + " " * HOSTILE_SIZE + "x",
    "bullet with runs of separators": "- Name" + " - :" * (HOSTILE_SIZE // 4),
    "bullet of dashes": "- " + "-" * HOSTILE_SIZE,
    "title with a run of spaces": "Title" + " " * HOSTILE_SIZE + "-x",
    "brackets": "- " + "(" * (HOSTILE_SIZE // 2) + ")" * (HOSTILE_SIZE // 2),
    "unclosed brackets": "- a" + " (b" * (HOSTILE_SIZE // 3),
}


@pytest.mark.parametrize("line", HOSTILE_LINES.values(), ids=HOSTILE_LINES.keys())
def test_a_hostile_line_parses_in_under_a_second(db, line):
    for article in (f"{line}\nText.", f"Title\n\n## Related diseases\n\n{line}\n\n## {line}"):
        start = time.perf_counter()
        build_plan(article)
        assert time.perf_counter() - start < 1.0


def test_an_article_over_the_limit_is_refused_before_parsing():
    with pytest.raises(ValueError, match="longer than 1,000,000 characters"):
        parse_article("Title\n" + "a" * MAX_ARTICLE_LENGTH)


def _form_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def test_an_uploaded_article_over_the_limit_gets_a_form_error_on_the_file(staff_client):
    upload = SimpleUploadedFile("article.md", b"# Title\n" + b"a" * 2 * MAX_ARTICLE_BYTES)
    response = staff_client.post(reverse(IMPORT_URL), {"file": upload, "review": "1"})
    assert response.status_code == 200
    assert _form_errors(response, "file") == [
        "The file is 1.9\xa0MB; at most 976.6\xa0KB is accepted."
    ]
    assert not m.Symptom.objects.exists()


def test_pasted_text_over_the_limit_gets_a_form_error_on_the_text(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * MAX_ARTICLE_BYTES
    text = "Title\n" + "a" * MAX_ARTICLE_LENGTH
    response = staff_client.post(reverse(IMPORT_URL), {"text": text, "review": "1"})
    assert response.status_code == 200
    assert "at most 1000000 characters" in _form_errors(response, "text")[0]


def test_a_bundle_over_the_setting_gets_a_form_error_and_nothing_is_read(
    staff_client, settings, monkeypatch
):
    settings.BUNDLE_UPLOAD_MAX_BYTES = 1000
    monkeypatch.setattr(tools, "loads", mock.Mock(side_effect=AssertionError("read")))
    upload = SimpleUploadedFile("b.json", b"{" + b" " * 2_000_000 + b"}")
    response = staff_client.post(reverse("admin:symptoms_import_bundle"), {"file": upload})
    assert response.status_code == 200
    assert _form_errors(response, "file") == [
        "The file is 1.9\xa0MB; at most 1000\xa0bytes is accepted."
    ]


@pytest.mark.postgres
def test_a_hostile_bullet_is_matched_by_similarity_in_under_a_second(db):
    m.Condition.objects.bulk_create(
        ConditionFactory.build(name=f"Condition number {n}", slug=f"condition-{n}")
        for n in range(300)
    )
    article = "Title\n\n## Related diseases\n\n- " + "ab cd " * (HOSTILE_SIZE // 6)
    start = time.perf_counter()
    build_plan(article)
    assert time.perf_counter() - start < 1.0
