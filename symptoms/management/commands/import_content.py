"""Read a JSON content bundle: create or update records by slug, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from symptoms.bundles import BundleError, import_bundle, loads


class Command(BaseCommand):
    help = (
        "Import a content bundle written by export_content; a bundle with an error changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the bundle and report; save nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = loads(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except BundleError as error:
            raise CommandError(str(error)) from error
        try:
            with transaction.atomic():
                summary = import_bundle(data)
                transaction.set_rollback(dry_run)
        except BundleError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        prefix = "Dry run, nothing saved: " if dry_run else "Imported: "
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}."))
