"""Find attributions in a parsed ``Doc``: direct quotations and indirect speech, with cue and speaker token.

Two passes share one notion of an attribution (:class:`Attribution`):

* **Direct quotations** start from the quotation marks (:mod:`tidings.quotes.marks`).  A marked span is a
  quotation, rather than a scare quote or a title, when it stands where speech stands: at the start of a
  paragraph or sentence, after a colon or comma, or right after a speech verb, and not inside a reported
  that-clause.  Its cue is the nearest speech verb in the *frame* around it (the words of its sentence
  outside any quotation, found on tokens so that spaCy's sentence splits inside quotations do not
  matter); the speaker is that verb's subject, or the name next to the cue where the parse gave it none.
  A byline after a dash (``"..." ― Ana Ruiz``) and a lead-in ending in a colon name speakers too.
* **Indirect speech** starts from speech verbs with a clausal complement (``X said that ...``, ``X told
  reporters ...``, ``..., sources said``), a to-infinitive (``vowed to ...``) or, for verbs whose object is
  what was said, a direct object (``denied the report``), and from ``according to X``.  Content that
  embeds a short quotation (``gave "some hope" of``) is a mixed quotation and stays indirect.
* **Quotations without a cue** continue an attribution: the one before them in the same paragraph
  (``"...," he said. "..."``), the last one of the previous paragraph when they open a paragraph, or the
  person who is subject of the sentence before them.

Which verbs count and how is data (``data/cues.json``).  Speakers are chosen here as tokens;
:mod:`tidings.quotes.speaker` turns them into actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import or_
from typing import TYPE_CHECKING

from spacy.strings import StringStore, get_string_id
from spacy.symbols import AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Span

from tidings.nlp import doc_text, token_arrays
from tidings.quotes.lexicon import CueLexicon
from tidings.quotes.marks import MarkedSpan, find_marked_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PARAGRAPH_BREAK = re.compile(r"\n\s*")
NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
SENTENCE_END = frozenset({".", "!", "?"})
LEAD_PUNCT = frozenset(":,;—–-([")
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "relcl", "acl"})
SPEAKER_MODIFIERS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod"})
_SPEAKER_MODIFIER_IDS = frozenset(get_string_id(label) for label in SPEAKER_MODIFIERS)
_FLAT = get_string_id("flat")
MIN_DIRECT_WORDS = 3
"""A marked span with fewer words is a direct quotation only where a cue sits right beside it."""


@dataclass
class Attribution:
    """One attribution before its speaker is resolved.  Offsets are characters of ``doc.text``."""

    content_start: int
    content_end: int
    direct: bool
    cue: Span | None = None
    speaker: Token | None = None
    speaker_span: Span | None = None
    parent: Attribution | None = None
    rule: str = ""

    @property
    def anchor(self) -> int:
        """Where the attribution is read in the text: its speaker, else its content."""
        return self.speaker.idx if self.speaker is not None else self.content_start


class _Layout:
    """Character-level facts about the document the passes consult often: quotations and paragraphs."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc) if text is None else text
        self.marked = find_marked_spans(self.text)
        # token index -> index of the marked span containing it (marks included)
        self.quoted: dict[int, int] = {}
        for k, m in enumerate(self.marked):
            if _words(self.text[m.inner[0] : m.inner[1]]) < MIN_DIRECT_WORDS:
                continue  # a nickname or scare quote does not interrupt the sentence around it
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.quoted[i] = k

    def same_paragraph(self, a: int, b: int) -> bool:
        lo, hi = (a, b) if a <= b else (b, a)
        return "\n" not in self.text[lo:hi]


def crosses_break(doc: Doc, i: int, j: int) -> bool:
    """Is there a line break between tokens ``i`` and ``j`` (either order)?

    That is, in the text or trailing whitespace of tokens ``lo``..``hi - 1``: the characters from the
    first one's offset to the next token's, read off the document's cached text
    (:func:`tidings.nlp.doc_text`) instead of building a ``Token`` per token in between.
    """
    lo, hi = (i, j) if i <= j else (j, i)
    idx = token_arrays(doc).idx
    n = len(idx)
    hi = min(hi, n)
    if lo >= hi:
        return False
    text = doc_text(doc)
    return "\n" in text[idx[lo] : idx[hi] if hi < n else len(text)]


_WORD = re.compile(r"(?<!\S)\S*?[^\W_]")
r"""The start of a whitespace-separated word that holds a letter or digit (``[^\W_]`` is ``str.isalnum``):
one match per such word, since the look-behind cannot match again inside the word."""


def _words(text: str) -> int:
    """How many whitespace-separated words hold a letter or digit (bare punctuation is no word)."""
    return len(_WORD.findall(text))


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token holding character ``char`` (none in the whitespace after a token)."""
    i = token_arrays(doc).token_at(char)
    return doc[i] if i is not None else None


def _walk_left(layout: _Layout, i: int) -> list[Token]:
    """Unquoted tokens from ``i`` leftwards, nearest first, up to a sentence end or paragraph break."""
    doc = layout.doc
    out: list[Token] = []
    while i >= 0:
        t = doc[i]
        if i in layout.quoted or t.text in SENTENCE_END or t.is_space or "\n" in t.whitespace_:
            break
        out.append(t)
        i -= 1
    return out


def _frame(layout: _Layout, m: MarkedSpan) -> tuple[list[Token], list[Token]]:
    """The unquoted tokens of the quotation's sentence: (to its left, nearest first; to its right)."""
    doc = layout.doc
    first = _token_at(doc, m.start)
    last = _token_at(doc, m.end - 1)
    if first is None or last is None:
        return [], []
    left = _walk_left(layout, first.i - 1)
    right: list[Token] = []
    i = last.i + 1
    while i < len(doc):
        t = doc[i]
        if i in layout.quoted or t.is_space or t.text in SENTENCE_END:
            break
        right.append(t)
        if "\n" in t.whitespace_:
            break
        i += 1
    return left, right


def _colon_lead_in(layout: _Layout, m: MarkedSpan) -> list[Token]:
    """``He added:`` closing the paragraph before a quotation that opens its own paragraph."""
    before = layout.text[: m.start].rstrip()
    if not before.endswith(":"):
        return []
    colon = _token_at(layout.doc, len(before) - 1)
    return _walk_left(layout, colon.i) if colon is not None else []


def _is_cue(t: Token, lex: CueLexicon) -> bool:
    """A speech verb (by lemma), with its particle where the lexicon asks for one (``point out``)."""
    return _is_cue_at(t.doc, t.i, lex)


_VERB_POS = frozenset({VERB, AUX})
_NOMINAL_POS = frozenset({PROPN, NOUN, PRON})
_PARTICLE_DEPS = frozenset(get_string_id(label) for label in ("prt", "advmod"))
_STRING_MEMO_LIMIT = 200_000


def _string(doc: Doc, key: int, memo: dict[int, str]) -> str:
    """The string a hash stands for, memoised per process (hashes do not change between documents)."""
    found = memo.get(key)
    if found is None:
        if len(memo) > _STRING_MEMO_LIMIT:
            memo.clear()
        found = memo[key] = doc.vocab.strings[key]
    return found


_STRINGS: dict[int, str] = {}
_LOWER_LEMMAS: dict[int, str] = {}


def _lemma_lower(doc: Doc, key: int) -> str:
    """``token.lemma_.lower()`` from the lemma's hash, memoised."""
    found = _LOWER_LEMMAS.get(key)
    if found is None:
        if len(_LOWER_LEMMAS) > _STRING_MEMO_LIMIT:
            _LOWER_LEMMAS.clear()
        found = _LOWER_LEMMAS[key] = doc.vocab.strings[key].lower()
    return found


def _is_cue_at(doc: Doc, i: int, lex: CueLexicon) -> bool:
    """:func:`_is_cue` for token ``i``, read off the document's arrays."""
    a = token_arrays(doc)
    if a.pos[i] not in _VERB_POS and not _string(doc, a.tag[i], _STRINGS).startswith("VB"):
        return False
    lemma = _lemma_lower(doc, a.lemma[i])
    if lemma not in lex.speech_verbs:
        return False
    particle = lex.particles.get(lemma)
    # the small model often tags the particle as an adverb ("shot back"): accept either
    if particle is None:
        return True
    lower = a.lower
    return any(
        a.dep[c] in _PARTICLE_DEPS and _string(doc, lower[c], _STRINGS) == particle
        for c in (*a.lefts(i), *a.rights(i))
    )


def _according(t: Token, lex: CueLexicon) -> tuple[Span, Token] | None:
    """``according to X`` (or another source marker) starting at ``t``: (the cue span, X's head)."""
    doc = t.doc
    found = _according_at(doc, t.i, _marker_ids(lex))
    if found is None:
        return None
    end, source = found
    return doc[t.i : end], doc[source]


def _marker_ids(lex: CueLexicon) -> tuple[tuple[int, ...], ...]:
    """The source markers' words as the hashes ``token.lower`` holds (equal hashes, equal words)."""
    return _hashed(lex.according_to)


@lru_cache(maxsize=8)
def _hashed(phrases: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, ...], ...]:
    """The phrases' words as hashes, computed once per lexicon (a lexicon's phrases are a tuple)."""
    return tuple(tuple(get_string_id(w) for w in phrase) for phrase in phrases)


_OBJECT_DEPS = frozenset(get_string_id(label) for label in ("pobj", "dobj"))


def _according_at(doc: Doc, i: int, markers: tuple[tuple[int, ...], ...]) -> tuple[int, int] | None:
    """:func:`_according` for token ``i``, read off the document's arrays: (one past the marker's last
    token, X's head), without a ``Token`` for the many tokens that start no marker ("in")."""
    a = token_arrays(doc)
    lower = a.lower
    n = len(lower)
    for phrase in markers:
        if phrase[0] != lower[i]:
            continue  # the first word decides most of the time, without reading the words after it
        end = i + len(phrase)
        if end > n or tuple(lower[i:end]) != phrase:
            continue
        last = end - 1
        # ``last.children`` are its left children, then its right ones, in order
        objects = [c for c in (*a.lefts(last), *a.rights(last)) if a.dep[c] in _OBJECT_DEPS]
        if not objects and end < n and a.pos[end] in _NOMINAL_POS:
            objects = [end]
        if objects:
            return end, objects[0]
    return None


def speaker_of(cue: Token, lex: CueLexicon | None = None) -> Token | None:
    """The speaker token of a speech verb, never across a paragraph break (headings glued by the parser)."""
    found = _speaker_at(cue.doc, cue.i, lex)
    return cue.doc[found] if found is not None else None


def _speaker_at(doc: Doc, cue: int, lex: CueLexicon | None) -> int | None:
    """:func:`speaker_of` for token ``cue``, read off the document's arrays: the speaker's index."""
    found = _speaker_of(doc, cue, lex)
    if found is None or not crosses_break(doc, found, cue):
        return found
    # the parser took a subject from the heading above: use the nearest noun before the cue instead
    a = token_arrays(doc)
    text = doc_text(doc)
    for i in range(cue - 1, -1, -1):
        # "\n" in ``token.text`` or in ``token.whitespace_`` (one character after the token, if any)
        if "\n" in a.words[i] or (a.space[i] and text[a.end(i)] == "\n"):
            break
        if a.pos[i] in _NOMINAL_POS:
            return i
    return None


_SUBJECT_DEPS = frozenset(get_string_id(label) for label in ("nsubj", "nsubjpass"))
_AGENT = get_string_id("agent")
_POBJ = get_string_id("pobj")
_CLIMB_DEP_IDS = frozenset(get_string_id(label) for label in CLIMB_DEPS)
_INVERTED_DEPS = frozenset(get_string_id(label) for label in ("attr", "npadvmod", "appos"))
_OBJECT_SPEAKER_DEPS = _INVERTED_DEPS | frozenset(get_string_id(label) for label in ("dobj", "dative"))
_NAME_POS = frozenset({PROPN, NOUN})


def _speaker_of(doc: Doc, cue: int, lex: CueLexicon | None) -> int | None:
    a = token_arrays(doc)
    dep = a.dep
    t = cue
    for _ in range(3):
        children = (*a.lefts(t), *a.rights(t))  # ``token.children``: the left ones, then the right
        subjects = [c for c in children if dep[c] in _SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        agents = [c for c in children if dep[c] == _AGENT]
        objs = [o for g in agents for o in (*a.lefts(g), *a.rights(g)) if dep[o] == _POBJ]
        if objs:
            return objs[0]  # "..., was said by the minister"
        if dep[t] not in _CLIMB_DEP_IDS:
            break
        t = a.head[t]  # at the root (its own head) the next rounds read the same token again
    # inverted order misparsed ("..., said Ukrainian spokesman Georgiy Tykhy"): the noun after the verb,
    # unless the verb's object is its hearer ("told reporters")
    hearer = lex is not None and _lemma_lower(doc, a.lemma[cue]) in lex.addressee_verbs
    deps = _INVERTED_DEPS if hearer else _OBJECT_SPEAKER_DEPS
    for c in a.rights(cue):
        if dep[c] in deps and a.pos[c] in _NAME_POS:
            return c
    return None


def speaker_span(doc: Doc, head: Token, layout: _Layout | None = None) -> Span:
    """The speaker mention: its head with the modifiers to its left (``Kremlin spokesman Dmitry Peskov``)."""
    a = token_arrays(doc)
    h = head.i
    start = h
    for c in a.lefts(h):
        if a.dep[c] in _SPEAKER_MODIFIER_IDS and (layout is None or c not in layout.quoted):
            start = min(start, a.left_edge[c])
    text = doc_text(doc)
    idx = a.idx
    while start < h and (
        a.is_punct[start]
        or a.is_space[start]
        or (layout is not None and start in layout.quoted)
        or text.find("\n", idx[start], idx[h]) != -1  # crosses_break(doc, start, h), as start < h
    ):
        start += 1
    end = h + 1
    # flat names the parser split the other way round ("Georgiy Tykhy" with Georgiy as head)
    n = len(a.dep)
    while end < n and a.dep[end] == _FLAT and a.head[end] == h:
        end += 1
    return Span(doc, start, end)


def _lead_ok(layout: _Layout, m: MarkedSpan, left: list[Token], lex: CueLexicon) -> bool:
    """Does the quotation stand where speech stands (not inside a noun phrase or a clause)?"""
    before = layout.text[: m.start].rstrip(" \t\u00a0")
    if not before or before.endswith("\n"):
        return True
    if before[-1] in LEAD_PUNCT:
        return True
    if before[-1] in SENTENCE_END or before[-1] in '”"':
        return True
    if left:
        prev = left[0]
        if _is_cue(prev, lex):
            return True
        if prev.dep_ in ("dobj", "dative", "pobj") and _is_cue(prev.head, lex):
            return True  # told reporters "..."
    return False


def _inside_that_clause(left: list[Token], lex: CueLexicon) -> bool:
    """``said that, under Obama, "the generals ..."``: a quotation continuing a that-clause is mixed.

    Walking left from the quotation, a ``that`` met before any cue verb means the quotation is part of
    the reported clause, not speech standing on its own.
    """
    for t in left:
        if _is_cue(t, lex):
            return False
        if t.lower_ == "that":
            return True
    return False


def _quote_is_direct(
    layout: _Layout, m: MarkedSpan, left: list[Token], right: list[Token], lex: CueLexicon
) -> bool:
    inner_s, inner_e = m.inner
    words = _words(layout.text[inner_s:inner_e])
    if words == 0 or not _lead_ok(layout, m, left, lex) or _inside_that_clause(left, lex):
        return False
    if words >= MIN_DIRECT_WORDS:
        return True
    # short ones ("No," he said.) only with a cue right beside them
    near = [t for t in (*right[:3], *left[:2]) if _is_cue(t, lex)]
    return bool(near)


def _closest_cue(left: list[Token], right: list[Token], lex: CueLexicon) -> tuple[Span, Token | None] | None:
    """The nearest cue in the frame, with its speaker token."""
    candidates: list[tuple[int, Token]] = []
    for dist, t in enumerate(right):
        candidates.append((dist, t))
    for dist, t in enumerate(left):
        candidates.append((dist, t))
    candidates.sort(key=lambda x: x[0])
    for _, t in candidates:
        acc = _according(t, lex)
        if acc is not None:
            return acc
        if _is_cue(t, lex):
            return Span(t.doc, t.i, t.i + 1), speaker_of(t, lex)
    return None


def _name_head(t: Token, region: set[int]) -> Token:
    """Climb from a name token to the head of its name (``Daron`` -> ``Shaw``) within ``region``."""
    while t.dep_ in ("compound", "flat") and t.head.i in region:
        t = t.head
    return t


def _is_name(t: Token) -> bool:
    return t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.ent_type_ not in ("DATE", "TIME", "GPE"))


def _colon_speaker(left: list[Token]) -> Token | None:
    """``Trump on Twitter: "..."``; ``... doesn't surprise pollster Daron Shaw: "..."``.

    The person named nearest the colon speaks; failing a name, the subject of the lead-in does.
    """
    if not left or left[0].text != ":":
        return None
    region = {t.i for t in left}
    for t in left[1:]:
        if t.ent_type_ == "PERSON":
            return _name_head(t, region)
    subjects = [t for t in left if t.dep_ in ("nsubj", "nsubjpass") and (t.pos_ == "PROPN" or _personal(t))]
    if subjects:
        return subjects[0]
    for t in left[1:]:
        if _is_name(t):
            return _name_head(t, region)
    return None


def _personal(t: Token) -> bool:
    return t.lower_ in ("he", "she", "they", "we", "i")


def _frame_speaker(cue: Token, left: list[Token], right: list[Token]) -> Token | None:
    """The speaker near a cue the parse gave no subject (``", Texas delegate Bill Eastland, ..., said``).

    A name between the quotation and the cue comes first (nearest the quotation); then the words right
    after the cue (``said port director Lena Holm``).
    """
    doc = cue.doc
    region = {t.i for t in (*left, *right)}
    if cue in right:
        between = [t for t in right if t.i < cue.i]
        after = [t for t in right if t.i > cue.i]
    else:
        between = [t for t in left if t.i > cue.i][::-1]
        after = [doc[i] for i in range(cue.i - 1, -1, -1) if i in region]
    for t in between:
        if _is_name(t) or _personal(t):
            return _name_head(t, region)
    for t in between[::-1]:  # a description right before the cue ("the mayor's office said")
        if t.is_punct:
            break
        if t.pos_ in NOMINAL and t.dep_ != "pobj" and t.ent_type_ not in ("DATE", "TIME"):
            return t
    for t in after[:6]:
        if t.text in (",", ":") or t.is_quote:
            break
        if _is_name(t) or _personal(t):
            return _name_head(t, region)
        if t.pos_ == "NOUN" and t.dep_ != "pobj" and t.ent_type_ not in ("DATE", "TIME"):
            return t
    return None


_BYLINE = re.compile(r"[ \t\u00a0]*(?:[―—–]|--?)[ \t\u00a0]*(?=[A-Z])")


def _dash_byline(layout: _Layout, m: MarkedSpan) -> tuple[Span, Token] | None:
    """``"..." ― Sonya Herridge``: a name after a dash closing the quotation's line."""
    found = _BYLINE.match(layout.text, m.end)
    if found is None:
        return None
    doc = layout.doc
    dash = doc.char_span(m.end, found.end(), alignment_mode="expand")
    first = _token_at(doc, found.end())
    if dash is None or first is None:
        return None
    head = first
    for t in doc[first.i :]:
        if not t.text[:1].isupper() or "\n" in t.text or t.is_punct:
            break
        head = t
        if "\n" in t.whitespace_:
            break
    cue = [t for t in dash if t.text.strip("\u00a0 ―—–-") == "" or t.text[-1] in "―—–-"]
    return (doc[cue[0].i : cue[-1].i + 1] if cue else dash), head


def find_direct(layout: _Layout, lex: CueLexicon) -> list[Attribution]:
    """Direct quotations with their cue and speaker token, continuations linked to their parent."""
    doc = layout.doc
    found: list[Attribution] = []
    for m in layout.marked:
        left, right = _frame(layout, m)
        if not _quote_is_direct(layout, m, left, right, lex):
            continue
        opens_paragraph = not left
        if opens_paragraph:
            left = _colon_lead_in(layout, m)
        att = Attribution(m.start, m.end, direct=True, rule="direct")
        cue = _closest_cue(left, right, lex)
        if cue is not None and (cue[1] is None or cue[1].i in layout.quoted):
            fallback = _frame_speaker(cue[0][0], left, right)
            cue = (cue[0], fallback) if fallback is not None else cue
        if cue is not None and cue[1] is not None and cue[1].i not in layout.quoted:
            att.cue, att.speaker = cue
            att.rule = "direct.cue"
        elif (byline := _dash_byline(layout, m)) is not None:
            att.cue, att.speaker = byline
            att.rule = "direct.byline"
        elif (colon := _colon_speaker(left)) is not None:
            att.speaker = colon
            att.rule = "direct.colon"
        else:
            prev = found[-1] if found else None
            if prev is not None and layout.same_paragraph(prev.content_end, m.start):
                att.parent = prev
                att.rule = "direct.split"
            elif (
                prev is not None
                and opens_paragraph
                and _previous_paragraph(layout, prev.content_end, m.start)
            ):
                att.parent = prev
                att.rule = "direct.floating"
            elif cue is not None:
                att.cue = cue[0]
                att.rule = "direct.cue_no_speaker"
        if att.speaker is not None:
            att.speaker_span = speaker_span(doc, att.speaker, layout)
        found.append(att)
    return found


def _previous_paragraph(layout: _Layout, a: int, b: int) -> bool:
    """Is offset ``a`` in the paragraph just before the one that starts at ``b``?"""
    return len(_PARAGRAPH_BREAK.findall(layout.text[a:b])) == 1


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range without the punctuation at its edges (but keeping quotation marks that close it)."""
    a = token_arrays(doc)
    is_punct, words = a.is_punct, a.words
    while start < end and (is_punct[start] and words[start] not in ('"', "“")):
        start += 1
    while end > start and is_punct[end - 1] and words[end - 1] not in ('"', "”"):
        end -= 1
    return (start, end) if end > start else None


def _content_without(doc: Doc, clause: int, cut: int) -> tuple[int, int] | None:
    """The tokens of clause ``clause`` minus the subtree of token ``cut``, as the larger contiguous side."""
    a = token_arrays(doc)
    lo, hi = a.left_edge[clause], a.right_edge[clause] + 1
    c_lo, c_hi = a.left_edge[cut], a.right_edge[cut] + 1
    before = _trim(doc, lo, c_lo) if c_lo > lo else None
    after = _trim(doc, c_hi, hi) if hi > c_hi else None
    sides = [s for s in (before, after) if s is not None]
    if not sides:
        return None
    return max(sides, key=lambda s: s[1] - s[0])


def _fragment(doc: Doc, t: int, lex: CueLexicon) -> bool:
    """A verb joined to the cue that is really part of its complement: no subject and no cue of its own."""
    a = token_arrays(doc)
    return (
        a.dep[t] == _CONJ
        and a.pos[t] in _VERB_POS
        and not _is_cue_at(doc, t, lex)
        and not any(a.dep[c] in _SUBJECT_DEPS for c in (*a.lefts(t), *a.rights(t)))
    )


_EMPTY = frozenset({"nothing", "anything", "something", "it", "this", "that", "so", "much", "little"})
_CCOMP = get_string_id("ccomp")
_XCOMP = get_string_id("xcomp")
_DOBJ = get_string_id("dobj")
_CONJ = get_string_id("conj")
_PARATAXIS = get_string_id("parataxis")
_AUX_DEP = get_string_id("aux")
_TO = get_string_id("to")


def _infinitive(doc: Doc, t: int) -> bool:
    """Has token ``t`` a "to" among its auxiliaries?"""
    a = token_arrays(doc)
    return any(a.dep[c] == _AUX_DEP and a.lower[c] == _TO for c in (*a.lefts(t), *a.rights(t)))


class _SpeechVerdicts(dict[int, bool]):
    """Lemma hash -> is the lower-cased lemma a speech verb.  Hashes are stable across documents, so
    each distinct lemma is judged once per process: a hash not seen yet is judged on its first lookup
    (``__missing__``, reading the string from :attr:`strings`), so a document's lemmas can be looked
    up at C speed (``map``) without a pass beforehand to fill the table."""

    def __init__(self, lex: CueLexicon, strings: StringStore) -> None:
        super().__init__()
        self.lex = lex
        self.strings = strings
        """The string store of the document being read (set before each document's lookups)."""

    def __missing__(self, key: int) -> bool:
        found = self[key] = self.strings[key].lower() in self.lex.speech_verbs
        return found


_SPEECH_LEMMAS: dict[int, _SpeechVerdicts] = {}
"""Per lexicon (by identity) its verdicts."""


def _speech_lemma_verdicts(lex: CueLexicon, strings: StringStore) -> _SpeechVerdicts:
    held = _SPEECH_LEMMAS.get(id(lex))
    if held is None or held.lex is not lex or len(held) > 200_000:
        held = _SPEECH_LEMMAS[id(lex)] = _SpeechVerdicts(lex, strings)
    held.strings = strings
    return held


def _cue_candidates(doc: Doc, lex: CueLexicon, according_starts: frozenset[str]) -> list[int]:
    """Indices of the tokens that may start an attribution: a speech-verb lemma or the first word of a
    source marker ("according").

    Every other token fails both tests of :func:`find_indirect`, so reading the lemmas and lower-case
    forms off the document's arrays (each distinct lemma judged once per process) spares a ``Token`` and
    its string properties per token of the document.
    """
    a = token_arrays(doc)
    speech = _speech_lemma_verdicts(lex, doc.vocab.strings)
    starts = {get_string_id(w) for w in according_starts}
    # ``[i for i in range(n) if speech[lemma[i]] or lower[i] in starts]``, with the per-token tests run by
    # ``map`` at C speed: ``compress`` keeps the positions (``count()``) whose flag is true
    flags = map(or_, map(speech.__getitem__, a.lemma), map(starts.__contains__, a.lower))
    return list(compress(count(), flags))


def _said_objects(doc: Doc, rights: list[int]) -> list[int]:
    """The nominal direct objects among a verb's right children, but not the empty ones ("said nothing")."""
    a = token_arrays(doc)
    return [
        c
        for c in rights
        if a.dep[c] == _DOBJ and a.pos[c] in _NOMINAL_POS and _string(doc, a.lower[c], _STRINGS) not in _EMPTY
    ]


def find_indirect(layout: _Layout, lex: CueLexicon, direct: list[Attribution]) -> list[Attribution]:
    """Indirect speech: speech verbs with a clausal complement, and ``according to X``."""
    doc = layout.doc
    used_cues = {t.i for a in direct if a.cue is not None for t in a.cue}
    direct_spans = [(a.content_start, a.content_end) for a in direct]

    def overlaps_direct(s: int, e: int) -> bool:
        return any(s < de and ds < e for ds, de in direct_spans)

    according_starts = frozenset(p[0] for p in lex.according_to)
    markers = _marker_ids(lex)
    found: list[Attribution] = []
    a = token_arrays(doc)
    # Tokens are read off the arrays and a ``Token`` or ``Span`` is made only for what is kept: most
    # candidates ("in", which may open "in the words of") are rejected without one.
    for i in _cue_candidates(doc, lex, according_starts):
        if i in used_cues or i in layout.quoted:
            continue
        acc = _according_at(doc, i, markers)
        if acc is not None:
            end, source = acc
            # the marker's head minus the marker (at the root, the marker is all its clause: nothing)
            rng = _content_without(doc, a.head[i], i)
            if rng is None:
                continue
            s, e = a.idx[rng[0]], a.end(rng[1] - 1)
            if overlaps_direct(s, e):
                continue
            speaker = doc[source]
            found.append(
                Attribution(
                    s,
                    e,
                    False,
                    cue=doc[i:end],
                    speaker=speaker,
                    speaker_span=speaker_span(doc, speaker, layout),
                    rule="indirect.according",
                )
            )
            continue
        if not _is_cue_at(doc, i, lex):
            continue
        lemma = _lemma_lower(doc, a.lemma[i])
        rights = a.rights(i)
        # each reading's children are gathered only when the readings before it have failed, and after
        # the lexicon's cheaper test of the verb
        comps = []
        if lex.is_indirect_cue(lemma):
            comps = [c for c in (*a.lefts(i), *rights) if a.dep[c] == _CCOMP]
        if comps:
            comp = comps[0]
            end = a.right_edge[comp] + 1
            if comp > i:
                # the parser sometimes splits one complement into several pieces ("re-captured"): take
                # the complement clauses and subject-less verb fragments that follow it
                for c in rights:
                    if c > comp and (a.dep[c] == _CCOMP or _fragment(doc, c, lex)):
                        end = max(end, a.right_edge[c] + 1)
            rng = _trim(doc, a.left_edge[comp], end)
            rule = "indirect.ccomp"
        elif a.dep[i] == _PARATAXIS and lex.is_indirect_cue(lemma):
            rng = _content_without(doc, a.head[i], i)  # nothing at the root, as for a marker
            rule = "indirect.parataxis"
        elif lemma in lex.infinitive_verbs and (
            infinitives := [c for c in rights if a.dep[c] == _XCOMP and _infinitive(doc, c)]
        ):
            # "vowed to punish leakers"; "urged voters to stay home" (the hearer is no content)
            start = a.left_edge[infinitives[0]]
            objects = _said_objects(doc, rights)
            if objects and lemma not in lex.addressee_verbs:
                start = min(start, a.left_edge[objects[0]])
            rng = _trim(doc, start, a.right_edge[infinitives[0]] + 1)
            rule = "indirect.infinitive"
        elif (
            lemma in lex.object_verbs
            and lemma not in lex.addressee_verbs
            and (objects := _said_objects(doc, rights))
        ):
            rng = _trim(doc, a.left_edge[objects[0]], a.right_edge[objects[0]] + 1)
            rule = "indirect.object"
        else:
            continue
        if rng is None:
            continue
        who = _speaker_at(doc, i, lex)
        if who is None or rng[0] <= who < rng[1]:
            continue
        s, e = a.idx[rng[0]], a.end(rng[1] - 1)
        if overlaps_direct(s, e) or _words(layout.text[s:e]) < 2:
            continue
        speaker = doc[who]
        found.append(
            Attribution(
                s,
                e,
                False,
                cue=Span(doc, i, i + 1),
                speaker=speaker,
                speaker_span=speaker_span(doc, speaker, layout),
                rule=rule,
            )
        )
    return found


def _adopt_orphans(layout: _Layout, direct: list[Attribution], indirect: list[Attribution]) -> None:
    """Give quotations without a cue of their own the speaker the text implies.

    A quotation right after ``..., Schiff said.`` in the same paragraph continues that attribution; one
    that opens a paragraph continues the last attribution of the paragraph before; failing both, the
    subject of the sentence just before it in its paragraph speaks (``His partner called him a master.
    "He showed ..."``).
    """
    doc = layout.doc
    for att in direct:
        if att.speaker is not None or att.parent is not None:
            continue
        earlier = [
            a
            for a in (*direct, *indirect)
            if a is not att
            and a.content_end <= att.content_start
            and (a.speaker is not None or a.parent is not None)
        ]
        same = [a for a in earlier if layout.same_paragraph(a.content_end, att.content_start)]
        before = layout.text[: att.content_start].rstrip(" \t\u00a0")
        opens_paragraph = not before or before.endswith("\n")
        if same:
            att.parent = max(same, key=lambda a: a.content_end)
            att.rule = "direct.after_attribution"
            continue
        if opens_paragraph:
            prev = [a for a in earlier if _previous_paragraph(layout, a.content_end, att.content_start)]
            if prev:
                att.parent = max(prev, key=lambda a: a.content_end)
                att.rule = "direct.floating"
            elif _whole_paragraph(layout, att) and (subject := _subject_before(layout, att)) is not None:
                # "Valastro praised the governor.\n\n"We need someone who ..."": a quotation standing as
                # its own paragraph is the words of the person the paragraph before was about
                att.speaker, att.rule = subject, "direct.previous_paragraph_subject"
                att.speaker_span = speaker_span(doc, subject, layout)
            continue
        subject = _subject_before(layout, att)
        if subject is not None and not crosses_break(doc, subject.i, _token_at(doc, att.content_start).i):
            att.speaker, att.rule = subject, "direct.previous_subject"
            att.speaker_span = speaker_span(doc, subject, layout)


def _whole_paragraph(layout: _Layout, att: Attribution) -> bool:
    rest = layout.text[att.content_end :].split("\n", 1)[0]
    return not any(c.isalnum() for c in rest)


def _subject_before(layout: _Layout, att: Attribution) -> Token | None:
    """The named or pronominal subject of the sentence just before a quotation."""
    doc = layout.doc
    first = _token_at(doc, att.content_start)
    if first is None:
        return None
    i = first.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0:
        return None
    sent = doc[i].sent
    subjects = [t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass") and t.i < first.i]
    if subjects and (_is_name(subjects[0]) or _personal(subjects[0])):
        return subjects[0]
    return None


def find_attributions(doc: Doc, lex: CueLexicon, text: str | None = None) -> list[Attribution]:
    """Direct and indirect attributions in text order.  ``text`` is ``doc.text`` if the caller has it."""
    layout = _Layout(doc, text)
    direct = find_direct(layout, lex)
    indirect = find_indirect(layout, lex, direct)
    _adopt_orphans(layout, direct, indirect)
    return sorted(direct + indirect, key=lambda a: (a.content_start, a.content_end))
