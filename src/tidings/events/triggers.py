"""Find event triggers in a parsed sentence: lexicon look-ups by lemma, checked against the parse.

A trigger is one token (plus its particle or prefix, as in "ruled out", "re-captured") whose lemma and
part of speech select lexicon entries; the entry's constraints (particle, preposition, object, modifier,
governing verb) are checked on the dependency parse and the most specific entry that holds wins.

Triggers nested in the complement of another trigger ("threatened to *cut off* electricity", "rejected
*calls* for talks", "agreed to *withdraw*") are not events of their own: they are recorded as the
complement of the trigger that governs them, whose frame reads them (a threat to sanction is THREATEN
'relations'; an offer to use force is a threat).  Clauses joined by coordination, adverbial clauses and
relative clauses stay independent events, as the manual codes them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Span, Token

from tidings.events.lexicon import Cues, Entry, Lexicon
from tidings.events.tree import conjuncts, doc_memo, kids, subtree, up
from tidings.nlp import doc_text, token_arrays

COMPLEMENT_DEPS: frozenset[str] = frozenset(
    {
        "xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "attr", "oprd", "acomp", "nsubj", "nsubjpass",
        "compound", "amod", "npadvmod", "acl", "appos", "dative", "agent", "nmod", "poss", "csubj",
    }
)  # fmt: skip
"""Relations through which a trigger is part of another trigger's content (and so not an event itself)."""

COMPLEMENT_PREPS: frozenset[str] = frozenset(
    {"to", "on", "for", "of", "with", "against", "from", "about", "over", "into", "as", "upon", "toward"}
)
"""Prepositions that introduce the content of a trigger rather than its time, place or cause."""

ABSORBED_BY: dict[str, frozenset[str]] = {"REQUEST": frozenset({"PROTEST"})}
"""Event types that are the topic of another event when attached to it (a protest's demands)."""

_PREFIXES: tuple[str, ...] = ("re",)


@dataclass
class Trigger:
    """A matched trigger: the lexicon entry, its head token and the tokens that spell it."""

    entry: Entry
    token: Token
    tokens: tuple[Token, ...]
    complements: list[Trigger] = field(default_factory=list)
    governor: Trigger | None = None
    # read once per trigger, when it is matched: the coder asks for them for every event, quote and
    # duplicate check, and a trigger's tokens never change once it is matched (plain attributes, as
    # ``functools.cached_property`` takes a lock on every read in Python 3.11)
    start: int = field(init=False, repr=False, compare=False)
    """Character offset where the trigger's text starts."""
    end: int = field(init=False, repr=False, compare=False)
    """Character offset where the trigger's text ends."""
    syntax_tokens: tuple[Token, ...] = field(init=False, repr=False, compare=False)
    """Tokens whose dependents hold the trigger's arguments (a split "re - captured" has two)."""

    def __post_init__(self) -> None:
        tokens = self.tokens
        if len(tokens) == 1:  # most triggers are one word: no generator for min, max and the filter
            t = tokens[0]
            self.start = idx = t.idx
            self.end = idx + len(t)
            self.syntax_tokens = () if t.pos_ in {"PUNCT", "ADP", "PART"} else tokens
            return
        self.start = min(t.idx for t in tokens)
        self.end = max(t.idx + len(t) for t in tokens)
        self.syntax_tokens = tuple(t for t in tokens if t.pos_ not in {"PUNCT", "ADP", "PART"})

    @property
    def text(self) -> str:
        doc = self.token.doc
        first = min(t.i for t in self.tokens)
        last = max(t.i for t in self.tokens)
        if last - first + 1 == len(self.tokens):
            return doc_text(doc)[self.start : self.end]
        return self.token.text


def lemma_key(token: Token) -> tuple[str, tuple[Token, ...]]:
    """The lemma the lexicon is keyed on, with the prefix tokens it absorbed.

    The small model splits "re-captured" into "re", "-", "captured"; the key is then "recapture" so the
    prefixed verb finds its own entry instead of the plain one.
    """
    lemma = token.lemma_.lower()
    for prefix in _PREFIXES:
        if lemma.startswith(prefix + "-"):
            return prefix + lemma[len(prefix) + 1 :], (token,)
    doc = token.doc
    i = token.i
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in _PREFIXES:
        return doc[i - 2].lower_ + lemma, (doc[i - 2], doc[i - 1], token)
    return lemma, (token,)


def _children(tokens: Iterable[Token], deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for t in tokens for c in kids(t) if c.dep_ in deps]


def with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        for x in (t, *conjuncts(t)):
            if x not in out:
                out.append(x)
    return out


def object_lemmas(tokens: tuple[Token, ...], prep: str | None = None) -> set[str]:
    """Lemmas of the direct objects (or passive subjects) of a verb, with their compounds and the
    ``of`` complement of a measure or part ("tons *of* aid", "a state *of* emergency")."""
    heads = _children(tokens, {"dobj", "nsubjpass", "attr", "oprd", "dative"})
    if not heads:
        # "allow *inspectors* to visit": the subject of an infinitive complement is the verb's object
        heads = _children(infinitive_complements(tokens), {"nsubj"})
    if prep:
        for p in _children(tokens, {"prep"}):
            if p.lower_ == prep:
                heads.extend(c for c in kids(p) if c.dep_ == "pobj")
    lemmas: set[str] = set()
    for h in with_conjuncts(heads):
        for noun in (
            h,
            *(o for p in kids(h) if p.dep_ == "prep" and p.lower_ == "of" for o in kids(p)),
        ):
            if noun.dep_ not in {"pobj", *(x.dep_ for x in heads)} and noun is not h:
                continue
            lemmas.add(noun.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in kids(noun) if c.dep_ == "compound")
    return lemmas


def governor_of(token: Token) -> Token | None:
    """The verb a noun trigger is the object of: "imposed *sanctions*", "went on *strike*".

    Looks through a compound head ("a *mediation* effort") and a measure noun ("launched ten days *of*
    war games").
    """
    t = token
    for _ in range(3):
        while t.dep_ in {"conj", "compound"}:
            t = up(t)
        if t.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
            gov = up(t)
        elif t.dep_ == "pobj" and up(t).dep_ == "prep":
            gov = up(up(t))
        else:
            return None
        pos = gov.pos_
        if pos == "VERB":
            return gov
        if pos in {"AUX", "ADJ"}:
            return None  # "Russia was *behind* the attacks": attributed, not reported as Russia's act
        if pos not in {"NOUN", "NUM"} or up(t).lower_ != "of":
            return None
        t = gov
        if t.dep_ == "pobj" and up(t).lower_ not in COMPLEMENT_PREPS:
            return None  # "signed ... *after* a week of clashes": a time, not the verb's object
    return None


def _has_particle(token: Token, particle: str) -> Token | None:
    for c in kids(token):
        if c.dep_ in {"prt", "advmod", "prep"} and c.lower_ == particle and c.i > token.i:
            return c
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == particle:
        return nxt
    return None


def infinitive_complements(tokens: Iterable[Token]) -> list[Token]:
    """Infinitive clauses a verb takes as its complement ("allow X *to visit*", "push for X *to back*")."""
    return [
        c
        for c in _children(tokens, {"ccomp", "xcomp", "advcl"})
        if any(a.dep_ == "aux" and a.lower_ == "to" for a in kids(c))
        and any(a.dep_ == "nsubj" for a in kids(c))
    ]


def marked_clauses(tokens: Iterable[Token], mark: str) -> list[Token]:
    """Clauses introduced by ``mark`` under the verb: "pushing *for* Germany to back the plan"."""
    return [
        c
        for c in _children(tokens, {"advcl", "ccomp", "xcomp"})
        if any(m.dep_ == "mark" and m.lower_ == mark for m in kids(c))
    ]


def _has_prep(tokens: tuple[Token, ...], prep: str) -> bool:
    """The preposition on the verb, or on its object ("dismissed *the annexations as* illegal"), or
    the same word introducing a clause ("press *for* X to act")."""
    preps = _children(tokens, {"prep", "dative"})
    preps += _children(_children(tokens, {"dobj"}), {"prep"})
    return any(c.lower_ == prep for c in preps) or bool(marked_clauses(tokens, prep))


def _modifiers(token: Token) -> set[str]:
    mods = {c.lemma_.lower() for c in kids(token) if c.dep_ in {"compound", "amod", "nmod", "npadvmod"}}
    mods |= {c.lower_ for c in kids(token) if c.dep_ in {"compound", "amod", "nmod"}}
    if token.i > 0:
        mods.add(token.doc[token.i - 1].lower_)
    return mods


def _has_complement(tokens: tuple[Token, ...]) -> bool:
    for c in _children(tokens, {"xcomp", "ccomp", "prep"}):
        if c.dep_ != "prep" or any(g.dep_ in {"pcomp", "pobj"} for g in kids(c)):
            return True
    return False


def _obligation_clause(token: Token, cues: Cues) -> bool:
    """Whether a reporting verb introduces a clause of obligation ("said Iraq *must* comply")."""
    for c in kids(token):
        if c.dep_ != "ccomp":
            continue
        for a in kids(c):
            if a.dep_ == "aux" and a.lower_ in cues.obligation_modals:
                return True
            if (
                a.dep_ == "aux"
                and a.lower_ == "to"
                and any(x.lemma_ == "have" for x in kids(c) if x.dep_ in {"aux", "ROOT"})
            ):
                return True
        if c.lemma_ == "have" and any(x.dep_ == "xcomp" for x in kids(c)):
            return True
    return False


def entry_holds(
    entry: Entry, token: Token, tokens: tuple[Token, ...], cues: Cues
) -> tuple[Token, ...] | None:
    """Check an entry's constraints on the parse; the trigger's tokens if they hold, else ``None``."""
    used = tokens
    if entry.particle:
        prt = _has_particle(token, entry.particle)
        if prt is None:
            return None
        used = (*used, prt)
    if entry.prep and not _has_prep(tokens, entry.prep):
        return None
    if entry.object and not (object_lemmas(tokens, entry.prep) & entry.object):
        return None
    if entry.modifier and not (_modifiers(token) & entry.modifier):
        return None
    if entry.governor:
        gov = governor_of(token)
        if gov is None or gov.lemma_.lower() not in entry.governor:
            return None
    if entry.requires_of and not any(
        p.lower_ == "of" and any(o.lemma_.lower() == entry.requires_of for o in kids(p))
        for p in kids(token)
        if p.dep_ == "prep"
    ):
        return None
    if entry.requires_complement and not _has_complement(tokens):
        return None
    if entry.frame == "say_must" and not _obligation_clause(token, cues):
        return None
    return used


def match_token(token: Token, lexicon: Lexicon, cues: Cues) -> Trigger | None:
    """The trigger a token starts, if any: the most specific lexicon entry whose constraints hold."""
    pos = token.pos_
    if pos not in {"VERB", "NOUN", "ADJ"}:
        return None
    lemma, tokens = lemma_key(token)
    candidates = lexicon.candidates(lemma, pos)
    if pos == "VERB" and lemma in cues.say_must_verbs:
        candidates = tuple(e for e in lexicon.candidates("say", "VERB") if e.frame == "say_must") + candidates
    for entry in candidates:
        used = entry_holds(entry, token, tokens, cues)
        if used is not None:
            return Trigger(entry=entry, token=token, tokens=used)
    return None


def complement_tokens(trig: Trigger) -> list[Token]:
    """The content of a trigger: its object and complement clauses, not its time or cause adjuncts.

    "signed a truce *after a week of clashes*": the clashes are not what was signed.
    """
    out: list[Token] = []
    if trig.entry.frame == "say_must":
        # the whole reported obligation: "said X must agree to reforms *before they demobilize*"
        return [x for c in kids(trig.token) if c.dep_ == "ccomp" for x in subtree(c)]
    if trig.token.pos_ == "NOUN":
        gov = governor_of(trig.token)
        if gov is not None:  # "reiterated its demand *that Israel ease restrictions*"
            out.extend(x for c in kids(gov) if c.dep_ == "ccomp" for x in subtree(c))
    if trig.entry.prep:  # "pushing *for* Germany (to) support the plan": the clause is what is pushed for
        for c in marked_clauses(trig.tokens, trig.entry.prep):
            out.extend(_content(c))
    for t in trig.tokens:
        for c in kids(t):
            if c.dep_ == "prep" and c.lower_ not in COMPLEMENT_PREPS:
                continue
            if c.dep_ in {"dobj", "xcomp", "ccomp", "prep", "dative", "attr", "pobj", "oprd"}:
                out.extend(_content(c))
            elif c.dep_ in {"acl", "relcl"} and trig.token.pos_ == "NOUN":
                out.extend(_content(c))  # "its demand *that Israel ease restrictions*"
            elif c.dep_ == "advcl" and _is_purpose(c) and c.i <= t.i + 3:
                out.extend(_content(c))  # "sworn *to fight*" parsed as a purpose clause
            elif c.dep_ == "advcl" and c.tag_ == "VBG" and c.i <= t.i + 3 and not _is_clause(c):
                out.extend(_content(c))  # "ruled out *giving back* regions" (a gerund object parsed as advcl)
    return out


def _is_clause(token: Token) -> bool:
    """A clause of its own: it has a subject or a subordinating word ("as officials met")."""
    return any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in kids(token))


def _content(token: Token) -> list[Token]:
    """The subtree of ``token`` without the adverbial and coordinated clauses nested in it."""
    out: list[Token] = []
    stack = [token]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in kids(t):
            if c.dep_ in {"advcl", "parataxis", "acl", "relcl"} or (c.dep_ == "conj" and _is_clause(c)):
                continue  # nested clauses and descriptions ("nationals *suspected of* ...")
            if c.dep_ == "advcl" and c.tag_ == "VBG":
                continue
            stack.append(c)
    return out


_POS_IDS: frozenset[int] = frozenset(IDS[p] for p in ("VERB", "NOUN", "ADJ"))
"""Verbs, nouns and adjectives: the parts of speech a trigger can have (a set test per token of the
document's POS column is cheaper than ``numpy.isin``, which costs tens of microseconds per call)."""
_KEYED: dict[int, tuple[Lexicon, Cues, dict[int, bool]]] = {}
"""Per lexicon (by id; the entry holds the lexicon, so its id stays its own) and the cues it was read
with, per lemma hash: whether a token with that lemma may key a lexicon entry."""


def _may_key(lemma: str, lexicon: Lexicon, cues: Cues) -> bool:
    """Whether a lemma can start a trigger: it (or it with the prefix it may have absorbed, "re" +
    "captured") keys a lexicon entry, or it is a verb of saying (frame ``say_must``)."""
    if lemma in lexicon.lemmas or lemma in cues.say_must_verbs:
        return True
    return any(lemma.startswith(p + "-") or (p + lemma) in lexicon.lemmas for p in _PREFIXES)


def _candidates(sent: Span, lexicon: Lexicon, cues: Cues) -> list[int]:
    """Indices of the sentence's tokens whose POS and lemma can start a trigger, read from two arrays.

    Most tokens cannot (function words, names, lemmas no entry keys): checking their part of speech on
    the whole document's array at once and the lemma hash of the rest spares building a ``Token`` for
    each and looking its lemma up by string.  The document's candidates are found once (kept in the
    coder's per-document memo, :func:`~tidings.events.tree.doc_memo`); a sentence's are the ones
    within its bounds.
    """
    every = candidate_indices(sent.doc, lexicon, cues)
    return every[bisect_left(every, sent.start) : bisect_left(every, sent.end)]


def candidate_indices(doc: Doc, lexicon: Lexicon, cues: Cues) -> list[int]:
    """Indices of the document's tokens that may start a trigger (see :func:`_candidates`), in order.

    The coder reads them before it builds a sentence: a sentence holding none has no trigger, and is
    skipped without building its ``Span``, its line segments or its headline test.  The list is shared:
    read it, never change it.
    """
    memo = doc_memo(doc)
    memo_key = ("candidates", id(lexicon))
    held = memo.get(memo_key)
    if held is None or held[0] is not lexicon:  # the memo holds the lexicon: its id stays its own
        found: list[int] = []
        if len(doc):
            arrays = token_arrays(doc)
            strings = doc.vocab.strings
            table = _KEYED.get(id(lexicon))
            if table is None or table[0] is not lexicon or table[1] is not cues:
                table = _KEYED[id(lexicon)] = (lexicon, cues, {})
            keyed = table[2]
            for i, (pos, lemma_hash) in enumerate(zip(arrays.pos, arrays.lemma, strict=True)):
                if pos not in _POS_IDS:
                    continue
                ok = keyed.get(lemma_hash)
                if ok is None:
                    ok = keyed[lemma_hash] = _may_key(strings[lemma_hash].lower(), lexicon, cues)
                if ok:
                    found.append(i)
        held = memo[memo_key] = (lexicon, found)
    return held[1]  # type: ignore[no-any-return]


def find_triggers(sent: Span, lexicon: Lexicon, cues: Cues) -> list[Trigger]:
    """All triggers of a sentence, each linked to the trigger whose content it is (if any)."""
    found: dict[int, Trigger] = {}
    doc = sent.doc
    for i in _candidates(sent, lexicon, cues):
        token = doc[i]
        trig = match_token(token, lexicon, cues)
        if trig is not None:
            found[token.i] = trig
    for trig in found.values():
        parent = _governing_trigger(trig, found)
        if parent is not None:
            _attach(trig, parent)
    for trig in found.values():
        if trig.entry.frame is None:
            continue
        inside = {t.i for t in complement_tokens(trig)}
        for other in found.values():
            free = other is not trig and other.governor is None and other.token.i in inside
            if free and not _governs(other, trig):
                _attach(other, trig)
    return list(found.values())


def _attach(child: Trigger, parent: Trigger) -> None:
    child.governor = parent
    parent.complements.append(child)


def _governs(a: Trigger, b: Trigger) -> bool:
    """Whether ``a`` is ``b`` or (transitively) governs it."""
    t: Trigger | None = b
    while t is not None:
        if t is a:
            return True
        t = t.governor
    return False


def _is_purpose(token: Token) -> bool:
    """An infinitival purpose clause: "met Trump *to appeal* for ...", "offered troops *to help*"."""
    return token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids(token))


def _consequence_of(trig: Trigger, found: dict[int, Trigger]) -> Trigger | None:
    """The act a participle reports the result of: "shelled the town, *killing* five", "blew
    themselves up, *wounding* dozens".  The result is part of that act, not a second event of its type."""
    tok = trig.token
    if tok.dep_ != "advcl" or tok.tag_ != "VBG" or _is_clause(tok):
        return None
    host = found.get(up(tok).i)
    if host is not None and host is not trig and host.entry.event == trig.entry.event:
        return host
    return None


def _governing_trigger(trig: Trigger, found: dict[int, Trigger]) -> Trigger | None:
    consequence = _consequence_of(trig, found)
    if consequence is not None:
        return consequence
    t = trig.token
    while t.dep_ in COMPLEMENT_DEPS or _is_purpose(t):
        if t.dep_ == "prep" and t.lower_ not in COMPLEMENT_PREPS:
            break  # "signed a truce *after* a week of clashes": an adjunct, not the content
        t = up(t)
        if t.i in found:
            return found[t.i]
    # the topic of a protest is not an event of its own (manual, PROTEST ambiguities):
    # "staged rallies *demanding* his resignation", "demonstrated *calling for* independence"
    if trig.entry.event in ABSORBED_BY:
        t = trig.token
        hosts = ABSORBED_BY[trig.entry.event]
        for _ in range(4):
            if t.dep_ not in {"advcl", "acl", "xcomp", "conj", "dobj", "pobj", "prep", "pcomp"}:
                break
            t = up(t)
            # the host is the head itself ("rioted ... demanding") or the noun a light verb governs
            # ("staged demonstrations to demand", "continued their hunger strike to demand")
            for cand in (t, *(c for c in kids(t) if c.dep_ in {"dobj", "attr"})):
                host = found.get(cand.i)
                if host is not None and host is not trig and host.entry.event in hosts:
                    return host
    return None


def direct_complements(trig: Trigger) -> list[Trigger]:
    """Complements not nested in another complement: what was offered, not what that offer mentions."""
    comps = trig.complements
    return [c for c in comps if not any(o is not c and o.token in c.token.ancestors for o in comps)]


def independent(triggers: Iterable[Trigger]) -> Iterator[Trigger]:
    """Triggers that are events of their own (not the content of another trigger)."""
    return (t for t in triggers if t.governor is None)
