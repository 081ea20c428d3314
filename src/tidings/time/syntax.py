"""What the parse tells the time stage: the tense of the verb governing an expression, and clauses.

"said on Friday" (past) and "will meet on Friday" (future) name different Fridays; "is due to meet on
Friday" is future although "is" is present.  :func:`tense_of` reads the governing verb's tag and
auxiliaries and, for non-finite verbs ("meet", "taking"), climbs to the verb that governs them, stopping
at future markers from the lexicon ("due", "expected", "scheduled") unless they are in the past perfect
("had been scheduled to expire Friday").  "is to resume Tuesday" is future; an infinitive under a past
verb ("agreed to buy it in June") gets no tense, so the nearest date wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.time.lexicon import Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_VERBAL = frozenset({"VERB", "AUX"})
_PLANNING = frozenset({"plan", "schedule", "slate"})
_MODALS = frozenset({"may", "might", "should", "must", "can"})
"""Modals that point ahead ("might come Tuesday"); "could" is as often the past of "can"."""
_FUTURE_LEMMAS = frozenset({"expect", "schedule", "plan", "intend", "prepare", "aim", "slate", "go"})


def clause_head(token: Token) -> Token:
    """The verb heading the clause ``token`` is in (``token`` itself if it is a verb)."""
    t = token
    for _ in range(12):
        if t.pos_ in _VERBAL and t.dep_ != "aux" and t.dep_ != "auxpass":
            return t
        if t.head is t:
            return t
        t = t.head
    return t


def attachment_head(span: Span) -> Token:
    """The word a time expression modifies: through "on"/"in"/"since" to the verb or noun it dates."""
    root = span.root
    h = root.head
    if h is root:
        return root
    for _ in range(4):
        if h.dep_ in ("prep", "pcomp") and h.pos_ == "ADP" and h.head is not h:
            h = h.head
        else:
            break
    return h


def _is_future_marker(tok: Token, lx: Lexicon) -> bool:
    return tok.lower_ in lx.future_markers or tok.lemma_.lower() in lx.future_markers or (
        tok.lemma_.lower() in _FUTURE_LEMMAS and tok.tag_ != "VBD"
    )


def _finite_tense(verb: Token, lx: Lexicon) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in lx.future_auxiliaries or a.lower_ == "would" for a in auxes):
        return "future"
    if any(a.lower_ == "going" for a in auxes):
        return "future"
    if verb.lemma_.lower() in _PLANNING:
        # "has scheduled a news conference Thursday": the time is the planned event's, ahead; "planned
        # a rally on Saturday" may be either side of the report, so the nearest such day wins
        perfect = any(a.lower_ in ("has", "have") for a in auxes)
        settled = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and not perfect)
        return None if settled else "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "past"
    if any(a.lower_ in _MODALS for a in auxes):
        return "future"  # "might come as soon as Tuesday"
    if verb.tag_ == "VBN" and not auxes:
        return "past"  # "the decision, announced Wednesday"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None


def _pluperfect(tok: Token) -> bool:
    """ "had been due to expire", "had been scheduled": a plan that the past already overtook."""
    holders = [tok, tok.head] if tok.pos_ == "ADJ" else [tok]
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for h in holders for c in h.children)


def _to_infinitive(tok: Token) -> bool:
    """ "to buy", "to resume": a verb whose time is set relative to the verb that governs it."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _is_to_infinitive_of_present_be(tok: Token) -> bool:
    """ "is to resume trading Tuesday": present "be" with a to-infinitive is an arrangement, a future."""
    head = tok.head
    return (
        _to_infinitive(tok)
        and tok.dep_ in ("xcomp", "ccomp")
        and head.lemma_ == "be"
        and head.tag_ in ("VBZ", "VBP")
    )


def tense_of(span: Span, lx: Lexicon | None = None) -> str | None:
    """``"past"``, ``"present"`` or ``"future"`` for the verb governing ``span``; ``None`` if none."""
    lx = lx or load_lexicon()
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.tag_ == "POS":
        return "past"  # "Wednesday's ruling": a possessive names something that has happened
    verb = clause_head(attachment_head(span))
    if verb.pos_ not in _VERBAL and verb.pos_ != "ADJ":
        return None
    cur = verb
    for _ in range(5):
        if _is_future_marker(cur, lx) and cur is not verb:
            return "past" if _pluperfect(cur) else "future"
        if _is_to_infinitive_of_present_be(cur):
            return "future"
        tense = _finite_tense(cur, lx)
        if tense is not None:
            complements = (c for c in cur.children if c.dep_ == "acomp")
            if tense == "present" and any(_is_future_marker(c, lx) for c in complements):
                return "future"  # "is due to ..."
            if tense == "past" and cur is not verb and _to_infinitive(verb):
                return None  # "agreed to buy it in February": the purchase may still be ahead
            return tense
        if cur.head is cur:
            break
        nxt = clause_head(cur.head) if cur.head.pos_ not in _VERBAL and cur.head.pos_ != "ADJ" else cur.head
        if nxt is cur:
            break
        cur = nxt
    return None
