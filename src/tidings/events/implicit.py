"""The unnamed perpetrator of a violent act: the manual's ``UNK`` actor.

The manual's sector table ("Sector Codes") gives ``UNK`` to generic unidentified actors, its example being
the actor of civilians killed by a bomb, and ``UAF`` to unidentified armed forces ("unknown gunmen").  A
report of harm done by someone it does not name therefore *has* an actor: an unidentified one.  Named
unidentified attackers ("unknown gunmen") are the actors stage's business (role words, sector ``UAF``);
this module covers the reports that name no attacker at all, in three shapes:

* ``passive``: an agentless passive with a victim or target ("two civilians *were killed*", "three
  soldiers *were shot dead*", "mortar shells *were fired*");
* ``instrument``: the weapon or the attack itself stands where the agent would ("*a blast* killed five",
  "killed *by a bomb*", "*suicide bombings* killed 18");
* ``attack_noun``: an attack noun is the subject of its clause ("*airstrikes* hit two hospitals", "*grenade
  attacks* left seven dead", "*attacks* were launched in 11 locations") or the root of a sentence the
  parser found no verb for.

Only the event types and modes listed in ``data/cues.json`` (``implicit_actor``) qualify: material
conflict with a victim or damage (ASSAULT, actor sector ``UNK``), arrests and seizures (COERCE modes
``arrest`` and ``seize``: "coercive uses of power"; the manual's chapter "Some residual issues" names
"4 people were arrested/killed" together, so an arrest is read as a killing is), and protests, which the
manual defines as "civilian demonstrations" ("protests *erupted* in Tripoli": civilians, sector ``CVL``).

The actor's country is the event's location, else the state the document is about, else ``UNK``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tidings.events.arguments import is_passive, subject_heads
from tidings.events.lexicon import ImplicitActorCues
from tidings.events.tree import kids, subtree, up
from tidings.events.triggers import Trigger
from tidings.records import Actor, Place

RULE_PREFIX = "implicit-actor"
"""Events coded with an unnamed perpetrator carry ``rule = "implicit-actor:<entry id>"``."""


@dataclass(frozen=True)
class Perpetrator:
    """Why a trigger has an unnamed actor, and the phrase that stands for it (a weapon), if any."""

    reason: str
    instrument: Token | None = None


def _by_objects(tokens: tuple[Token, ...]) -> list[Token]:
    return [
        o
        for t in tokens
        for p in kids(t)
        if p.dep_ in {"agent", "prep"} and p.lower_ == "by"
        for o in kids(p)
        if o.dep_ == "pobj"
    ]


def _in_relative_clause(token: Token) -> bool:
    """Whether the token's clause is a relative clause ("raids *in which 20 were killed*")."""
    t = token
    for _ in range(8):
        if t.dep_ == "relcl":
            return True
        if t.dep_ in {"ROOT", "advcl", "parataxis"}:
            return False  # a reported clause ("in which *it said* a dozen were hurt") is read through
        t = up(t)
    return False


def _prospective(token: Token, marks: frozenset[str]) -> bool:
    """Whether the token's clause is introduced by a mark of something yet to happen ("*before*")."""
    t = token
    for _ in range(8):
        if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in kids(t)):
            return True
        if t.dep_ in {"ROOT", "parataxis"}:
            return False
        t = up(t)
    return False


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "csubj", "csubjpass"} for c in kids(token))


def unnamed_perpetrator(
    trig: Trigger,
    cues: ImplicitActorCues,
    is_attack_noun: Callable[[Token], bool],
    trigger_heads: frozenset[int] = frozenset(),
) -> Perpetrator | None:
    """The shape of report that implies an unidentified actor (see the module docstring), or ``None``.

    Called only when no named actor resolved.  ``trigger_heads`` are the token indices of the sentence's
    other triggers: an attack noun that is the subject of another violent trigger ("*bombings* killed
    18") is that trigger's instrument, not a second event.
    """
    entry = trig.entry
    if not cues.qualifies(entry.event, entry.mode) or entry.reciprocal:
        return None  # a clash has two sides: with neither named there is nothing to code
    tok = trig.token
    if _in_relative_clause(tok):
        return None  # "the valley, *where dozens of people have died* since June": background, not the report
    if _prospective(tok, cues.prospective_marks):
        return None  # "will be evacuated *before they are attacked*": not (yet) a reported act

    def instrumental(t: Token) -> bool:
        return t.lemma_.lower() in cues.instruments or (t.pos_ == "NOUN" and is_attack_noun(t))

    if tok.dep_ == "acl" and tok.tag_ == "VBD" and instrumental(up(tok)):
        return Perpetrator("instrument", up(tok))  # "a landmine *killed* ..." misparsed as a modifier
    if tok.pos_ == "NOUN":
        if tok.dep_ == "ROOT" or (tok.dep_ in {"nsubj", "nsubjpass"} and up(tok).i not in trigger_heads):
            return Perpetrator("attack_noun")
        return None
    toks = trig.syntax_tokens or (tok,)
    while tok.dep_ == "conj" and tok.tag_ == "VBN" and not _has_subject(tok):
        tok = up(tok)  # "three were killed and five *injured*": the passive of the first conjunct
        toks = (tok,)
    if is_passive(toks):
        agents = _by_objects(toks)
        if not agents:
            patients = [c for t in toks for c in kids(t) if c.dep_ in {"nsubjpass", "csubjpass"}]
            return Perpetrator("passive") if patients else None
        weapons = [a for a in agents if instrumental(a)]
        return Perpetrator("instrument", weapons[0]) if len(weapons) == len(agents) else None
    subjects = subject_heads(tok)
    if subjects and all(instrumental(s) for s in subjects):
        return Perpetrator("instrument", subjects[0])
    return None


def implicit_actor(
    doc: Doc, perpetrator: Perpetrator, location: Place | None, document_country: str | None, sector: str
) -> Actor:
    """The unidentified actor: the weapon's phrase as its text, the country where the act happened.

    The country is read from the event's location, else the state the document is about (the actors
    stage's :func:`~tidings.actors.document_country`); else it stays ``UNK``.  The actor's ``rule``
    says which: ``implicit+location``, ``implicit+document`` or ``implicit``.
    """
    code, rule = "UNK", "implicit"
    if location is not None and location.country and len(location.country) == 3:
        code, rule = location.country, "implicit+location"
    elif document_country:
        code, rule = document_country, "implicit+document"
    inst = perpetrator.instrument
    if inst is not None:
        left = min((t.i for t in subtree(inst) if t.i <= inst.i), default=inst.i)
        span = doc[left : inst.i + 1]
        return Actor(
            text=span.text, code=code, sector=sector, start=span.start_char, end=span.end_char, rule=rule
        )
    return Actor(text="", code=code, sector=sector, rule=rule)
