"""Turn speaker tokens into actors.

The actor stage owns who a mention refers to (names, titles, metonyms, organisations, coreference), so a
speaker is first resolved through :func:`tidings.actors.resolve_token`.  Only when that gives nothing (or the
actor stage is not in the pipeline) do two cheap fallbacks apply, both limited to what the document itself
says: a pronoun takes the nearest earlier compatible speaker or person subject, and a bare surname takes the
fuller name the document introduced earlier ("Putin" -> "Vladimir Putin").  No country or person tables
live here.

Whatever resolved it, the speaker's ``text``/``start``/``end`` are the mention in the attribution (so
"he" stays "he" with ``name`` "Dmitry Peskov"): readers can find the words, analysts get the entity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from spacy.strings import get_string_id
from spacy.tokens import Span

from tidings.nlp import doc_text, token_arrays
from tidings.quotes.attribution import crosses_break
from tidings.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.quotes.lexicon import CueLexicon

Resolver = Callable[["Doc", "Token"], list[Actor]]

_PARAGRAPH_BREAK = re.compile(r"\n\s*")
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_PERSON = get_string_id("PERSON")
NON_PERSON_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT"})


@lru_cache(maxsize=1)
def actor_resolver() -> Resolver | None:
    """The actor stage's resolver (tests replace it with ``None`` to score speakers by text alone)."""
    from tidings.actors import resolve_token

    return resolve_token


@dataclass
class _Antecedent:
    position: int  # character offset of the mention
    actor: Actor
    person: bool


def _is_person(token: Token) -> bool:
    if token.ent_type_ == "PERSON" or token.lower_ in PERSON_PRONOUNS:
        return True
    return token.pos_ == "PROPN" and token.ent_type_ not in NON_PERSON_ENTS


def _local_subject(token: Token) -> bool:
    """A subject whose verb is in the same paragraph (not a heading the parser glued to the next line)."""
    return token.dep_ in ("nsubj", "nsubjpass") and not crosses_break(token.doc, token.i, token.head.i)


def _mention(actor: Actor, span: Span, rule: str | None = None) -> Actor:
    """The actor as seen at this mention: the entity's fields, the mention's words and offsets.

    ``rule`` replaces the actor's rule where this stage, not the actor stage, linked the mention to the
    entity (a pronoun copied from an earlier speaker), so the record says how *this* mention was resolved.
    """
    return actor.model_copy(
        update={
            "text": doc_text(span.doc)[span.start_char : span.end_char],  # span.text, from the cache
            "start": span.start_char,
            "end": span.end_char,
            "rule": rule or actor.rule or "quotes.actors",
        }
    )


def person_entities(doc: Doc) -> list[tuple[int, int]]:
    """``[(e.start, e.end) for e in doc.ents if e.label == PERSON]``, from the document's entity
    triples (:meth:`tidings.nlp.TokenArrays.entities`, read once per document)."""
    return [(start, end) for start, end, label in token_arrays(doc).entities() if label == _PERSON]


class SpeakerResolver:
    """Resolves speaker tokens in text order, remembering earlier speakers for pronouns.

    One instance per document: call :meth:`resolve` in the order the attributions are read.
    """

    def __init__(
        self, doc: Doc, lexicon: CueLexicon, resolver: Resolver | None = None, text: str | None = None
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc) if text is None else text
        self.lexicon = lexicon
        self.resolver = resolver if resolver is not None else actor_resolver()
        self.history: list[_Antecedent] = []

    @cached_property
    def _persons(self) -> list[Span]:
        """The PERSON entities as ``doc.ents`` gives them, without a Span for every other entity.

        Read on first use: most speakers are resolved by the actor stage, and some documents never ask.
        """
        return [Span(self.doc, start, end, label=_PERSON) for start, end in person_entities(self.doc)]

    def resolve(self, token: Token, span: Span) -> Actor:
        """The actor a speaker mention refers to; never ``None`` (unresolved speakers keep their words).

        "He said" right after another person's attribution is that person speaking on: quotation
        paragraphs chain that way, so speaker continuity is tried before general coreference.
        """
        actor = self._continuing(token, span) if token.lower_ in PERSON_PRONOUNS else None
        if actor is None:
            actor = self._from_actor_stage(token, span)
        if actor is None:
            if token.lower_ in self.lexicon.pronouns:
                actor = self._pronoun(token, span)
            else:
                actor = self._named(token, span)
        self.history.append(_Antecedent(token.idx, actor, _is_person(token)))
        return actor

    def _continuing(self, token: Token, span: Span) -> Actor | None:
        """The previous speaker, if a person, in this or the previous paragraph, with no person between."""
        earlier = [a for a in self.history if a.position < token.idx]
        if not earlier:
            return None
        last = max(earlier, key=lambda a: a.position)
        text = self.text
        if not last.person or len(_PARAGRAPH_BREAK.findall(text[last.position : token.idx])) > 1:
            return None
        for ent in self._persons:
            if last.position < ent.start_char < token.idx and _local_subject(ent.root):
                return None  # someone else became the topic in between
        return _mention(last.actor, span, "quotes.continuity")

    def _named(self, token: Token, span: Span) -> Actor:
        """A name the actor stage did not resolve: the fuller earlier mention, resolved if it can be."""
        name = self._full_name(token)
        if name is not None and self.resolver is not None:
            for ent in self._persons:
                if ent.start_char < token.idx and ent.text == name:
                    found = self.resolver(self.doc, ent.root)
                    if found:
                        return _mention(found[0], span)
        return Actor(
            text=span.text, name=name, start=span.start_char, end=span.end_char, rule="quotes.mention"
        )

    def _from_actor_stage(self, token: Token, span: Span) -> Actor | None:
        if self.resolver is None:
            return None
        found = self.resolver(self.doc, token)
        if not found:
            return None
        return _mention(found[0], span)

    def _pronoun(self, token: Token, span: Span) -> Actor:
        want_person = token.lower_ in PERSON_PRONOUNS
        best: _Antecedent | None = None
        for ante in self.history:
            if (
                ante.position < token.idx
                and ante.person == want_person
                and (best is None or ante.position > best.position)
            ):
                best = ante
        if want_person:
            for ent in self._persons:
                if ent.start_char >= token.idx or (best is not None and ent.start_char <= best.position):
                    continue
                if _local_subject(ent.root):
                    actor = Actor(
                        text=ent.text,
                        name=self._full_name(ent.root),
                        start=ent.start_char,
                        end=ent.end_char,
                        rule="quotes.subject",
                    )
                    best = _Antecedent(ent.start_char, actor, True)
        if best is None:
            return Actor(text=span.text, start=span.start_char, end=span.end_char, rule="quotes.unresolved")
        return _mention(best.actor, span, "quotes.pronoun")

    def _full_name(self, token: Token) -> str | None:
        """The longest earlier (or same) PERSON name that ends with this mention's name."""
        own = next((e for e in self._persons if e.start <= token.i < e.end), None)
        if own is None and (
            token.pos_ != "PROPN" or token.ent_type_ in NON_PERSON_ENTS or not token.text[:1].isupper()
        ):
            return None
        if own is not None:
            words = own.text.split()
        else:  # a name the model did not tag: the capitalised proper nouns that end at the token
            i = token.i
            while i > 0 and self.doc[i - 1].pos_ == "PROPN" and self.doc[i - 1].text[:1].isupper():
                i -= 1
            words = [t.text for t in self.doc[i : token.i + 1]]
        best = " ".join(words)
        for ent in self._persons:
            if ent.start_char > token.idx:
                break
            cand = ent.text.split()
            if len(cand) > len(best.split()) and cand[-len(words) :] == words:
                best = " ".join(cand)
        return best


def name_descriptions(mentions: list[tuple[Span, Actor]], text: str) -> dict[int, Actor]:
    """Name unnamed described speakers from the named speaker that follows with the same description.

    News often reports "his spokesman cautioned that ..." a paragraph before it quotes "Kremlin spokesman
    Dmitry Peskov".  The actor stage resolves backwards only, so an unnamed description (head a common
    noun) takes the name of a later speaker, at most two paragraphs on, whose mention has the same head
    noun and whose country does not contradict it.  ``mentions`` are (speaker span, actor) in reading
    order; the result maps ``id(actor)`` of each named description to its replacement.
    """
    renamed: dict[int, Actor] = {}
    for k, (span, actor) in enumerate(mentions):
        if actor.name is not None:
            continue  # the cheap test first: most speakers are named, and ``span.root`` walks the span
        head = span.root
        if head.pos_ != "NOUN":
            continue
        for later_span, later in mentions[k + 1 :]:
            if len(_PARAGRAPH_BREAK.findall(text[span.end_char : later_span.start_char])) > 2:
                break
            if later.name is None or not any(t.lemma_ == head.lemma_ for t in later_span):
                continue
            if "UNK" not in (actor.code, later.code) and actor.code != later.code:
                continue
            renamed[id(actor)] = _mention(later, span, "quotes.description_ahead")
            break
    return renamed
