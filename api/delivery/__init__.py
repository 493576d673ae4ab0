"""The read path's tiers, and their one freshness rule.

Public output changes only when public content changes: a row in the outbox
(symptoms.changes.outbox), or content scheduled for later going public when its time comes.
Both move the public version (symptoms.changes.versioning.Version: the latest outbox row,
and an epoch that moves when scheduled content goes public and for the public changes the
outbox does not record: a public record's parts or plain links edited on their own, a bulk
load), and nothing else does: a draft edit, or a draft revision of a published record,
invalidates nothing public.

Every tier follows it:

- ETag and Last-Modified (conditional) are derived from the public version;
- the representation cache (representation) and the list counts (counts) key on it;
- a stored document (documents) is rebuilt for each outbox row of its record, and served
  while no later row of its record exists and no record it shows has gone public by the
  clock since (`expires_at`).

Each process reads the version at most once per CONTENT_VERSION_TTL seconds: the bound on
how long a change takes to reach every worker.
"""
