"""The two spaCy components of the actors stage.

``tidings_entity_ruler`` runs *before* the model's ``ner`` and pre-labels the names the knowledge base
knows (states, capitals, organisations, disputed entities, people), so that the small model's known
mislabels -- "Kyiv" as PERSON, "Zelensky" as ORG -- do not reach the later stages; ``ner`` keeps preset
entities and predicts around them.  ``tidings_actors`` runs after ``ner``, ``tidings_time`` and
``tidings_geo`` and resolves every noun phrase, leaving ``doc._.actor_mentions`` (all resolved mentions,
coreference included) and the per-document state :func:`tidings.actors.resolve_token` reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from tidings.actors.knowledge import KnowledgeBase, knowledge, read_data
from tidings.actors.resolve import build_state
from tidings.nlp import BatchedComponent, register_extensions
from tidings.records import Actor


def surface_forms(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """(label, surface form) for every name in the knowledge files, as the files write it."""
    countries = json.loads(read_data("countries.json"))
    for c in countries["countries"]:
        for n in (*c["names"], *c["capitals"]):
            yield "GPE", n
        for a in c["adjectives"]:
            yield "NORP", a
    for fname, key, label in (
        ("organizations.json", "organizations", "ORG"),
        ("disputed.json", "entities", "GPE"),
        ("places.json", "places", "GPE"),
    ):
        for o in json.loads(read_data(fname))[key]:
            for n in o["names"]:
                yield label, n
    for people in kb.people.values():
        for p in people:
            for n in (p.name, *p.aliases):
                if len(n.split()) >= 2:  # full names only: a bare surname is left to the model
                    yield "PERSON", n


@lru_cache(maxsize=1)
def ruler_forms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(label, sorted surface forms) the entity ruler matches, read from the files once per process.

    Lower-case words ("troops") are never names; the first label given to a form wins.
    """
    forms: dict[str, set[str]] = {}
    seen: set[str] = set()
    for label, text in surface_forms(knowledge()):
        if text[:1].isupper() and text not in seen:
            seen.add(text)
            forms.setdefault(label, set()).add(text)
    return tuple((label, tuple(sorted(texts))) for label, texts in forms.items())


class EntityRuler(BatchedComponent):
    """Pre-labels knowledge-base names, case-sensitively, before ``ner``.

    Single-word matches next to another proper noun are skipped ("George Washington", "Jordan
    Peterson"): there the knowledge-base name is part of a longer name the model should label.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        # compiled once, when the pipeline is built (``tidings.nlp.load`` caches the pipeline per process)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for label, texts in ruler_forms():
            self.matcher.add(label, list(nlp.tokenizer.pipe(texts)))

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            if end - start == 1 and self._inside_longer_name(doc, start):
                continue
            spans.append(Span(doc, start, end, label=match_id))
        spans = filter_spans(spans)
        if spans:
            doc.set_ents(spans, default="unmodified")
        return doc

    @staticmethod
    def _inside_longer_name(doc: Doc, i: int) -> bool:
        def name_like(j: int) -> bool:
            return 0 <= j < len(doc) and doc[j].tag_ in ("NNP", "NNPS") and doc[j].is_title

        return (name_like(i - 1) and doc[i - 1].is_sent_start is not True) or name_like(i + 1)


class ActorsComponent(BatchedComponent):
    """Resolves every noun phrase and leaves ``doc._.actor_mentions``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        state = build_state(doc)
        mentions: list[Actor] = []
        for m in state.mentions:
            mentions.append(m.actor)
        doc._.actor_mentions = mentions
        return doc


@Language.factory("tidings_entity_ruler")
def make_entity_ruler(nlp: Language, name: str) -> EntityRuler:
    return EntityRuler(nlp, name)


@Language.factory("tidings_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(nlp, name)
