"""The import plan: what an article becomes, shown to the editor before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import slugify

from symptoms.exchange.importing.matching import Match, Matcher
from symptoms.exchange.importing.parser import Article, Section, parse_article
from symptoms.models import (
    Cause,
    Condition,
    ContentEntity,
    Diagnostic,
    Nutrient,
    SectionText,
    Specialist,
    Symptom,
    Treatment,
)

LINKED_SECTIONS: dict[str, type[ContentEntity]] = {
    "conditions": Condition,
    "diagnostics": Diagnostic,
    "specialists": Specialist,
    "causes": Cause,
    "treatments": Treatment,
    "nutrients": Nutrient,
}
SECTION_TEXT_KINDS: dict[str, str] = {
    "about": SectionText.Kind.ABOUT,
    "causes": SectionText.Kind.CAUSES,
    "diagnostics": SectionText.Kind.DIAGNOSIS,
    "when_to_see_doctor": SectionText.Kind.WHEN_TO_SEE_DOCTOR,
    "treatments": SectionText.Kind.TREATMENT,
    "prevention": SectionText.Kind.PREVENTION,
    "duration": SectionText.Kind.DURATION,
    "age_groups": SectionText.Kind.AGE_GROUPS,
}
# Sections whose bullets become parts of the symptom rather than links or plain text.
PART_SECTIONS = {"types", "complications", "red_flags"}

# A similar name (trigram score) is linked without asking above this; below, it is offered.
AUTO_LINK_SIMILARITY = 0.75
NEW = "new"
SKIP = "skip"
EXISTING = "existing"


@dataclass
class LinkItem:
    """One bullet that becomes a link: to an existing record, a new draft, or nothing."""

    index: int
    section: str
    model: type[ContentEntity]
    name: str
    note: str
    candidates: list[Match]
    choice: str = NEW
    target: ContentEntity | None = None

    @property
    def value(self) -> str:
        """The review form's value for the current choice."""
        return f"{EXISTING}:{self.target.slug}" if self.target else self.choice

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    def describe(self) -> str:
        label = self.label
        if self.choice == SKIP:
            return f"skipped: {self.name}"
        if self.target is not None:
            return f"linked to existing {label} '{self.target.slug}': {self.name}"
        return f"new draft {label}: {self.name}"


@dataclass
class SectionPlan:
    kind: str
    heading: str
    text: str
    links: list[LinkItem] = field(default_factory=list)
    parts: list[tuple[str, str]] = field(default_factory=list)
    faq: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text_kind(self) -> str:
        return SECTION_TEXT_KINDS.get(self.kind, SectionText.Kind.OTHER)


@dataclass
class ImportPlan:
    title: str
    name: str
    slug: str
    summary: str
    sections: list[SectionPlan]
    existing_symptom: Symptom | None = None

    @property
    def links(self) -> list[LinkItem]:
        return [item for section in self.sections for item in section.links]

    def item(self, index: int) -> LinkItem:
        return next(item for item in self.links if item.index == index)

    def choose(self, index: int, value: str) -> None:
        """Apply an editor's choice: "new", "skip" or "existing:<slug>"."""
        item = self.item(index)
        if value in (NEW, SKIP):
            item.choice, item.target = value, None
            return
        kind, _, slug = value.partition(":")
        originals = item.model.objects.originals()
        target = originals.filter(slug=slug.strip()).first() if kind == EXISTING else None
        if target is None:
            label = item.model._meta.verbose_name
            raise ValueError(f"No {label} with the slug '{slug.strip()}' (for '{item.name}').")
        item.choice, item.target = EXISTING, target

    def describe(self) -> list[str]:
        lines = [f"symptom (new draft): {self.name} [{self.slug}]"]
        if self.existing_symptom is not None:
            lines.append(f"  ! a symptom with the slug '{self.slug}' already exists")
        for section in self.sections:
            lines.append(f"section '{section.heading}' ({section.kind})")
            lines += [f"  - {item.describe()}" for item in section.links]
            lines += [f"  - {section.kind} entry: {name}" for name, _ in section.parts]
            lines += [f"  - question: {question}" for question, _ in section.faq]
        return lines


def _summary(article: Article) -> str:
    about = article.section("about") or next(iter(article.sections), None)
    if about is None or not about.paragraphs:
        return ""
    first = about.paragraphs[0]
    end = first.find(". ")
    return first if end == -1 else first[: end + 1]


def _section_text(section: Section) -> str:
    """The section's paragraphs; bullets that become nothing else are kept as a list."""
    blocks = list(section.paragraphs)
    keeps_bullets = section.kind not in LINKED_SECTIONS and section.kind not in PART_SECTIONS
    if keeps_bullets and section.bullets:
        blocks.append("\n".join(f"- {bullet.text}" for bullet in section.bullets))
    return "\n\n".join(blocks)


def build_plan(text: str) -> ImportPlan:
    """Parse an article and match each bullet to an existing record where one exists."""
    article = parse_article(text)
    matchers: dict[type[ContentEntity], Matcher] = {}
    sections: list[SectionPlan] = []
    index = 0
    for section in article.sections:
        plan = SectionPlan(kind=section.kind, heading=section.heading, text=_section_text(section))
        model = LINKED_SECTIONS.get(section.kind)
        for bullet in section.bullets:
            if model is not None:
                matcher = matchers.setdefault(model, Matcher(model))
                candidates = matcher.candidates(bullet.name)
                item = LinkItem(index, section.heading, model, bullet.name, bullet.note, candidates)
                if candidates and candidates[0].score >= AUTO_LINK_SIMILARITY:
                    item.choice, item.target = EXISTING, candidates[0].record
                plan.links.append(item)
                index += 1
            elif section.kind in PART_SECTIONS:
                plan.parts.append((bullet.name, bullet.note))
        plan.faq = list(section.faq)
        sections.append(plan)
    slug = slugify(article.name)[:200]
    return ImportPlan(
        title=article.title,
        name=article.name,
        slug=slug,
        summary=_summary(article),
        sections=sections,
        existing_symptom=Symptom.objects.filter(slug=slug).first(),
    )
