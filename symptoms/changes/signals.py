"""What the change machinery tells other apps (their receivers are connected by their apps)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by the background worker (manage.py deliver_webhooks) on every pass; receivers do the
# work that may lag behind an edit, and return how many things they did.
worker_pass = Signal()
