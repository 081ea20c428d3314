"""Assemble :class:`~tidings.records.Quote` records from the attributions found in a ``Doc``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tidings.nlp import Sentences, TokenArrays, doc_text, sentences, token_arrays
from tidings.quotes.attribution import Attribution, find_attributions
from tidings.quotes.lexicon import CueLexicon, load_lexicon
from tidings.quotes.speaker import Resolver, SpeakerResolver, name_descriptions
from tidings.records import Actor, Quote, TextSpan, stable_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def _text_span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(text=text[start:end], start=start, end=end)


def _cue_span(span: Span | None, text: str) -> TextSpan | None:
    if span is None:
        return None
    # the span's characters off the cached document text (``Span.text`` joins its tokens again)
    start, end = span.start_char, span.end_char
    return TextSpan(text=text[start:end], start=start, end=end)


def _sentence_start(a: TokenArrays, sents: Sentences, char: int) -> int | None:
    """The offset of the sentence holding character ``char`` (None where it is whitespace between
    tokens), from the document's arrays and sentence bounds instead of ``doc.char_span``."""
    i = a.token_at(char)
    if i is None:
        return None
    return a.idx[sents.start_of(i)]


def extract_quotes(
    doc: Doc, lexicon: CueLexicon | None = None, resolver: Resolver | None = None
) -> list[Quote]:
    """Every direct quotation and indirect attribution in a parsed ``Doc``, in text order.

    ``resolver`` overrides :func:`tidings.actors.resolve_token` (tests, or callers with their own actor
    resolution); by default the actor stage's resolver is used when it is installed.
    """
    lexicon = lexicon or load_lexicon()
    doc_id = doc._.doc_id if doc.has_extension("doc_id") and doc._.doc_id else ""
    text = doc_text(doc)
    attributions = find_attributions(doc, lexicon, text)
    speakers = SpeakerResolver(doc, lexicon, resolver, text)
    resolved: dict[int, tuple[Actor | None, Span | None]] = {}
    # speakers are resolved in reading order so that pronouns see the speakers before them
    mentions: list[tuple[Span, Actor]] = []
    for att in sorted(attributions, key=lambda a: a.anchor):
        resolved[id(att)] = _speaker_and_cue(att, speakers, resolved)
        actor = resolved[id(att)][0]
        if att.parent is None and att.speaker_span is not None and actor is not None:
            mentions.append((att.speaker_span, actor))
    renamed = name_descriptions(mentions, text)
    quotes: list[Quote] = []
    if not attributions:
        return quotes
    a, sents = token_arrays(doc), sentences(doc)  # read once, not once per quotation
    for att in attributions:
        speaker, cue = resolved[id(att)]
        if speaker is not None:
            speaker = renamed.get(id(speaker), speaker)
        quotes.append(
            Quote(
                id=stable_id(doc_id, att.content_start, att.content_end),
                doc_id=doc_id,
                speaker=speaker,
                cue=_cue_span(cue, text),
                content=_text_span(text, att.content_start, att.content_end),
                direct=att.direct,
                sentence_start=_sentence_start(a, sents, att.content_start),
                rule=att.rule or None,
            )
        )
    return quotes


def _speaker_and_cue(
    att: Attribution,
    speakers: SpeakerResolver,
    resolved: dict[int, tuple[Actor | None, Span | None]],
) -> tuple[Actor | None, Span | None]:
    if att.parent is not None:
        parent = resolved.get(id(att.parent))
        if parent is None:  # parent read later than the continuation: cannot happen in text order
            return None, None
        return parent
    if att.speaker is None or att.speaker_span is None:
        return None, att.cue
    return speakers.resolve(att.speaker, att.speaker_span), att.cue


def stages_through_quotes() -> tuple[str, ...]:
    """The tidings stages up to and including ``tidings_quotes``, in pipeline order.

    ``tidings quotes`` and the evaluation load only these: the event coder runs after quotes and is not
    needed to find them.
    """
    from tidings.nlp import PIPELINE

    names = [name for name, _ in PIPELINE]
    return tuple(names[: names.index("tidings_quotes") + 1])


def quote_at(quotes: Sequence[Quote], start: int, end: int | None = None) -> Quote | None:
    """The quote that a character span (an event trigger, say) belongs to, for the event coder.

    A span that is a quote's cue ("rejected", "warned") belongs to that quote; otherwise the span belongs
    to the shortest quote whose content contains it (a quotation inside a reported clause is the more
    specific evidence).  ``None`` where the span is in no quote.
    """
    end = start + 1 if end is None else end
    for q in quotes:
        if q.cue is not None and q.cue.start <= start and end <= q.cue.end:
            return q
    inside = [q for q in quotes if q.content.start <= start and end <= q.content.end]
    return min(inside, key=lambda q: q.content.end - q.content.start) if inside else None
