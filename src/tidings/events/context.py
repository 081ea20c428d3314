"""Context codes (the manual's "Context codes that can be used with any category") and cue-driven modes.

An event's contexts are its lexicon entry's defaults plus the contexts whose cue words occur in the
trigger's clause (so "talks on trade" adds ``economic`` and an annexed region adds ``territory``);
``military`` also follows from a state military actor, as the manual restricts that context to official
state military bodies.  Modes left open by the entry ("attacked", "killed") are read the same way from
weapon words (ASSAULT modes) and from the content of a demand or refusal (REQUEST/REJECT modes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token

from tidings.events.lexicon import Cues
from tidings.events.tree import doc_memo
from tidings.nlp import sentences, token_arrays
from tidings.records import Actor

CLAUSE_BOUNDARIES: frozenset[str] = frozenset({"conj", "advcl", "relcl", "parataxis", "ROOT", "ccomp"})
_CLAUSE_BOUNDARY_IDS: frozenset[int] = frozenset(get_string_id(d) for d in CLAUSE_BOUNDARIES)
"""The same labels as ``Token.dep`` holds them (what :class:`~tidings.nlp.TokenArrays` reads)."""


def clause_tokens(token: Token) -> list[Token]:
    """The tokens of the clause a trigger sits in (its nearest clause head's subtree).

    Computed once per token of the document being coded; the list is shared, callers only read it."""
    doc = token.doc
    memo = doc_memo(doc)
    key = ("clause", token.i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = [doc[x] for x in clause_indices(doc, token.i)]
    return found  # type: ignore[no-any-return]


def clause_indices(doc: Doc, i: int) -> list[int]:
    """``[t.i for t in clause_tokens(doc[i])]``, read on the document's arrays (no ``Token`` built) and
    computed once per token of the document being coded; the list is shared, callers only read it."""
    memo = doc_memo(doc)
    key = ("clause-indices", i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _clause_indices(doc, i)
    return found  # type: ignore[no-any-return]


def _clause_indices(doc: Doc, i: int) -> list[int]:
    arrays = token_arrays(doc)
    head, dep = arrays.head, arrays.dep
    t = i
    for _ in range(6):
        h = head[t]
        if dep[t] in _CLAUSE_BOUNDARY_IDS or h == t:
            break
        t = h
    bounds = sentences(doc)
    lo, hi = bounds.start_of(i), bounds.end_of(i)
    return [x for x in arrays.subtree_in_order(t) if lo <= x < hi]


@lru_cache(maxsize=256)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation per context: a cue phrase (or its plural) as whole words.

    A single search per context and text replaces one search per phrase (the cue lists run to hundreds
    of phrases and every event reads them); alternation backtracks, so any phrase that matches is found.
    """
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")s?(?![\w-])")


_RUN = re.compile(r"(?<![\w-])\w+")
"""A maximal word run that a cue phrase may start at (the phrases match after no word char or hyphen)."""


@lru_cache(maxsize=256)
def _openers(phrases: tuple[str, ...]) -> frozenset[str] | None:
    """The word runs a match of one of ``phrases`` must start with in the searched text; ``None`` when a
    phrase opens with a non-word character (then the text is always searched).

    A match starts where the text's word run starts (the pattern's look-behind), so a phrase's first
    word is that whole run when more of the phrase follows it, and the run is the phrase or the phrase
    plus "s" when the phrase is one word.  A text none of whose runs is an opener cannot match, and the
    regular expression need not run: one ``findall`` per text replaces a search per context.
    """
    out: set[str] = set()
    for p in phrases:
        m = re.match(r"\w+", p)
        if m is None:
            return None
        out.add(m.group())
        if m.end() == len(p):
            out.add(p + "s")
    return frozenset(out)


@dataclass(frozen=True)
class _OpenerIndex:
    """Contexts by the word runs their cue phrases open with (see :func:`_openers`); ``always``: the
    contexts with a phrase that opens with a non-word character, searched whatever the text."""

    by_opener: dict[str, tuple[str, ...]]
    always: frozenset[str]
    by_word: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per token text: the contexts its word runs open, filled as words come (see :meth:`of_word`)."""
    by_hash: dict[tuple[bool, int], frozenset[str]] = field(default_factory=dict)
    """The same per (lemma?, string hash) of a token's ``lower`` or ``lemma`` (see :meth:`of_hashes`)."""

    def of_hashes(self, lower: int, lemma: int, strings: StringStore) -> frozenset[str]:
        """The contexts a token's lowercase text or lowercased lemma may open, looked up by the
        token's ``lower`` and ``lemma`` string hashes (reading a token's strings costs more than its
        hashes); ``strings`` is the document's string store, read for a hash not seen before."""
        by_hash = self.by_hash
        a = by_hash.get((False, lower))
        if a is None:
            a = self.of_word(strings[lower])
            if len(by_hash) < 200_000:
                by_hash[(False, lower)] = a
        b = by_hash.get((True, lemma))
        if b is None:
            b = self.of_word(strings[lemma].lower())
            if len(by_hash) < 200_000:
                by_hash[(True, lemma)] = b
        return a | b if b else a

    def of_word(self, word: str) -> frozenset[str]:
        """The contexts the word runs of one token's text (or lemma) open.

        Tokens are joined by spaces and a space is no word character, so a run never spans two tokens
        and the runs of a clause's text are those of its tokens: the look-ups are kept per word.
        """
        found = self.by_word.get(word)
        if found is None:
            found = frozenset(c for run in _RUN.findall(word) for c in self.by_opener.get(run, ()))
            if len(self.by_word) < 100_000:
                self.by_word[word] = found
        return found


_INDEXES: dict[int, tuple[Cues, _OpenerIndex]] = {}


def _opener_index(cues: Cues) -> _OpenerIndex:
    """The opener index of a cue table, built once per table: the contexts a text may match are those
    of its word runs, one dictionary look-up per run instead of a set test per context."""
    held = _INDEXES.get(id(cues))
    if held is not None and held[0] is cues:
        return held[1]
    by_opener: dict[str, list[str]] = {}
    always: set[str] = set()
    for context, phrases in cues.context_cues.items():
        openers = _openers(phrases)
        if openers is None:
            always.add(context)
            continue
        for word in openers:
            by_opener.setdefault(word, []).append(context)
    index = _OpenerIndex({k: tuple(v) for k, v in by_opener.items()}, frozenset(always))
    _INDEXES[id(cues)] = (cues, index)
    return index


def contexts_for(
    defaults: Iterable[str], tokens: list[Token], actors: Iterable[Actor], cues: Cues
) -> list[str]:
    """Default contexts of the entry, then cue contexts from the clause, then actor-derived ones."""
    out: list[str] = list(dict.fromkeys(defaults))
    if tokens:
        # keyed by the list itself: a clause is one shared list (:func:`clause_tokens`), and the memo
        # holds the list it was keyed on, so its ``id`` cannot be reused while the entry lives
        memo = doc_memo(tokens[0].doc)
        key = ("contexts", id(cues), id(tokens))
        held = memo.get(key)
        if held is None or held[0] is not tokens:
            held = memo[key] = (tokens, _cue_contexts(tokens, cues))
        out.extend(c for c in held[1] if c not in out)
    return _with_actor_contexts(out, actors)


def clause_contexts(
    defaults: Iterable[str], doc: Doc, i: int, actors: Iterable[Actor], cues: Cues
) -> list[str]:
    """``contexts_for(defaults, clause_tokens(doc[i]), actors, cues)``, read on the document's arrays
    (:func:`clause_indices`): the same clause, the same words and lemmas, no ``Token`` built."""
    out: list[str] = list(dict.fromkeys(defaults))
    clause = clause_indices(doc, i)
    if clause:
        memo = doc_memo(doc)
        key = ("clause-contexts", id(cues), i)
        held = memo.get(key)
        if held is None or held[0] is not cues:  # the memo holds the cues: their id stays their own
            held = memo[key] = (cues, _cue_contexts_at(doc, clause, cues))
        out.extend(c for c in held[1] if c not in out)
    return _with_actor_contexts(out, actors)


def _with_actor_contexts(out: list[str], actors: Iterable[Actor]) -> list[str]:
    if "military" not in out and any(a.sector == "MIL" for a in actors):
        out.append("military")
    return out


def _cue_contexts(tokens: list[Token], cues: Cues) -> list[str]:
    """The contexts (in table order) one of whose cue phrases occurs in the tokens' words or lemmas.

    No token, no word for a phrase to match: nothing is found."""
    if not tokens:
        return []
    return _cue_contexts_at(tokens[0].doc, [t.i for t in tokens], cues)


def _cue_contexts_at(doc: Doc, indices: list[int], cues: Cues) -> list[str]:
    """:func:`_cue_contexts` of the document's tokens at ``indices``, read on the document's arrays:
    ``token.lower``/``token.lemma`` are the arrays' ``lower``/``lemma`` hashes, and ``token.lower_``/
    ``token.lemma_`` the strings they stand for."""
    out: list[str] = []
    index = _opener_index(cues)
    arrays = token_arrays(doc)
    lower, lemma = arrays.lower, arrays.lemma
    strings = doc.vocab.strings
    by_hash, of_hashes = index.by_hash, index.of_hashes
    possible = set(index.always)
    for x in indices:
        # ``possible |= of_hashes(...)`` with its two table look-ups inlined: most words are seen before
        a, b = by_hash.get((False, lower[x])), by_hash.get((True, lemma[x]))
        if a is None or b is None:
            possible |= of_hashes(lower[x], lemma[x], strings)
        else:
            possible |= a
            possible |= b
    if not possible:
        return out
    text = " ".join([strings[lower[x]] for x in indices])
    lemmas: str | None = None  # joined only when a search of the words finds nothing
    for context, phrases in cues.context_cues.items():
        if context not in possible:
            continue
        pattern = _pattern(phrases)
        if pattern.search(text):
            out.append(context)
            continue
        if lemmas is None:
            lemmas = " ".join([strings[lemma[x]].lower() for x in indices])
        if pattern.search(lemmas):
            out.append(context)
    return out


def cue_mode(table: dict[str, frozenset[str]], tokens: Iterable[Token]) -> str | None:
    """The first mode (in table order) one of whose cue lemmas occurs among ``tokens``."""
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    for mode, words in table.items():
        if lemmas & words:
            return mode
    return None
