"""Time: find time expressions, normalise them to TIMEX3 against the article date, and date events.

Public surface:

* :func:`normalise` -- one expression to ``(type, value, mod)``, usable without spaCy;
* :func:`find_expressions` -- the character spans of candidate expressions in a text;
* :func:`date_for` / :class:`EventDate` -- the date of an event, given its trigger token;
* the ``tidings_time`` spaCy component (:mod:`tidings.time.component`), which sets ``doc._.timexes``.
"""

from __future__ import annotations

import datetime as dt

from tidings.time.attach import EventDate, date_for
from tidings.time.extract import find_expressions
from tidings.time.grammar import Normalised, normalise_expression
from tidings.time.lexicon import LEXICON_VERSION


def normalise(
    text: str, dct: dt.date, tense: str | None = None, *, point: str | None = None
) -> Normalised | None:
    """The TIMEX3 ``(type, value, mod)`` of ``text`` read against the document date ``dct``.

    ``tense`` is the governing verb's tense ("past", "present", "future"; "behind" where a preposition
    such as "since" rules out the future, even a day ahead) and decides the direction of
    underspecified expressions ("Friday", "in December"); ``None`` reads weekdays as past (news reports
    past events) and months/dates as the nearest.  ``point`` is the last calendar value the text named
    before the expression ("1995-05-22", "1998-06"): "the following year" and "later that year" count
    from it (from ``dct`` without one).  Returns ``None`` if no rule reads the text, including impossible
    dates ("February 30").  The result unpacks as a tuple and has attributes.
    """
    return normalise_expression(text, dct, tense, point=point)


__all__ = ["LEXICON_VERSION", "EventDate", "Normalised", "date_for", "find_expressions", "normalise"]
