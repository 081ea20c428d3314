"""Modality of a trigger (the manual's auxiliary modes): asserted, negated, future or hypothetical.

Read from the trigger's verb group: its auxiliaries ("will", "could"), a negation, the verbs that embed
it ("is *due* to meet", "*plans* to impose"), the conditional clause it sits in ("*if* war starts"), and
for nouns the verb that governs them ("*will hold* talks") or a future modifier ("*planned* talks").
Historical events keep ``asserted``: their own time expression dates them (the time stage).

Note that "ruled out" is not a negation: it is a REJECT trigger in the lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tidings.events.lexicon import Cues
from tidings.events.tree import kids, up
from tidings.events.triggers import Trigger, governor_of
from tidings.records import Modality

CHAIN_DEPS: frozenset[str] = frozenset({"xcomp", "pcomp", "prep", "pobj", "dobj", "acomp", "conj", "ccomp"})
"""Relations through which a verb inherits the auxiliaries of the verb above it."""


@dataclass(frozen=True)
class ModalityReading:
    negated: bool
    future: bool
    hypothetical: bool

    @property
    def modality(self) -> Modality:
        if self.negated:
            return "negated"
        if self.hypothetical:
            return "hypothetical"
        if self.future:
            return "future"
        return "asserted"


def verb_group(trig: Trigger) -> list[Token]:
    """The trigger and the verbs whose auxiliaries and negation apply to it, nearest first."""
    start = trig.token
    if start.pos_ == "NOUN":
        gov = governor_of(start)
        chain = [start] + ([gov] if gov is not None else [])
    else:
        chain = [start]
    t = chain[-1]
    steps = 0
    while t.dep_ in CHAIN_DEPS and steps < 5:
        if t.dep_ == "conj" and any(c.dep_ in {"nsubj", "aux"} for c in kids(t)):
            break
        if t.dep_ == "ccomp" and any(c.dep_ == "nsubj" for c in kids(t)):
            break  # a reported clause has its own tense: "said it would..." is read there
        t = up(t)
        chain.append(t)
        steps += 1
    # a copula ("is due to", "is willing to") carries the negation and tense of its complement
    if chain[-1].dep_ == "acomp" or up(chain[-1]).pos_ == "AUX":
        chain.append(up(chain[-1]))
    return chain


def _negated(trig: Trigger, group: list[Token]) -> bool:
    for t in group[:2]:
        if any(c.dep_ == "neg" for c in kids(t)):
            return True
    if trig.token.pos_ == "ADJ":
        head = up(trig.token)
        if any(c.dep_ == "neg" for c in kids(head)):
            return True
    # "no talks were held"
    no_det = any(c.dep_ == "det" and c.lower_ == "no" for c in kids(trig.token))
    return trig.token.pos_ == "NOUN" and no_det


def _reported(token: Token, cues: Cues) -> bool:
    """Whether ``token`` heads a clause reported by a speech verb ("said it *would* allow")."""
    t = token
    for _ in range(4):
        head = up(t)
        if t.dep_ == "ccomp" and head.lemma_.lower() in cues.reporting_verbs:
            return True
        if head.i == t.i:
            return False  # the root: going on would ask the same question again
        t = head
    return False


def read_modality(trig: Trigger, cues: Cues) -> ModalityReading:
    """Negation, future and hypothetical readings of a trigger from its verb group and clause."""
    group = verb_group(trig)
    negated = _negated(trig, group)
    future = False
    hypothetical = False
    for t in group:
        for c in kids(t):
            if c.dep_ not in {"aux", "auxpass"}:
                continue
            word = c.lower_
            if word in cues.future_aux:
                future = True
            elif word in cues.hypothetical_aux:
                if word == "would" and _reported(t, cues):
                    future = True
                else:
                    hypothetical = True
        lemma = t.lemma_.lower()
        if t is not trig.token and lemma in cues.future_heads:
            future = True
        if t is not trig.token and lemma in cues.hypothetical_heads:
            hypothetical = True
        if t.lemma_ == "be" and t is not trig.token and any(c.dep_ == "xcomp" for c in kids(t)):
            future = True  # "is to meet"
    if trig.token.pos_ == "NOUN":
        mods = {c.lemma_.lower() for c in kids(trig.token) if c.dep_ in {"amod", "compound", "nmod"}}
        if mods & cues.future_heads:
            future = True
    # the clause (or one above it) is a condition: "if war starts", "unless X arranges a ceasefire"
    t = group[-1]
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in kids(t)):
            hypothetical = True
            break
        head = up(t)
        if t.dep_ in {"ccomp", "conj"} or head.i == t.i:
            break  # (at the root going on would ask the same question again)
        t = head
    return ModalityReading(negated=negated, future=future, hypothetical=hypothetical)
