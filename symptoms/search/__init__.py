"""Search across every kind of content: full text, synonyms and typos, ranked by relevance.

A query is answered from one table, a row per public record (`index`, kept current by
every save). `engine.search_content()` and `engine.rank_published()` (the lists'
`search=`) normalize the words (`query`) and choose the database once: on PostgreSQL the
fixed statements of `sql` read the tiers, names first, ranked as `ranking` says, with
`snippets` from ts_headline; when nothing matches as typed, `typos` widens each word to
the nearest words of public names. SQLite takes `fallback` (LIKE, snippets in Python).
`suggest` completes names; `table` holds what all of them share: the rows public now,
the fixed statements' runner and the hits.
"""
