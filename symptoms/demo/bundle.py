"""Loading the demo content: the shipped bundle file, through the bundle importer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser

from symptoms.exchange.bundle_import import import_bundle
from symptoms.exchange.bundles import loads

CONTENT_BUNDLE = Path(__file__).with_name("content.json")


class ShippedContent(AnonymousUser):
    """Who loads the demo content: the platform itself, not an account.

    It may publish (the shipped content is reviewed); history names no user, as for
    scheduled publishing.
    """

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True


def demo_bundle() -> dict[str, Any]:
    return loads(CONTENT_BUNDLE.read_bytes())


def load_demo_content() -> int:
    """Load the demo content, or put back what differs; return how many records were written.

    Records are found by slug (or stable ID) and only those that differ from the file are
    saved, links and parts included, so a second run writes nothing. Other content and the
    editors' draft revisions are left as they are.
    """
    summary = import_bundle(demo_bundle(), by=ShippedContent(), publish=True)
    return summary.created + summary.updated
