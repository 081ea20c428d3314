"""Where a time expression can start: its first two words, read off the scanner's regex.

The scanner (:func:`tidings.time.grammar.grammar`) is one large case-insensitive alternation; run with
``finditer`` it tries every rule at every word of the text, although most words ("the company said")
start no time expression, and a failed attempt at "the" costs tens of microseconds.  This module walks
the compiled pattern's syntax tree (``re._parser``) and lists the first word, or the first two words, a
match can begin with ("friday"; "the past", "the 1990s"), so that the extractor runs the regex only where
the text begins that way.  The lists are derived from the pattern itself, so they follow every edit of
the lexicon or the rules, and they over-approximate (lookarounds are ignored, anything that cannot be
enumerated becomes a wildcard): filtering with them never loses a match, and the extractor's output is
exactly ``finditer``'s.

Keys are lower-case ASCII words separated by one space; ``#`` stands for a second word that starts with
anything but a letter ("the 1990s" is ``"the #"``).
"""

from __future__ import annotations

import re
import re._constants as C  # the regex compiler's own opcode names
import re._parser as P
from dataclasses import dataclass
from functools import cached_property
from typing import Any

_MAX_CLASS_LETTERS = 6
"""A character class with more letters than this ("[a-z]") makes the word a wildcard rather than a list."""
_MAX_REPEATS = 4
"""Repetitions of a group to follow before treating what it adds as a wildcard."""

_OPEN, _DONE, _WILD = 0, 1, 2
_State = tuple[str, int]

_NEXT = re.compile(r"\s+(?:([^\W\d_]+)|(.))?", re.DOTALL)
"""The second word after a first one: whitespace, then a word (group 1) or another character (group 2)."""


@dataclass(frozen=True)
class FirstWords:
    """The beginnings a match can have.

    ``singles``: first words after which anything may follow ("friday"); ``pairs``: first two words
    ("the past", "the #"); ``glued``: a first word and the non-letter right after it ("q|#" of "q1",
    "mid|-"); ``wild``: prefixes of the key that anything may continue; ``other``: the non-letter
    characters a match can start with ("0" standing for any decimal digit, " " for any space), ``None``
    if any can.
    """

    singles: frozenset[str]
    pairs: frozenset[str]
    wild: frozenset[str]
    other: frozenset[str] | None
    glued: frozenset[str] = frozenset()

    @cached_property
    def _wild_lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(w) for w in self.wild}))

    @cached_property
    def _heads(self) -> frozenset[str]:
        """First words that need a look at the second one."""
        keys = [k.split(" ", 1)[0] for k in self.pairs] + [k.split("|", 1)[0] for k in self.glued]
        return frozenset(keys + [w.split(" ", 1)[0] for w in self.wild if " " in w])

    def _wild_hit(self, key: str) -> bool:
        return any(key[:n] in self.wild for n in self._wild_lengths if n <= len(key))

    @cached_property
    def decision(self) -> dict[str, int]:
        """First word -> 1 (a match can start here) or 2 (it depends on the second word); absent: no,
        unless the word is not ASCII or a wildcard takes it (:meth:`allows_word` decides those)."""
        out = dict.fromkeys(self._heads, 2)
        out.update(dict.fromkeys(self.singles, 1))
        return out

    def allows_word(self, text: str, start: int, word: str) -> bool:
        """Whether a match can start at ``text[start:]``, which begins with the letters ``word``."""
        low = word.lower()
        verdict = self.decision.get(low)
        if verdict == 1:
            return True
        if verdict is None:
            # case folding outside ASCII is the regex engine's business: let it try
            return not low.isascii() or (bool(self.wild) and self._wild_hit(low))
        return self.allows_second(text, start + len(word), low)

    def allows_second(self, text: str, end: int, low: str) -> bool:
        """Whether a match can start with the first word ``low`` (ending at ``end``) and what follows."""
        if self.wild and self._wild_hit(low):
            return True
        if end < len(text) and not text[end].isspace():  # "q1", "mid-1990s": glued to what follows
            return f"{low}|{'#' if text[end].isdecimal() else text[end]}" in self.glued
        nxt = _NEXT.match(text, end)
        if nxt is None:
            return False  # the second word must follow a space
        second = nxt.group(1)
        if second is not None and not second.isascii():
            return True
        key = f"{low} {second.lower() if second is not None else '#'}"
        return key in self.pairs or (bool(self.wild) and self._wild_hit(key))

    def allows_char(self, char: str) -> bool:
        """Whether a match can start at the non-letter ``char``."""
        if self.other is None:
            return True
        return (
            char in self.other
            or ("0" in self.other and char.isdecimal())
            or (" " in self.other and char.isspace())
        )


def first_words(pattern: str, flags: int = re.IGNORECASE) -> FirstWords:
    """The :class:`FirstWords` of ``pattern`` (parsed as ``re.compile(pattern, flags)`` parses it)."""
    analysis = _Analysis()
    states = analysis.sequence(list(P.parse(pattern, flags)), {("", _OPEN)})
    singles: set[str] = set()
    pairs: set[str] = set()
    glued: set[str] = set()
    wild: set[str] = set()
    for key, kind in states:
        if kind == _DONE:
            if key:  # "": a match that starts with a non-letter, recorded in analysis.other
                (glued if "|" in key else pairs if " " in key else singles).add(key)
        else:  # the pattern may end here: whatever follows, the match began like this
            wild.add(key)
    if "" in wild:
        return FirstWords(frozenset(), frozenset(), frozenset({""}), None)
    return FirstWords(frozenset(singles), frozenset(pairs), frozenset(wild), analysis.other, frozenset(glued))


def first_chars(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """The lower-case first characters a match of ``pattern`` can have ("0" for any digit, " " for any
    space); ``None`` if it can start with anything.  A cheap look-up before a full match is tried."""
    analysis = _Analysis(max_letters=1)
    states = analysis.sequence(list(P.parse(pattern, flags)), {("", _OPEN)})
    if analysis.other is None or any(key == "" and kind != _DONE for key, kind in states):
        return None
    return frozenset(key[0] for key, _ in states if key) | analysis.other


def starts_like(chars: frozenset[str] | None, text: str) -> bool:
    """Whether ``text`` begins with one of :func:`first_chars`' characters (empty text never does)."""
    if chars is None:
        return True
    if not text:
        return False
    c = text[0].lower()
    if not c.isascii():
        return True  # case folding outside ASCII is the regex engine's business
    return c in chars or ("0" in chars and c.isdecimal()) or (" " in chars and c.isspace())


def _stage(key: str) -> int:
    """0: nothing read; 1: inside the first word; 2: after the space; 3: inside the second word."""
    if not key:
        return 0
    if " " not in key:
        return 1
    return 2 if key.endswith(" ") else 3


class _Analysis:
    """Walks a parsed pattern, carrying the set of beginnings (keys) read so far."""

    def __init__(self, max_letters: int | None = None) -> None:
        self.other: frozenset[str] | None = frozenset()
        self.max_letters = max_letters
        """Stop reading after this many letters (the rest becomes a wildcard): first letters only."""

    def _other(self, chars: set[str] | None) -> None:
        if chars is None or self.other is None:
            self.other = None
        else:
            self.other = self.other | chars

    def sequence(self, items: list[tuple[Any, Any]], states: set[_State]) -> set[_State]:
        for op, av in items:
            live = {s for s in states if s[1] == _OPEN}
            if not live:
                return states
            states = (states - live) | self.item(op, av, live)
        return states

    def item(self, op: Any, av: Any, live: set[_State]) -> set[_State]:
        if op == C.ASSERT_NOT and av[0] == 1 and _excludes_letters(list(av[1])):
            # "(?![\w])": the word being read ends here
            return {(k, _DONE) if _stage(k) in (1, 3) else (k, _OPEN) for k, _ in live}
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return live  # zero-width: ignoring it only lets more through
        if op == C.LITERAL:
            return self.chars(live, {chr(av)})
        if op == C.IN:
            return self.char_class(av, live)
        if op == C.SUBPATTERN:
            return self.sequence(list(av[-1]), live)
        if op == C.ATOMIC_GROUP:
            return self.sequence(list(av), live)
        if op == C.BRANCH:
            out: set[_State] = set()
            for alternative in av[1]:
                out |= self.sequence(list(alternative), set(live))
            return out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return self.repeat(av, live)
        return self.anything(live)  # ANY, NOT_LITERAL, group references, conditionals

    def repeat(self, av: Any, live: set[_State]) -> set[_State]:
        low, high, sub = av
        out: set[_State] = set(live) if low == 0 else set()
        seen = set(live)
        current = set(live)
        for count in range(1, _MAX_REPEATS + 1):
            if count > high:
                return out
            after = self.sequence(list(sub), set(current))
            opened = {s for s in after if s[1] == _OPEN}
            out |= after - opened
            new = opened - seen
            if count >= low or not new:
                out |= opened
            if not new:
                return out
            seen |= new
            current = new
        return out | {(k, _WILD) for k, _ in current}  # still growing: letters repeat

    def anything(self, live: set[_State]) -> set[_State]:
        if any(k == "" for k, _ in live):
            self._other(None)
        return {(k, _WILD) for k, _ in live}

    def char_class(self, members: list[tuple[Any, Any]], live: set[_State]) -> set[_State]:
        chars: set[str] = set()
        for op, av in members:
            if op == C.LITERAL:
                chars.add(chr(av))
            elif op == C.RANGE and av[1] - av[0] <= 64:
                chars.update(chr(c) for c in range(av[0], av[1] + 1))
            elif op == C.CATEGORY and av == C.CATEGORY_DIGIT:
                chars.add("0")
            elif op == C.CATEGORY and av == C.CATEGORY_SPACE:
                chars.add(" ")
            else:  # negated classes, \w, wide ranges
                return self.anything(live)
        return self.chars(live, chars)

    def chars(self, live: set[_State], chars: set[str]) -> set[_State]:
        """Read one of ``chars``: letters extend a word, a space separates words, anything else ends."""
        letters = {c.lower() for c in chars if c.isascii() and c.isalpha()}
        space = any(c.isspace() for c in chars)
        others = {c for c in chars if not c.isspace() and not (c.isascii() and c.isalpha())}
        out: set[_State] = set()
        for key, _ in live:
            stage = _stage(key)
            if letters:
                if len(letters) > _MAX_CLASS_LETTERS:
                    out.add((key, _WILD))
                elif self.max_letters is not None and len(key) + 1 >= self.max_letters:
                    out.update((key + c, _WILD) for c in letters)
                else:
                    out.update((key + c, _OPEN) for c in letters)
            if space:
                if stage == 0:
                    self._other({" "})
                    out.add((key, _DONE))
                elif stage == 1:
                    out.add((key + " ", _OPEN))
                elif stage == 2:
                    out.add((key, _OPEN))
                else:
                    out.add((key, _DONE))
            if others:
                if stage == 0:
                    self._other(others)
                    out.add((key, _DONE))
                elif stage == 1:  # the word ends glued to a mark: "q1", "mid-", "a.m."
                    out.update((f"{key}|{'#' if c == '0' or c.isdigit() else c}", _DONE) for c in others)
                else:
                    out.add((key + "#" if stage == 2 else key, _DONE))
        return out


def _excludes_letters(items: list[tuple[Any, Any]]) -> bool:
    """Whether a lookahead's body is one character class holding every letter (``\\w``, ``[a-z]``)."""
    if len(items) != 1 or items[0][0] != C.IN:
        return False
    for op, av in items[0][1]:
        if op == C.CATEGORY and av == C.CATEGORY_WORD:
            return True
        if op == C.RANGE and av[0] <= ord("a") and av[1] >= ord("z"):
            return True
    return False
