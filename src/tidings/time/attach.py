"""Date an event from its trigger: the time expression of its own clause, else of the reporting clause.

The order follows how news is written.  "Russian and US officials met in Istanbul on Thursday": the
expression modifies the trigger's own clause.  "Putin said Thursday that the contacts gave hope": the
event inside the reported clause takes the date of the report when it has none of its own.  Otherwise
the event gets the document date with precision ``"document"``, never a guess.  Durations ("the
three-year conflict"), sets ("daily") and vague references ("recently") never date an event.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from tidings.records import DatePrecision, Timex
from tidings.time.lexicon import load_lexicon
from tidings.time.syntax import attachment_head, clause_head
from tidings.time.values import precision_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_CLIMB_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "conj"})
"""Dependencies through which an embedded clause inherits the date of its governing clause."""


@dataclass(frozen=True)
class EventDate:
    """When an event happened, as precisely as the text says.

    ``date`` is ISO at the known precision ("2025-02-27", "2025-02", "2025-W09", "2022") or, for a range
    ("since taking office last month"), an ISO interval "2025-01/2025-02-27".
    """

    date: str
    precision: DatePrecision
    text: str | None = None
    timex: Timex | None = None


def document_date(doc: Doc) -> EventDate:
    dct = doc._.dct
    return EventDate(date=dct.isoformat() if dct else "", precision="document")


def event_date_of(timex: Timex) -> EventDate | None:
    """The :class:`EventDate` a time expression gives, or ``None`` if it cannot date an event."""
    if timex.type not in ("DATE", "TIME"):
        return None
    if timex.range_start and timex.range_end:
        return EventDate(f"{timex.range_start}/{timex.range_end}", "range", timex.text, timex)
    precision = precision_of(timex.value)
    if precision is None:
        return None
    date = timex.value.split("T", 1)[0] if precision == "day" else timex.value
    return EventDate(date, precision, timex.text, timex)  # type: ignore[arg-type]


def _span(doc: Doc, timex: Timex) -> Span | None:
    return doc.char_span(timex.start, timex.end, alignment_mode="expand")


def timex_clause(doc: Doc, timex: Timex) -> tuple[Token | None, Token | None]:
    """``(word modified, clause verb)`` of a time expression; "since ..." ranges date the outer clause."""
    span = _span(doc, timex)
    if span is None:
        return None, None
    head = attachment_head(span)
    verb = clause_head(head)
    if timex.range_start and verb.dep_ in ("pcomp", "pobj") and verb.head.lower_ == "since":
        outer = verb.head.head
        return outer, clause_head(outer)
    return head, verb


_Attached: TypeAlias = "list[tuple[EventDate | None, int | None, int | None]]"
_ATTACHED: weakref.WeakKeyDictionary[Doc, tuple[int, _Attached]] = weakref.WeakKeyDictionary()
"""Per-document memo of where each expression attaches: the event coder asks once per event, the answer
only changes if ``doc._.timexes`` is replaced (the memo is keyed on the list's identity).  It holds token
indices, never ``Token`` objects: a token refers to its document, and a value that refers to its own
key keeps a weak-keyed entry, and with it every document coded, alive for good."""


def _attached(doc: Doc, timexes: list[Timex]) -> _Attached:
    """``(event date, index of the word modified, index of the clause verb)`` for each time expression
    of the document."""
    memo = _ATTACHED.get(doc)
    if memo is not None and memo[0] == id(timexes):
        return memo[1]
    attached: _Attached = []
    for timex in timexes:
        head, verb = timex_clause(doc, timex)
        attached.append(
            (event_date_of(timex), head.i if head is not None else None, verb.i if verb is not None else None)
        )
    _ATTACHED[doc] = (id(timexes), attached)
    return attached


def date_for(doc: Doc, token: Token) -> EventDate:
    """The date of the event whose trigger is ``token`` (see the module docstring for the order).

    A clause inherits the date of the clause governing it (reported speech: ccomp, parataxis; xcomp;
    coordinated verbs sharing a subject: conj) only if it has no time expression of its own: "his
    spokesman *earlier* cautioned" is not dated by the "said Thursday" it is coordinated with.
    """
    timexes = doc._.timexes
    if not timexes:
        return document_date(doc)
    attached = _attached(doc, timexes)
    adverbs = load_lexicon().own_time_adverbs
    clause: Token | None = clause_head(token)
    seen: set[int] = set()
    while clause is not None and clause.i not in seen:
        seen.add(clause.i)
        own = [
            (ed, head)
            for ed, head, verb in attached
            if head is not None and (head == token.i or verb == clause.i)
        ]
        hits = [ed for ed, _ in own if ed is not None]
        if hits:
            return min(hits, key=lambda ed: abs((ed.timex.start if ed.timex else 0) - token.idx))
        if own or any(c.dep_ == "advmod" and c.lower_ in adverbs for c in clause.children):
            break  # its own expression does not date it ("earlier", "for three years")
        if clause.dep_ in _CLIMB_DEPS and clause.head is not clause:
            clause = clause_head(clause.head)
        else:
            clause = None
    return document_date(doc)
