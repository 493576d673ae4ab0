"""Content the platform ships: the demo content, and a synthetic graph for benchmarks.

The demo content (three symptoms and everything they link to, written from the seed
articles) is `content.json`, a content bundle as `manage.py export_content` writes it.
`manage.py load_demo_content` (run by `make run`) reads it through the bundle importer,
published as the file says.

To change the demo content, either edit `content.json` (keep its layout: the exporter's
indentation and order) and run `load_demo_content`, or edit it in the admin and write the
file anew with `manage.py export_content -o symptoms/demo/content.json` on a database that
holds the demo content alone. tests/symptoms/demo/test_demo_content.py checks that the file is
exactly what the exporter writes after loading it.
"""
