"""The search table: one row per public record of every type, so one index scan finds them all."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .searchable import generated_search_vector, names_search_vector, short_search_vector


class SearchEntry(models.Model):
    """A copy of what search reads from one published record (see symptoms/search/index.py).

    Only published originals have a row; `published_at` is kept so that records scheduled
    for later turn up on time without a save.
    """

    type = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    uid = models.UUIDField()
    slug = models.SlugField(max_length=200, db_index=False)
    name = models.CharField(max_length=200)
    synonyms = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField()
    search_vector = generated_search_vector(short_search_vector())
    names_search_vector = generated_search_vector(names_search_vector())

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["type", "record_id"], name="unique_search_entry")
        ]

    def __str__(self) -> str:
        return f"{self.type}: {self.name}"


class SearchEntryBody(models.Model):
    """The body's search vector of one entry: matched, never ranked, so kept apart.

    Ranking reads every row that matches a common word; without the body vectors those
    rows take half the pages.
    """

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="body"
    )
    search_vector = SearchVectorField(
        null=True, help_text="Written with the entry: the body itself is not copied."
    )

    class Meta:
        verbose_name_plural = "search entry bodies"

    def __str__(self) -> str:
        return f"body of {self.entry_id}"


class SearchWord(models.Model):
    """A word of some published name or synonym: what a misspelt query word is matched to.

    Words are added with the entries that use them and dropped only by a rebuild; typo
    widening reads only those a name public now holds (see `symptoms.search.sql.NEAR_WORDS`).
    """

    word = models.CharField(max_length=100, primary_key=True)

    def __str__(self) -> str:
        return self.word


class SearchNameWord(models.Model):
    """A word of a published name other than its first, in upper case: what suggestions
    complete after the names that start with the prefix.

    A b-tree on (word, key) reads the names with a word starting with any prefix in order,
    ten at a time, however many names hold it; the trigram index had to read every one of
    them before sorting.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="name_words")
    word = models.CharField(max_length=200)
    key = models.CharField(max_length=200, help_text="The name in upper case, to order by.")

    def __str__(self) -> str:
        return f"{self.word} in {self.key}"
