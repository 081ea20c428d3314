"""The ``tidings_time`` spaCy component: ``doc._.timexes`` from the text, the parse and ``doc._.dct``.

One job: find the document's time expressions (one regex pass, :mod:`tidings.time.extract`), read each
against the document date with the tense of its governing verb, and store them as
:class:`tidings.records.Timex`.  Two document-level refinements need more than one expression:

* anaphora: "the next day" and "two days later" count from the last full date mentioned, "the
  following year" and "later that year" from the last calendar value of any precision;
* fiscal quarters: in an earnings report "a year earlier" and "the latest quarter" mean quarters,
  except in a sentence about a longer period ("for the nine months ... a year earlier" is a year).

A preposition can fix the direction whatever the verb says: "since March" is behind, "postponed until
Tuesday" and "effective June 1" ahead.  Capitalised time words inside a sentence are titles ("This
Week", "60 Minutes"), not times.

"since X" expressions become ranges from X to the document date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from tidings import nlp as nlp_mod
from tidings.nlp import doc_text
from tidings.records import Timex
from tidings.time.extract import calendar_word, find_expressions
from tidings.time.grammar import Normalised, normalise_expression
from tidings.time.lexicon import load_lexicon
from tidings.time.syntax import attachment_head, clause_head, tense_of
from tidings.time.values import precision_of

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_LAST_YEAR = re.compile(r"last\s+year", re.IGNORECASE)
_PERIOD_WORDS = re.compile(r"\b(?:quarter|period)\b", re.IGNORECASE)
"""In an earnings report, "compared with last year's period" means last year's quarter."""
_MULTI_MONTH_PERIOD = re.compile(
    r"\b(?:(?:six|nine|\d+)[- ]months?|first\s+half|year\s+to\s+date|fiscal\s+year|full\s+year)\b",
    re.IGNORECASE,
)
"""In a sentence about "the nine months" or "the fiscal year", "a year earlier" is a year, not a quarter."""
_POINT = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_YEAR_TITLES = frozenset(
    {"fiscal", "fy", "summer", "spring", "autumn", "fall", "winter", "class", "election", "year", "end"}
)
_TIME_NOUNS = frozenset({"year", "season", "period", "quarter", "month", "election", "census", "budget"})


def _is_title(span: Span) -> bool:
    """A capitalised time word inside a sentence names something: "This Week", "60 Minutes", "High Noon".

    Month, weekday and holiday names are capitalised anyway, so only the other time words count.  The
    first word of an expression may be capitalised because a sentence or quotation starts there; a later
    word ("This *Week*") or a first word right after another word ("High *Noon*") may not.
    """
    lx = load_lexicon()
    low = span.text.lower()
    if any(calendar_word(w, lx) for w in re.findall(r"[a-z]+\.?", low)) or any(h in low for h in lx.holidays):
        return False  # "Thanksgiving Day", "Friday Night": names of days are capitalised anyway
    for tok in span:
        if tok.lower_ not in lx.title_words or not tok.text[:1].isupper():
            continue
        if tok.i > span.start:
            return True
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and not tok.is_sent_start and prev.is_alpha:
            return True
    return False


@Language.factory("tidings_time")
def make_time_tagger(nlp: Language, name: str) -> TimeTagger:
    return TimeTagger()


class TimeTagger:
    """Sets ``doc._.timexes`` (sorted by start, offsets into ``doc.text``)."""

    def __init__(self) -> None:
        nlp_mod.register_extensions()
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        dct: dt.date | None = doc._.dct
        if dct is None:
            doc._.timexes = []
            return doc
        doc._.timexes = list(self.timexes(doc, dct))
        return doc

    def timexes(self, doc: Doc, dct: dt.date) -> list[Timex]:
        out: list[Timex] = []
        ref: dt.date | None = None
        point: str | None = None
        quarters: Counter[tuple[int, int]] = Counter()
        parsed = doc.has_annotation("DEP")  # without a parser: no tense, no attachment, still the values
        for cand in find_expressions(doc_text(doc)):
            span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
            if span is None or (parsed and not self._plausible_in_parse(span)):
                continue
            tense = self._direction_word(span) or (tense_of(span, self.lexicon) if parsed else None)
            norm = normalise_expression(cand.text, dct, tense, ref, point)
            if norm is None:
                continue
            sentence = span.sent.text if parsed else doc_text(doc)
            if norm.context == "quarter-1y" and _MULTI_MONTH_PERIOD.search(sentence):
                norm = Normalised(norm.type, f"{dct.year - 1:04d}", norm.mod)
            last_year = norm.value == f"{dct.year - 1:04d}" and _LAST_YEAR.fullmatch(cand.text)
            if last_year and _PERIOD_WORDS.search(sentence):
                norm = Normalised(norm.type, norm.value, norm.mod, "quarter-1y")
            quarter = quarters.most_common(1)[0][0] if quarters else None
            norm = self._in_quarter_context(norm, quarter)
            m = _QUARTER.match(norm.value)
            if m and norm.context is None and abs(int(m[1]) - dct.year) <= 1:
                quarters[(int(m[1]), int(m[2]))] += 1  # the quarter being reported, not a history
            if norm.type == "DATE" and precision_of(norm.value) == "day" and norm.context is None:
                ref = dt.date.fromisoformat(norm.value[:10])
            if norm.type in ("DATE", "TIME") and norm.context is None and (pm := _POINT.match(norm.value)):
                point = pm[0]
            range_start = range_end = None
            if norm.type in ("DATE", "TIME") and precision_of(norm.value) and self._after_since(span, parsed):
                range_start, range_end = norm.value, dct.isoformat()
            out.append(
                Timex(
                    text=cand.text,
                    start=cand.start,
                    end=cand.end,
                    type=norm.type,  # type: ignore[arg-type]
                    value=norm.value,
                    mod=norm.mod,
                    range_start=range_start,
                    range_end=range_end,
                )
            )
        return out

    def _direction_word(self, span: Span) -> str | None:
        """The direction a preposition before the expression fixes, whatever the verb's tense.

        "since March" can only be past; "postponed until Tuesday" looks ahead although "postponed" is past.
        """
        if span.start == 0:
            return None
        prev = span.doc[span.start - 1].lower_
        if prev in self.lexicon.look_back_words:
            return "past"
        if prev in self.lexicon.look_ahead_words:
            # "until Thursday, they had not called him a suspect": the past perfect keeps it behind us
            verb = clause_head(attachment_head(span))
            pluperfect = any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
            return None if pluperfect else "future"
        return None

    @staticmethod
    def _plausible_in_parse(span: Span) -> bool:
        """A bare number is a year unless it counts things or names something; a title is no time.

        "2000 troops" counts; "Resolution 1701" and "Flight 2014" name; "the 1996 race" is a year.
        ABC's "This Week" and CBS's "60 Minutes" are programmes (:func:`_is_title`).
        """
        if _is_title(span):
            return False
        if len(span) != 1 or not span[0].like_num:
            return True
        tok = span[0]
        head = tok.head
        if tok.dep_ == "nummod" and head.tag_ in ("NNS", "NNPS") and head.lemma_.lower() not in _TIME_NOUNS:
            return False
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        return not (prev is not None and prev.pos_ in ("PROPN", "NOUN") and prev.lower_ not in _YEAR_TITLES)

    @staticmethod
    def _in_quarter_context(norm: Normalised, quarter: tuple[int, int] | None) -> Normalised:
        """In a report about a fiscal quarter, "a year earlier" is that quarter a year before."""
        if norm.context is None or quarter is None:
            return norm
        year, q = quarter
        if norm.context == "quarter-in-year":
            value = f"{norm.value[:4]}-Q{q}"
        elif norm.context == "quarter-1y":
            value = f"{year - 1:04d}-Q{q}"
        else:
            value = f"{year:04d}-Q{q}"
        return Normalised(norm.type, value, norm.mod, norm.context)

    @staticmethod
    def _after_since(span: Span, parsed: bool = True) -> bool:
        """"since January", "since taking office last month": the expression opens a range."""
        doc = span.doc
        if span.start > 0 and doc[span.start - 1].lower_ == "since":
            return True
        if not parsed:
            return False
        head = span.root.head
        for _ in range(3):
            if head.lower_ == "since":
                return True
            if head.dep_ not in ("pcomp", "pobj", "npadvmod", "advmod", "prep") and head.pos_ != "VERB":
                return False
            if head.head is head:
                return False
            head = head.head
        return False
