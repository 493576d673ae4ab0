"""What the content model tells the rest of the code base (connected in symptoms.changes.capture).

The models know nothing of the outbox, the search table or the caches: they send these, and
the receivers do the rest.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ContentEntity.save() after the row is written, inside the save's own transaction,
# so a receiver's writes commit or roll back with the edit. Arguments: `sender` (the model),
# `instance`, `created` (it had no row before), `was_public` (its row, before the save, was
# one the public sees) and `using` (the database alias written to).
content_saved = Signal()
