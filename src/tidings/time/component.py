"""The ``tidings_time`` spaCy component: ``doc._.timexes`` from the text, the parse and ``doc._.dct``.

One job: find the document's time expressions (one regex pass, :mod:`tidings.time.extract`), read each
against the document date with the tense of its governing verb, and store them as
:class:`tidings.records.Timex`.  Two document-level refinements need more than one expression:

* anaphora: "the next day" and "two days later" count from the last full date mentioned, "the
  following year" and "later that year" from the last calendar value of any precision;
* fiscal quarters: in an earnings report "a year earlier" and "the latest quarter" mean quarters,
  except in a sentence about a longer period ("for the nine months ... a year earlier" is a year);
  "the quarter ended Sept. 30" is the calendar quarter holding most of its three months ("ended July 31"
  is May-July: the second), whatever else was named.

A preposition can fix the direction whatever the verb says: "since March" is behind (even when the
March ahead is nearer), "postponed until Tuesday" and "effective June 1" ahead.  Capitalised time
words inside a sentence are titles ("This Week", "60 Minutes"), not times.  "one day" after a modal
("will one day rival") is some future day, not a day's length.

"since X" expressions become ranges from X to the document date, also across a determiner or adverb
("since the Oct. 23 attack", "since shortly after the vote").  A vague reference that counts from the
time of speaking ("soon") is dropped in a clause in the past tense ("he was soon released"), where it
counts from the narrated time instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from tidings import nlp as nlp_mod
from tidings.nlp import BatchedComponent, doc_text
from tidings.records import Timex
from tidings.time import values as V
from tidings.time.extract import Candidate, calendar_word, find_expressions
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
_WORDS = re.compile(r"[a-z]+\.?")
_LETTER_RUNS = re.compile(r"[A-Za-z]+")
_ENDED_ON = re.compile(r"\s+end(ed|ing)\s+([A-Z][a-z]+)\.?\s+(\d{1,2})(?!\d)")
_FULL_YEAR = re.compile(r"(?<![\d.,])\d{4}(?![\d%])")
"""A year in digits ("March 2022", "1998", "Oct. 23, 1999"): the expression names its own date and no
tense can move it, so the parse is not consulted."""
_POINT = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_YEAR_TITLES = frozenset(
    {"fiscal", "fy", "summer", "spring", "autumn", "fall", "winter", "class", "election", "year", "end"}
)
_YEAR_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that"})
_TIME_NOUNS = frozenset({"year", "season", "period", "quarter", "month", "election", "census", "budget"})


def _is_title(span: Span) -> bool:
    """A capitalised time word inside a sentence names something: "This Week", "60 Minutes", "High Noon".

    Month, weekday and holiday names are capitalised anyway, so only the other time words count.  The
    first word of an expression may be capitalised because a sentence or quotation starts there; a later
    word ("This *Week*") or a first word right after another word ("High *Noon*") may not.
    """
    lx = load_lexicon()
    raw = doc_text(span.doc)[span.start_char : span.end_char]
    if not any(w[0].isupper() and w.lower() in lx.title_words for w in _LETTER_RUNS.findall(raw)):
        return False  # no capitalised time word at all (the common case): no token is looked at
    low = raw.lower()
    if any(calendar_word(w, lx) for w in _WORDS.findall(low)) or any(h in low for h in lx.holidays):
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


def _year_before_noun(tok: Token) -> bool:
    """A number before a plural noun counts it ("2000 troops") unless something marks it as a year.

    A determiner or possessive before it ("the 1992 protests", "the company's 1989 results") or another
    modifier between it and the noun ("1990 BellSouth earnings", "1989 operating results") leaves no
    room for a count: counts come first and stand next to what they count.
    """
    doc = tok.doc
    if not (tok.text.isdigit() and 1900 <= int(tok.text) <= 2100):
        return False
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and (prev.lower_ in _YEAR_DETERMINERS or prev.tag_ == "POS" or prev.tag_ == "PRP$"):
        return True
    return tok.head.i > tok.i + 1


@Language.factory("tidings_time")
def make_time_tagger(nlp: Language, name: str) -> TimeTagger:
    return TimeTagger()


class TimeTagger(BatchedComponent):
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
        text = doc_text(doc)
        # every way :meth:`_after_since` says yes passes a token whose ``lower_`` is "since" (an ASCII
        # word: its letters lower-case to "since" only if the text's do): without one, no walk is needed
        has_since = "since" in text.lower()
        for cand in find_expressions(text):
            span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
            if span is None or (parsed and not self._plausible_in_parse(span)):
                continue
            since = has_since and self._after_since(span, parsed)
            # "frozen since October 3", "since taking office last month": inside a "since" phrase, behind us
            tense = "behind" if since else self._direction_word(span)
            if tense is None and parsed and not _FULL_YEAR.search(cand.reading or cand.text):
                tense = tense_of(span, self.lexicon)  # a written year fixes the date: no parse to read
            if tense == "past" and cand.text.lower() in self.lexicon.speech_time_refs:
                continue  # "he was soon released": soon after the narrated time, not after the report
            norm = normalise_expression(cand.reading or cand.text, dct, tense, ref, point)
            if norm is None:
                continue
            if parsed and self._indefinite_day(span):
                norm = Normalised("DATE", "FUTURE_REF", norm.mod)  # "Islam will one day be ..."
            if norm.context in ("quarter-1y", "quarter-in-year") and _MULTI_MONTH_PERIOD.search(
                self._sentence(span, parsed)
            ):
                # "for the nine months ... in the 1988 period": the period is the nine months' year
                year = norm.value[:4] if norm.context == "quarter-in-year" else f"{dct.year - 1:04d}"
                norm = Normalised(norm.type, year, norm.mod)
            last_year = norm.value == f"{dct.year - 1:04d}" and _LAST_YEAR.fullmatch(cand.text)
            if last_year and _PERIOD_WORDS.search(self._sentence(span, parsed)):
                norm = Normalised(norm.type, norm.value, norm.mod, "quarter-1y")
            ending = self._quarter_ending(cand, text, dct) if norm.context == "quarter" else None
            if ending is not None:  # "the quarter ended Sept. 30": that calendar quarter, whatever else
                norm = Normalised(norm.type, ending, norm.mod)
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
            if since and norm.type in ("DATE", "TIME") and precision_of(norm.value):
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

    @staticmethod
    def _indefinite_day(span: Span) -> bool:
        """ "will one day be", "could one day return": "one day" between a modal and its verb is some
        future day, not a length of time ("for one day", "in the job one day").

        Read off the surface: the small model parses this "one day" as a subject or a compound.
        """
        if span.start == 0 or span.end - span.start != 2:
            return False
        if doc_text(span.doc)[span.start_char : span.end_char].lower() != "one day":
            return False
        return span.doc[span.start - 1].tag_ == "MD"

    @staticmethod
    def _sentence(span: Span, parsed: bool) -> str:
        """The text of the sentence holding ``span`` (the document's without a parse).

        Asked only for the few expressions whose reading depends on it: ``span.sent`` walks the tokens.
        """
        if not parsed:
            return doc_text(span.doc)
        sent = span.sent
        return doc_text(span.doc)[sent.start_char : sent.end_char]

    def _direction_word(self, span: Span) -> str | None:
        """The direction a preposition before the expression fixes, whatever the verb's tense.

        "since March" can only be past; "postponed until Tuesday" looks ahead although "postponed" is past.
        """
        if span.start == 0:
            return None
        prev = span.doc[span.start - 1].lower_
        if prev in self.lexicon.look_back_words:
            return "behind"
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
        plural = head.tag_ in ("NNS", "NNPS") and head.lemma_.lower() not in _TIME_NOUNS
        counted = tok.dep_ == "nummod" and plural
        if counted and not _year_before_noun(tok):
            return False
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        return not (prev is not None and prev.pos_ in ("PROPN", "NOUN") and prev.lower_ not in _YEAR_TITLES)

    def _quarter_ending(self, cand: Candidate, text: str, dct: dt.date) -> str | None:
        """The calendar quarter "the quarter ended Sept. 30" names: the one holding most of its months.

        A quarter is the three months up to its end date, so the calendar quarter of its middle month
        holds two of them: "ended Sept. 30" is July-September (Q3), "ended July 31" May-July (Q2).  Only
        an end date at a month's turn says which months (a 52-week fiscal year ends on a Saturday: "the
        quarter ended Sept. 29", "ended July 2" closes with June); otherwise the document's context
        decides as before.
        """
        m = _ENDED_ON.match(text, cand.end)
        month = self.lexicon.month(m[2]) if m else None
        if m is None or month is None:
            return None
        end = V.pick_date(dct, month, int(m[3]), -1 if m[1].lower() == "ed" else 1)
        if end is None:
            return None
        if end.day <= 3:  # "ended July 2": the months closed with June
            end -= dt.timedelta(days=end.day)
        elif (end + dt.timedelta(days=4)).month == end.month:
            return None  # mid-month: no whole months to count
        y, mid = V.add_months(end.year, end.month, -1)
        return f"{y:04d}-Q{(mid - 1) // 3 + 1}"

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
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.lower_ == "since":
            return True
        if not parsed:
            return False
        # "since the Oct. 23 slaying", "since shortly after the vote": only a determiner, an adverb or
        # "after"/"before" between "since" and the date (the parser often hangs "after" elsewhere)
        while prev is not None and span.start - prev.i <= 4:
            if prev.lower_ == "since":
                return True
            if not (prev.tag_ in ("DT", "RB", "PRP$") or prev.lower_ in ("after", "before")):
                break
            prev = doc[prev.i - 1] if prev.i > 0 else None
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
