"""Importing an article in the clinic template as a draft symptom with all its links."""

from symptoms.exchange.importing.apply import ArticleImportError, ImportResult, apply_plan
from symptoms.exchange.importing.plan import ImportPlan, build_plan

__all__ = ["ArticleImportError", "ImportPlan", "ImportResult", "apply_plan", "build_plan"]
