"""Statements of position inside quotes, coded as events of the quote's speaker.

The manual codes what a speaker *does* by speaking -- reject, accuse, demand, threaten -- not the saying
itself.  When the quotes stage found a quote with a resolved speaker, two things in its content count:

* a trigger of a statement type (REJECT, ACCUSE, REQUEST, THREATEN) that coded nothing on its own because
  its subject was the speaker ("we reject", "this is unacceptable");
* a statement cue phrase from ``data/cues.json`` (``statement_cues``: "non-negotiable" -> REJECT).

The event is the speaker's, ``quote_id`` links it to the quote, and its rule is ``quote:<entry id>`` or
``quote-cue:<cue id>``.  A sentence that already gave an event of that type gives no second one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from tidings.events.arguments import Arguments, agentless_passive
from tidings.nlp import doc_text, sentences
from tidings.records import Event, Quote

if TYPE_CHECKING:
    from tidings.events.coder import EventCoder
    from tidings.events.triggers import Trigger

STATEMENT_TYPES: frozenset[str] = frozenset({"REJECT", "ACCUSE", "REQUEST", "THREATEN"})
QUOTE_CONFIDENCE = 0.6
PREDICATIVE_DEPS: frozenset[str] = frozenset(
    {"acomp", "attr", "ROOT", "conj", "oprd", "ccomp", "xcomp", "neg"}
)
"""A cue counts when the quote predicates it of something, not when it modifies a noun."""


@lru_cache(maxsize=1024)
def _cue_pattern(phrase: str) -> re.Pattern[str]:
    """A statement cue as a whole-word pattern, compiled once per phrase."""
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])")


def _sentence_of(doc: Doc, i: int) -> Span:
    """``doc[i].sent`` from the document's cached sentence boundaries (no walk over the tokens)."""
    bounds = sentences(doc)
    return doc[bounds.start_of(i) : bounds.end_of(i)]


def quote_events(
    coder: EventCoder, doc: Doc, quotes: Iterable[Quote], coded: list[Event], unclaimed: list[Trigger]
) -> list[Event]:
    """Events stated in quotes (see the module docstring); never a duplicate of an event already coded."""
    from tidings.events.coder import Coding, in_description

    out: list[Event] = []
    taken: set[tuple[int, str]] = {(e.start, e.event) for e in coded}
    text = doc_text(doc)
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or speaker.code == "UNK":
            continue
        c0, c1 = quote.content.start, quote.content.end
        span = doc.char_span(c0, c1, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent: Span | None = None  # the quote's sentence, built when a trigger inside it needs it
        args = Arguments(actor=[speaker], recipient=[])
        made = False
        for trig in unclaimed:
            if not (c0 <= trig.start < c1) or in_description(trig, coder.cues):
                continue  # "officials *accused* of ...": a description inside the quote, not its claim
            if agentless_passive(trig):
                continue  # "hoped officials *would be indicted*": someone else's act, not the speaker's
            if sent is None:
                sent = _sentence_of(doc, span.start)
            coding = coder.coding(trig)
            if coding.event not in STATEMENT_TYPES or (sent.start_char, coding.event) in taken:
                continue
            out.append(
                coder.build(doc, sent, trig.token, trig.start, trig.end, coding, args, trig,
                            rule=f"quote:{trig.entry.id}", quote_id=quote.id,
                            base_confidence=min(trig.entry.confidence, QUOTE_CONFIDENCE))
            )  # fmt: skip
            taken.add((sent.start_char, coding.event))
            made = True
            break
        if made:
            continue
        lowered = text[c0:c1].lower()
        for cue in coder.cues.statement_cues:
            if cue.phrase not in lowered:
                continue  # the whole-word search below can only find a phrase the text contains
            m = _cue_pattern(cue.phrase).search(lowered)
            if m is None:
                continue
            start, end = c0 + m.start(), c0 + m.end()
            cue_span = doc.char_span(start, end, alignment_mode="expand")
            if cue_span is None or cue_span.root.dep_ not in PREDICATIVE_DEPS:
                continue  # "illegal aliens" names, "this is illegal" states
            sent = _sentence_of(doc, cue_span.start)
            if (sent.start_char, cue.event) in taken:
                break
            coding = Coding(event=cue.event, mode=cue.mode, modality="asserted", shifted=False)
            out.append(
                coder.build(doc, sent, cue_span.root, start, end, coding, args, None,
                            rule=f"quote-cue:{cue.id}", quote_id=quote.id, base_confidence=QUOTE_CONFIDENCE)
            )  # fmt: skip
            taken.add((sent.start_char, cue.event))
            break
    return out
