"""The editors' admin, one module a concern: content records, the workflow, tools, consumers."""

from symptoms.admin import consumers, content  # noqa: F401  (each registers its models)
