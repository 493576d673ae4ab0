"""manage.py load_demo_content: the three seed symptoms and everything they link to."""

from django.core.management.base import BaseCommand

from symptoms.demo.bundle import load_demo_content


class Command(BaseCommand):
    help = (
        "Load the demo content (three symptoms and their links) from symptoms/demo/content.json."
        " Safe to run again: puts back what differs from the file, writes nothing otherwise."
    )

    def handle(self, *args, **options):
        written = load_demo_content()
        if written:
            self.stdout.write(
                self.style.SUCCESS(f"Demo content loaded ({written} records written).")
            )
        else:
            self.stdout.write("Demo content already up to date.")
