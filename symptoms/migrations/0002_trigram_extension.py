from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm, for typo-tolerant search and duplicate detection (a no-op on SQLite)."""

    dependencies = [("symptoms", "0001_initial")]

    operations = [TrigramExtension()]
