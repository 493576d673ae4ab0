"""Read a JSON content bundle: create or update records by slug, all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from symptoms.exchange.bundle_import import import_bundle
from symptoms.exchange.bundles import BundleError, loads


class Command(BaseCommand):
    help = (
        "Import a content bundle written by export_content; a bundle with an error changes "
        "nothing. New records are drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the bundle and report; save nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Take statuses from the bundle (publishing what it says is published); needs "
            "--user with the publish permission. Otherwise new records are drafts and records "
            "in review or live are left as they are.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this user: history records the import under their name.",
        )

    def handle(self, *args, file: Path, dry_run: bool, publish: bool, user: str | None, **options):
        if publish and not user:
            raise CommandError("--publish needs --user: the user who may publish the records.")
        by = self.user(user) if user else AnonymousUser()
        try:
            data = loads(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except BundleError as error:
            raise CommandError(str(error)) from error
        try:
            with transaction.atomic():
                summary = import_bundle(data, by=by, publish=publish)
                transaction.set_rollback(dry_run)
        except BundleError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        prefix = "Dry run, nothing saved: " if dry_run else "Imported: "
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}."))

    def user(self, username: str):
        model = get_user_model()
        try:
            return model.objects.get(**{model.USERNAME_FIELD: username, "is_active": True})
        except model.DoesNotExist as error:
            raise CommandError(f"--user: no active user {username!r}.") from error
