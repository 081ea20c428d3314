"""Actors: who acts and who is acted on, as PLOVER country + sector codes.

Public API:

* :func:`resolve_token` -- the actors an argument's head token denotes (used by events and quotes);
* :func:`lookup` -- resolve a bare name, with the reason (``tidings actors lookup``);
* :func:`knowledge` -- the loaded knowledge base (data files under ``tidings/actors/data``);
* :func:`document_country` -- the state a document is about, when one dominates its place mentions.

The spaCy components ``tidings_entity_ruler`` and ``tidings_actors`` are registered by
:mod:`tidings.actors.component`.
"""

from tidings.actors.knowledge import knowledge
from tidings.actors.lookup import Resolution, lookup
from tidings.actors.resolve import document_country, resolve_token

__all__ = ["Resolution", "document_country", "knowledge", "lookup", "resolve_token"]
