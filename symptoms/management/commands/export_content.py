"""Write all content, or chosen symptoms with everything they link to, as a JSON bundle."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from symptoms.exchange.bundles import BundleError, dumps, export_bundle


class Command(BaseCommand):
    help = "Export content as a versioned JSON bundle keyed by slugs (to stdout or --output)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--symptom",
            action="append",
            dest="symptoms",
            metavar="SLUG",
            help="Export this symptom and everything it links to (repeatable).",
        )
        parser.add_argument("--output", "-o", type=Path, help="Write to this file.")

    def handle(self, *args, symptoms: list[str] | None, output: Path | None, **options):
        try:
            text = dumps(export_bundle(symptoms=symptoms))
        except BundleError as error:
            raise CommandError(str(error)) from error
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote {output}.")
