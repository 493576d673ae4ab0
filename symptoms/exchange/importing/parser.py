"""Reading an article in the clinic template (plain text or Markdown) into titled sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from symptoms.exchange.importing.matching import PARENTHESISED, normalise

BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25e6\u2023*+\-\u2013\u2014]|\d{1,2}[.)])\s+(.*)$")
# Separators are found by their one character, whitespace around them by str methods: a
# pattern with a whitespace run before and after could backtrack over long runs of spaces.
NAME_NOTE_SEPARATOR = re.compile(r"(?<=\s)[\u2014\u2013-](?=\s)|:(?=\s)")
TITLE_NAME_SEPARATOR = re.compile(r"[:\u2014\u2013]|(?<=\s)-(?=\s)")
MAX_HEADING_HASHES = 6
MAX_HEADING_INDENT = 3
END_PUNCTUATION = ".,;:!?"

# Checked in order: the first pattern that matches the normalised heading names the section.
SECTION_PATTERNS: list[tuple[str, str]] = [
    ("when_to_see_doctor", r"^when (to|should you) see|^when to (consult|call)"),
    ("faq", r"^(faq|frequently asked|common question|question)"),
    ("expert_opinion", r"\bexpert\b|\bdoctor opinion\b"),
    (
        "conditions",
        r"\b(associated|related|accompanying|concomitant) (pathology|disease|condition)",
    ),
    ("conditions", r"^(disease|condition|illness|disorder)"),
    ("diagnostics", r"^(diagnos|test|examination|investigation)"),
    ("specialists", r"(doctor|specialist|physician)"),
    ("types", r"^(type|kind|form|variant|classification)"),
    ("causes", r"^(cause|why|reason|trigger|risk factor)"),
    ("treatments", r"^(treatment|therapy|how to treat|management|remed)"),
    ("complications", r"^(complication|consequence|possible complication)"),
    ("prevention", r"^(prevention|how to prevent|prevent)"),
    ("duration", r"^(duration|how long)"),
    ("age_groups", r"(age group|in children|in adult|in the elderly|in pregnan)"),
    ("nutrients", r"(nutrient|vitamin|mineral|nutrition)"),
    ("red_flags", r"^(red flag|warning sign|danger sign|emergency)"),
    ("about", r"^(about|overview|description|what is|what are|general information)"),
]
# About 1 MB of text: far more than any article, little enough to parse in a request.
MAX_ARTICLE_LENGTH = 1_000_000
MAX_HEADING_WORDS = 8
MAX_UNKNOWN_HEADING_WORDS = 6


@dataclass
class Bullet:
    text: str
    name: str
    note: str


@dataclass
class Section:
    kind: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[Bullet] = field(default_factory=list)
    faq: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Article:
    title: str
    name: str
    sections: list[Section]

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)


def section_kind(heading: str) -> str | None:
    """The section a heading names, or None for a heading the template does not know."""
    text = normalise(heading)
    for kind, pattern in SECTION_PATTERNS:
        if re.search(pattern, text):
            return kind
    return None


def markdown_heading(line: str) -> str | None:
    """The text of a Markdown heading line ("## Causes ##" gives "Causes"), else None.

    Read with str methods, in one pass: the pattern it replaces backtracked over runs of
    spaces and hashes in cubic time.
    """
    rest = line.lstrip()
    if len(line) - len(rest) > MAX_HEADING_INDENT:
        return None
    text = rest.lstrip("#")
    hashes = len(rest) - len(text)
    if not 1 <= hashes <= MAX_HEADING_HASHES or not text[:1].isspace():
        return None
    return text.strip().rstrip("#").rstrip()


def _name_and_note(text: str) -> tuple[str, str]:
    separator = NAME_NOTE_SEPARATOR.search(text)
    if separator is None:
        return text, ""
    name = text[: separator.start()]
    if separator.group() != ":":
        name = name.rstrip()
    return name, text[separator.end() :].lstrip()


def split_bullet(text: str) -> Bullet:
    """ "Neuralgia — irritation of a nerve" is the record "Neuralgia" with that note."""
    text = text.strip().rstrip(";,.").strip()
    name, note = _name_and_note(text)
    explanation = [p for p in PARENTHESISED.findall(name) if " " in p.strip()]
    if explanation:
        # A parenthesised phrase explains the name; a single word is an abbreviation of it.
        name = PARENTHESISED.sub(lambda m: "" if " " in m.group(1).strip() else m.group(0), name)
        note = "; ".join([*explanation, note] if note else explanation)
    name = re.sub(r"\s+", " ", name).strip()
    return Bullet(text=text, name=name, note=_capitalise(note.strip()))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _heading(line: str, first_line: bool) -> tuple[str, str | None] | None:
    """The heading text and its kind if `line` is a heading, else None."""
    markdown = markdown_heading(line)
    if markdown is not None:
        return markdown, section_kind(markdown)
    text = line.strip().strip("*_").strip()
    if first_line or text.endswith(tuple(END_PUNCTUATION)) or not text[:1].isupper():
        return None
    words = len(text.split())
    kind = section_kind(text)
    if kind and words <= MAX_HEADING_WORDS:
        return text, kind
    if words <= MAX_UNKNOWN_HEADING_WORDS and ":" not in text:
        return text, None
    return None


def parse_article(text: str) -> Article:
    """Split an article into its title and sections; no line of text is lost."""
    if len(text) > MAX_ARTICLE_LENGTH:
        raise ValueError(f"The article is longer than {MAX_ARTICLE_LENGTH:,} characters.")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise ValueError("The article is empty.")
    title = markdown_heading(lines[0])
    if title is None:
        title = lines[0].strip()
    separator = TITLE_NAME_SEPARATOR.search(title)
    name = (title[: separator.start()] if separator else title).strip()
    sections: list[Section] = []
    intro = Section(kind="other", heading="Introduction")
    current = intro
    for line in lines[1:]:
        heading = _heading(line, first_line=False)
        if heading and not (current.kind == "faq" and heading[1] is None):
            current = Section(kind=heading[1] or "other", heading=heading[0])
            sections.append(current)
            continue
        bullet = BULLET.match(line)
        if bullet:
            current.bullets.append(split_bullet(bullet.group(1)))
        elif current.kind == "faq" and line.strip().endswith("?"):
            current.faq.append((line.strip().lstrip("#* ").strip("*_ "), ""))
        elif current.kind == "faq" and current.faq:
            question, answer = current.faq[-1]
            current.faq[-1] = (question, f"{answer}\n\n{line.strip()}".strip())
        elif current is intro and normalise(line).startswith(normalise(name)):
            continue  # the title repeated as a subtitle
        else:
            current.paragraphs.append(line.strip())
    if intro.paragraphs or intro.bullets:
        sections.insert(0, intro)
    return Article(title=title.strip(), name=name, sections=sections)
