"""manage.py generate_bench_content: a synthetic, seeded content graph for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from symptoms.demo.synthetic import Scale, generate_content


class Command(BaseCommand):
    help = (
        "Generate a synthetic published content graph scaled to --symptoms (10,000 gives about "
        "5,000 conditions, 2,000 causes, 500 tests, 100 specialists, 2,000 treatments, "
        "100 nutrients and 1,000 foods). The same --seed gives the same content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--symptoms", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete all existing content first (every table of the content app).",
        )

    def handle(self, *args, symptoms, seed, replace, **options):
        if symptoms < 1:
            raise CommandError("--symptoms must be at least 1.")
        started = time.monotonic()
        try:
            rows = generate_content(symptoms=symptoms, seed=seed, replace=replace)
        except ValueError as error:
            raise CommandError(f"{error} Use --replace.") from error
        if connection.vendor == "postgresql":
            # Bulk inserts leave the planner without statistics until autovacuum comes by;
            # plans chosen blind were measured ten times slower on details. (VACUUM, which
            # lets counts read the index alone, cannot run inside a transaction.)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        scale = Scale.for_symptoms(symptoms)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {scale.symptoms} symptoms, {scale.conditions} conditions, "
                f"{scale.causes} causes ({rows} rows) in {time.monotonic() - started:.1f}s."
            )
        )
