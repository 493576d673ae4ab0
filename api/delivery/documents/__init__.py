"""Stored documents: each published record's detail rendered when it changes, served as bytes.

Building a detail costs tens of milliseconds (model instances and the serializer tree);
reading stored bytes costs one indexed query. Content changes rarely and is read often, so a
record's document is built after the commit of every change the outbox records for it: its
own edits and those of everything its detail shows (symptoms.changes.outbox records those too).
A draft edit records nothing, so it rebuilds nothing (api.delivery's rule).

A document is served only while it is current: rendered by this code (a deploy that changes
how output is shaped retires every document, see `serving.output_format`), with no change of
its record recorded after the one it was rendered at (so a build that lost a race is never
served), and with no linked record scheduled for later gone public since (`expires_at`).
Otherwise the view renders the detail with its serializer, as it does when no document
exists: documents only ever save time. The serializers stay the one definition of the
output; a document is their bytes.

`serving` reads documents (the views import it); `building` renders them with the views
(it imports them through the router's registry): the views never import the builder.
"""
