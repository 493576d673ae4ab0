"""Builds the stored API documents (see api.delivery.documents)."""

from django.core.management.base import BaseCommand

from api.delivery.documents import building as documents


class Command(BaseCommand):
    help = (
        "Render the API detail of every published record and store it, so that it is served "
        "without being built per request. Edits keep documents current on their own; run this "
        "after a deploy, a bulk load, or with --missing to fill gaps (records gone public by "
        "schedule, builds that failed)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only records without a current document."
        )
        parser.add_argument(
            "--type",
            action="append",
            choices=sorted(documents.viewsets()),
            help="Only this kind of record (repeatable).",
        )

    def handle(self, *args, missing: bool, type: list[str] | None, **options) -> None:
        built = documents.build_all(type, missing_only=missing)
        self.stdout.write(f"{built} document(s) built.")
