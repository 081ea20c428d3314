"""Find quotation-mark spans in raw text, before any parsing.

Working on characters rather than tokens keeps this cheap and makes it robust to what breaks other
extractors on real news: straight and curly marks mixed in one article, a quotation left unclosed, and the
multi-paragraph convention where a quotation's paragraphs each open with a mark but only the last closes.
Nothing here raises on malformed input: an unclosed quotation ends at its paragraph's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = frozenset("“„«")
CLOSING = frozenset("”»")
STRAIGHT = '"'
MARKS = OPENING | CLOSING | {STRAIGHT}

_PARAGRAPH = re.compile(r"[^\n]+")
_MARK = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")
"""Any quotation mark: the scan jumps from mark to mark instead of testing every character."""


@dataclass(frozen=True)
class MarkedSpan:
    """A quotation from its opening mark to its closing mark (both included).

    ``closed`` is false where the paragraph ended first; ``paragraphs`` counts the paragraphs a
    multi-paragraph quotation runs over.
    """

    start: int
    end: int
    closed: bool = True
    paragraphs: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the quoted words without the marks."""
        s = self.start + 1
        e = self.end - 1 if self.closed else self.end
        return s, max(s, e)


def _is_opening(text: str, i: int, open_at: int | None) -> bool:
    """Decide whether the mark at ``i`` opens a quotation.

    Curly marks say so themselves.  A straight mark opens when nothing is open, unless it is glued to a
    word on its left and followed by space (a closing mark after an unmatched opening we missed).
    """
    ch = text[i]
    if ch in OPENING:
        return True
    if ch in CLOSING:
        # a closing mark that starts a paragraph, with nothing open, is a mis-typed opening mark
        return open_at is None and (i == 0 or text[i - 1] == "\n")
    if open_at is not None:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() and (after.isspace() or after in ".,;:!?)"))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _first_visible(text: str, start: int, end: int) -> int:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every quotation in ``text``, in order, with multi-paragraph quotations joined into one span."""
    spans: list[MarkedSpan] = []
    paragraphs = _paragraphs(text)
    carried: int | None = None  # start of a quotation continued from the previous paragraph
    carried_paragraphs = 0  # paragraphs it has run over so far
    for p, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        for found in _MARK.finditer(text, p_start, p_end):
            i = found.start()
            if _is_opening(text, i, open_at):
                if open_at is not None:  # a second opening mark: the first quotation was never closed
                    start = carried if carried is not None else open_at
                    spans.append(MarkedSpan(start, _rstrip(text, open_at, i), False, carried_paragraphs + 1))
                    carried, carried_paragraphs = None, 0
                open_at = i
            elif open_at is not None:
                start = carried if carried is not None else open_at
                spans.append(MarkedSpan(start, i + 1, True, carried_paragraphs + 1))
                carried, carried_paragraphs = None, 0
                open_at = None
            # a closing mark with nothing open is a stray mark: ignored
        if carried is not None and open_at is None:  # the continuation never opened: end at the break
            spans.append(
                MarkedSpan(carried, _rstrip(text, carried, paragraphs[p - 1][1]), False, carried_paragraphs)
            )
            carried, carried_paragraphs = None, 0
        if open_at is None:
            continue
        nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
        continues = nxt is not None and text[_first_visible(text, *nxt)] in OPENING | {STRAIGHT}
        start = carried if carried is not None else open_at
        if continues:
            carried, carried_paragraphs = start, carried_paragraphs + 1
        else:
            spans.append(MarkedSpan(start, _rstrip(text, start, p_end), False, carried_paragraphs + 1))
            carried, carried_paragraphs = None, 0
    return spans
