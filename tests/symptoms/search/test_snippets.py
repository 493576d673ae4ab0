from __future__ import annotations

from symptoms.search.snippets import HEADLINE_PARAMETERS, highlight, marked


def test_marked_turns_headline_marks_into_tags_and_escapes_the_rest():
    options = HEADLINE_PARAMETERS["headline"]
    start, stop = options.split("'")[1], options.split("'")[3]
    headline = (
        f"a {HEADLINE_PARAMETERS['less']}b{HEADLINE_PARAMETERS['greater']} & {start}cramp{stop}"
    )
    assert marked(headline) == "a &lt;b&gt; &amp; <mark>cramp</mark>"


def test_highlight_marks_every_word_longest_first_whatever_the_case():
    assert highlight("Muscle cramps", "cramp CRAMPS") == "Muscle <mark>cramps</mark>"


def test_highlight_without_words_only_escapes_and_cuts():
    assert highlight("<b>" * 100, "", limit=6) == "&lt;b&gt;&lt;b&gt;"
