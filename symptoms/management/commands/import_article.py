"""Import an article in the clinic template as a draft symptom with all its links."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from symptoms.exchange.importing import ArticleImportError, apply_plan, build_plan
from symptoms.models import Expert


class Command(BaseCommand):
    help = "Import an article (plain text or Markdown) as a draft symptom; nothing is published."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The article, UTF-8 text or Markdown.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the plan and save nothing."
        )
        parser.add_argument("--expert", help="Slug of the expert whose opinion the article quotes.")

    def handle(self, *args, file: Path, dry_run: bool, expert: str | None, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        expert_record = None
        if expert:
            expert_record = Expert.objects.filter(slug=expert).first()
            if expert_record is None:
                raise CommandError(f"No expert with the slug '{expert}'.")
        try:
            plan = build_plan(text)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for line in plan.describe():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            result = apply_plan(plan, expert=expert_record)
        except ArticleImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the draft symptom '{result.symptom.slug}': "
                f"{len(result.linked)} link(s) to existing records, "
                f"{len(result.created)} new draft record(s)."
            )
        )
