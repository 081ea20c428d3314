"""The ``tidings_events`` spaCy component: sets ``doc._.events`` (a list of :class:`~tidings.records.Event`).

It runs last (see ``tidings.nlp.PIPELINE``) and reads what the earlier stages left: actors through
``tidings.actors.resolve_token``, dates through ``tidings.time.date_for`` when ``doc._.timexes`` is set,
places through ``tidings.geo.place_for`` when ``doc._.places`` is set, and ``doc._.quotes`` for statements.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tidings.events.arguments import Resolver
from tidings.events.coder import EventCoder
from tidings.nlp import BatchedComponent, register_extensions


class EventsComponent(BatchedComponent):
    """Codes each document's events with one shared :class:`EventCoder`."""

    def __init__(
        self,
        name: str,
        min_confidence: float = 0.0,
        resolve: Resolver | None = None,
        require_actor: bool = True,
        sector_actors: bool = True,
        implicit_actors: bool = True,
    ) -> None:
        register_extensions()
        self.name = name
        self.coder = EventCoder(
            resolve=resolve,
            min_confidence=min_confidence,
            require_actor=require_actor,
            sector_actors=sector_actors,
            implicit_actors=implicit_actors,
        )

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.coder.code(doc)
        return doc


@Language.factory(
    "tidings_events",
    default_config={
        "min_confidence": 0.0, "require_actor": True, "sector_actors": True, "implicit_actors": True,
    },
)
def make_events_component(
    nlp: Language,
    name: str,
    min_confidence: float,
    require_actor: bool,
    sector_actors: bool,
    implicit_actors: bool,
) -> EventsComponent:
    """Factory registered under ``tidings_events``.

    ``min_confidence`` drops less certain events; ``require_actor`` (the manual's rule, on by default)
    drops events whose actor does not resolve; ``sector_actors`` lets an actor of known sector but
    unknown country ("unidentified gunmen": code ``UNK``, sector ``UAF``) count as resolved;
    ``implicit_actors`` gives a report of harm that names no perpetrator the manual's unidentified actor
    (sector ``UNK``, rule ``implicit-actor:<entry>``).
    """
    return EventsComponent(
        name,
        min_confidence=min_confidence,
        require_actor=require_actor,
        sector_actors=sector_actors,
        implicit_actors=implicit_actors,
    )
