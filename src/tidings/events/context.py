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
from functools import lru_cache

from spacy.tokens import Token

from tidings.events.lexicon import Cues
from tidings.records import Actor

CLAUSE_BOUNDARIES: frozenset[str] = frozenset({"conj", "advcl", "relcl", "parataxis", "ROOT", "ccomp"})


def clause_tokens(token: Token) -> list[Token]:
    """The tokens of the clause a trigger sits in (its nearest clause head's subtree)."""
    t = token
    for _ in range(6):
        if t.dep_ in CLAUSE_BOUNDARIES or t.head is t:
            break
        t = t.head
    sent = token.sent
    return [x for x in t.subtree if sent.start <= x.i < sent.end]


@lru_cache(maxsize=256)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation per context: a cue phrase (or its plural) as whole words.

    A single search per context and text replaces one search per phrase (the cue lists run to hundreds
    of phrases and every event reads them); alternation backtracks, so any phrase that matches is found.
    """
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")s?(?![\w-])")


def _text(tokens: Iterable[Token]) -> str:
    return " ".join(t.lower_ for t in tokens)


def contexts_for(
    defaults: Iterable[str], tokens: list[Token], actors: Iterable[Actor], cues: Cues
) -> list[str]:
    """Default contexts of the entry, then cue contexts from the clause, then actor-derived ones."""
    out: list[str] = list(dict.fromkeys(defaults))
    text = _text(tokens)
    lemmas = " ".join(t.lemma_.lower() for t in tokens)
    for context, phrases in cues.context_cues.items():
        if context in out:
            continue
        pattern = _pattern(tuple(phrases))
        if pattern.search(text) or pattern.search(lemmas):
            out.append(context)
    if "military" not in out and any(a.sector == "MIL" for a in actors):
        out.append("military")
    return out


def cue_mode(table: dict[str, frozenset[str]], tokens: Iterable[Token]) -> str | None:
    """The first mode (in table order) one of whose cue lemmas occurs among ``tokens``."""
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    for mode, words in table.items():
        if lemmas & words:
            return mode
    return None
