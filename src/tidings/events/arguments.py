"""Choose the actor and recipient of a trigger from the dependency parse, and resolve them.

Only the *heads* are chosen here; what a head refers to (a country, an organisation, a sector) is always
asked of the actors stage through a resolver with the signature of ``tidings.actors.resolve_token``.  The
manual's conventions (section "Changes in treatment of political entities"):

* subject -> actor, object or prepositional object -> recipient; in the passive the ``by`` agent is the
  actor and the grammatical subject the recipient ("a notion ruled out by Russia");
* coordinated entities form one list ("Russian and US officials" -> [RUS, USA]);
* reciprocal events (meetings, clashes) put every participant in ``actor`` ("talks between X and Y");
* an infinitive or gerund takes its controller's subject ("aim at restoring ties", "agreed to withdraw");
* a pronoun subject is read from the clause that reports it ("Syria says *it* will ...");
* a place the event happens in ("talks in Istanbul") is a venue, never an actor or recipient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.symbols import ADJ, NOUN, PRON, PROPN
from spacy.tokens import Doc, Token

from tidings.events.tree import conjuncts, doc_memo, kids, up
from tidings.events.triggers import Trigger, governor_of, marked_clauses
from tidings.records import Actor

Resolver = Callable[[Doc, Token], list[Actor]]
"""``tidings.actors.resolve_token``: the entities a token refers to (empty when it names none)."""

SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS: frozenset[str] = frozenset({"nsubjpass", "csubjpass"})
RECIPIENT_PREPS: frozenset[str] = frozenset(
    {"to", "with", "against", "on", "at", "into", "toward", "towards", "upon", "from", "over"}
)
VENUE_PREPS: frozenset[str] = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
INHERIT_DEPS: frozenset[str] = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "acomp"})
MODIFIER_DEPS: frozenset[str] = frozenset({"poss", "amod", "compound", "nmod"})
PRONOUNS_NEEDING_ANTECEDENT: frozenset[str] = frozenset(
    {"it", "they", "he", "she", "its", "their", "his", "her", "we", "our", "them", "him"}
)
UNRESOLVED = "UNK"
"""The actors stage's code for a mention whose country it could not place."""


def is_resolved(actor: Actor, sector_only: bool = True) -> bool:
    """Whether a mention counts as an actor: a known country, or (``sector_only``) a known sector.

    "Unidentified *gunmen*", "*protesters*", "a suicide *bomber*": the country is unknown but the
    kind of actor is not -- CAMEO and PLOVER code such actors by sector alone ("---UAF", "---REB").
    A mention with neither ("the *official*" of nowhere) is no actor.
    """
    return actor.code != UNRESOLVED or (sector_only and bool(actor.sector))
CONTENT_FRAMES: frozenset[str] = frozenset({"intent", "threat", "refusal", "demand"})
"""Frames whose trigger takes an act as its content ("offered to ...", "threatened to ...")."""
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that", "whom", "whose"})


@dataclass
class Arguments:
    """Resolved actors and recipients of one trigger, with how they were found (for the confidence)."""

    actor: list[Actor]
    recipient: list[Actor]
    via_pronoun: bool = False


def _children(tokens: Iterable[Token], deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for t in tokens for c in kids(t) if c.dep_ in deps]


def _prep_objects(tokens: Iterable[Token], preps: frozenset[str] | set[str]) -> list[Token]:
    out: list[Token] = []
    for p in _children(tokens, {"prep", "agent", "dative"}):
        if p.lower_ in preps:
            out.extend(c for c in kids(p) if c.dep_ == "pobj")
    return out


def is_venue(prep: Token, obj: Token) -> bool:
    """A place the event happens in, not a party to it ("met *in Istanbul*")."""
    return prep.lower_ in VENUE_PREPS and (obj.ent_type_ in PLACE_LABELS or obj.pos_ == "PROPN")


_PASSIVE_MARKS: frozenset[str] = PASSIVE_SUBJECT_DEPS | {"auxpass", "agent"}
"""Dependents that make a verb passive: a passive subject, a passive auxiliary or a ``by`` agent."""


def is_passive(tokens: Iterable[Token]) -> bool:
    return any(c.dep_ in _PASSIVE_MARKS for t in tokens for c in kids(t))


def agentless_passive(trig: Trigger) -> bool:
    """A passive trigger without a ``by`` agent ("would be indicted"): who acts is left unsaid."""
    toks = trig.syntax_tokens or (trig.token,)
    return trig.token.pos_ == "VERB" and is_passive(toks) and not _prep_objects(toks, {"by"})


SUBJECT_CONTROL_VERBS: frozenset[str] = frozenset({"promise", "use", "employ"})
"""Verbs whose object does not act in their infinitive: "*police* used tear gas to disperse" (the police
disperse), "promised Iran to ..." (the promiser acts)."""

OBJECT_CONTROL_PREPS: frozenset[str] = frozenset({"of", "for", "with", "into"})
"""Prepositions through which a verb's object controls a gerund: "accused *X of* violating",
"blamed *X for* attacking", "pressed *X into* signing".  Not "from": in "deter X *from* attacking"
the attack is what does not happen, so X must not become the actor of a reported attack."""


def _displaced_agents(tokens: Iterable[Token]) -> list[Token]:
    """A passive's ``by`` agent that the parser hung on the gerund after it: "was accused of misusing
    funds *by opposition lawmakers*".  Only a noun counts ("by *shooting*" is a manner, not an agent)."""
    gerunds = [g for p in _children(tokens, {"prep"}) for g in kids(p) if g.dep_ == "pcomp"]
    return [o for o in _prep_objects(gerunds, {"by"}) if o.pos_ in {"NOUN", "PROPN"}]


def subject_heads(token: Token, depth: int = 0) -> list[Token]:
    """The subject of a verb, inherited through control, coordination and participial clauses."""
    if depth > 6:
        return []
    own = [c for c in kids(token) if c.dep_ in SUBJECT_DEPS]
    if own:
        subj = own[0]
        if subj.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
            return [up(token)]
        return [subj]
    if is_passive([token]):
        return _prep_objects([token], {"by"})
    if token.dep_ == "relcl":
        return [up(token)]
    if token.dep_ == "pcomp" and up(token).lower_ in OBJECT_CONTROL_PREPS and up(up(token)).pos_ == "VERB":
        objs = [c for c in kids(up(up(token))) if c.dep_ == "dobj"]
        if objs:
            return objs  # "accused Rwanda of *making* accusations": Rwanda makes them
    if token.dep_ in INHERIT_DEPS:
        head = up(token)
        if token.dep_ == "xcomp":
            objs = [c for c in kids(head) if c.dep_ in {"dobj"}]
            if objs and head.lemma_.lower() not in SUBJECT_CONTROL_VERBS:
                return objs  # object control: "urged Iran to ...": Iran is the one to act
        if token.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            # "issued a declaration *demanding* ...": the declaration's issuer
            gov = governor_of(head)
            return subject_heads(gov, depth + 1) if gov is not None else []
        return subject_heads(head, depth + 1)
    if token.dep_ == "pcomp" or (token.dep_ == "pobj" and up(token).dep_ == "prep"):
        return subject_heads(up(up(token)), depth + 1)
    if token.dep_ == "prep":
        return subject_heads(up(token), depth + 1)
    return []


_ANTECEDENT_DEPS: frozenset[str] = SUBJECT_DEPS | {"nsubjpass"}


def _antecedent(token: Token) -> Token | None:
    """The nearest non-pronoun subject of a clause above ``token`` (the reporter of reported speech)."""
    t = up(token)
    seen = 0
    while seen < 12:
        seen += 1
        for c in kids(t):
            if c.dep_ in _ANTECEDENT_DEPS and c.pos_ != "PRON" and c.i != token.i:
                return c
        parent = up(t)
        if parent.i == t.i:
            return None  # the root again: the same children, so no subject there either
        t = parent
    return None


@dataclass
class ActorReading:
    """A trigger's actors and argument heads (:meth:`ArgumentResolver.actors`), from which
    :meth:`ArgumentResolver.recipients` reads its recipients."""

    trig: Trigger
    reciprocal: bool
    """Every participant is an actor ("talks between X and Y")."""
    recipient_heads: list[Token]
    actors: list[Actor]
    via_actor: bool
    """The actors were read through a pronoun's antecedent."""
    actor_heads: list[Token]
    """The heads the actors were read from (the last candidate tried when none gave an actor)."""


_NOMINAL_POS: frozenset[int] = frozenset({NOUN, PROPN, ADJ})
"""Heads whose modifiers may name the entity they do not (ids of "NOUN", "PROPN", "ADJ")."""


class ArgumentResolver:
    """Picks argument heads for triggers and resolves them through the actors stage."""

    def __init__(
        self,
        resolve: Resolver,
        reporting_verbs: frozenset[str] = frozenset(),
        is_event_noun: Callable[[Token], bool] = lambda t: False,
        sector_actors: bool = True,
        instruments: frozenset[str] = frozenset(),
        place_nouns: frozenset[str] = frozenset(),
    ) -> None:
        self._resolve = resolve
        self.instruments = instruments
        """Weapon lemmas ("fired *missiles* at ..."): what an act is done with is never its recipient."""
        self.place_nouns = place_nouns
        """Common nouns of places ("village", "town"): where an act happens, never its recipient."""
        self.reporting_verbs = reporting_verbs
        self.is_event_noun = is_event_noun
        self.sector_actors = sector_actors

    def counts(self, actor: Actor, loose: bool = False) -> bool:
        """Whether a resolved mention is an actor for the coder (see :func:`is_resolved`).

        Sector-only actors count in the ``loose`` pass only, which runs when no candidate names an
        actor with a country: "*Serbian* officials lodged a protest" stays Serbia's, not "officials"'.
        """
        return is_resolved(actor, loose and self.sector_actors)

    @property
    def passes(self) -> tuple[bool, ...]:
        return (False, True) if self.sector_actors else (False,)

    # ----------------------------------------------------------------- resolution
    def entities(
        self, heads: Iterable[Token], depth: int = 0, loose: bool = False
    ) -> tuple[list[Actor], bool]:
        """Resolve heads (see :meth:`_entities`), once per head set and pass for the document being coded:
        the triggers of a sentence share subjects and objects, and each is read in a strict and a loose
        pass.  The list returned is the caller's own."""
        heads = list(heads)
        if not heads:
            return [], False
        memo = doc_memo(heads[0].doc)
        key = ("entities", id(self), tuple(h.i for h in heads), depth, loose)
        found = memo.get(key)
        if found is None:
            actors, via = self._entities(heads, depth, loose)
            found = memo[key] = (tuple(actors), via)
        return list(found[0]), found[1]

    def _entities(self, heads: list[Token], depth: int, loose: bool) -> tuple[list[Actor], bool]:
        """Resolve heads; look at a head's modifiers when it names no entity.

        "rejected an *Indian* proposal", "calls *by Belarus's rulers*": the head noun is not an entity but
        the one it belongs to is.  A pronoun is read from the clause that reports it.  Conjuncts are the
        resolver's business (``tidings.actors.resolve_token`` returns them, and knows which "conjunct" is
        really the subject of the next clause: "seized Russia's Kursk region and Zelensky has raised").
        """
        found: list[Actor] = []
        via_pronoun = False
        sector_only = loose and self.sector_actors  # what ``self.counts(a, loose)`` asks, read once
        for h in dict.fromkeys(heads):
            actors = [a for a in self.resolve(h.doc, h) if a.code != UNRESOLVED or (sector_only and a.sector)]
            pos = h.pos  # the part of speech's id: ``Token.pos_`` looks its name up on every read
            if not actors and pos == PRON and h.lower_ in PRONOUNS_NEEDING_ANTECEDENT:
                ante = _antecedent(h)
                if ante is not None:
                    actors, _ = self.entities([ante], depth + 1, loose)
                    via_pronoun = bool(actors)
            if not actors and depth < 3 and pos in _NOMINAL_POS:
                mods = [c for c in kids(h) if c.dep_ in MODIFIER_DEPS]
                mods += _prep_objects([h], {"by", "from", "of"})
                if mods:
                    actors, vp = self.entities(mods, depth + 1, loose)
                    via_pronoun = via_pronoun or vp
            if len(actors) > 1:  # (one actor or none is already one per code)
                actors = _unique_codes(actors)
            if actors and depth == 0:
                actors.extend(self._unresolved_conjuncts(h, loose))
            if actors and pos == NOUN and self.is_event_noun(h):
                # "the Istanbul talks come after...": the city is where they are held
                own = list(kids(h))
                actors = [a for a in actors if not _venue_modifier(a, own)]
            # "Russian and US officials": a coordinated modifier the head's resolution may not cover
            for conj in _modifier_conjuncts(h):
                extra = self.resolve(conj.doc, conj)
                actors.extend(a for a in extra if all(a.code != b.code for b in actors))
            for a in actors:
                counts = a.code != UNRESOLVED or (sector_only and a.sector)
                if counts and not (found and any(_same(a, b) for b in found)):
                    found.append(a)
        return found, via_pronoun

    def resolve(self, doc: Doc, token: Token) -> list[Actor]:
        """The actors stage's reading of a head, asked once per token of the document being coded (the
        coder asks for the same subjects and objects for every trigger that shares them).  The list
        returned is shared: callers read it, never change it."""
        memo = doc_memo(doc)
        key = ("resolve", id(self), token.i)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._resolve(doc, token)
        return found  # type: ignore[no-any-return]

    def _not_a_party(self, doc: Doc, actor: Actor, violent: bool, territorial: bool) -> bool:
        """A weapon an attack is made with (``violent``), or a common noun naming a place that the
        actors stage read as its population where the act takes that ground (``territorial``)."""
        if actor.start is None or actor.end is None:
            return False
        if not violent and not (territorial and actor.sector == "CVL"):
            return False  # neither test below can hold: the span and its root need not be built
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        lemma = root.lemma_.lower()
        if violent and lemma in self.instruments:
            return True
        return territorial and actor.sector == "CVL" and root.pos_ == "NOUN" and lemma in self.place_nouns

    def _unresolved_conjuncts(self, head: Token, loose: bool = False) -> list[Actor]:
        """Actors of the head's conjuncts that name no entity themselves but whose modifier does.

        "Mirzoyan and *his Azerbaijani counterpart*": the resolver expands the conjuncts of a head that
        names an entity, and a conjunct such as "counterpart" resolves to nothing; its modifier does.
        Conjuncts that resolve on their own are left to the resolver, which knows which of them belong
        to the phrase and which are the subject of the next clause.
        """
        out: list[Actor] = []
        for conj in conjuncts(head):
            if conj.i < head.i or conj.pos_ not in {"NOUN", "PROPN"}:
                continue
            if any(self.counts(a, loose) for a in self.resolve(conj.doc, conj)):
                continue
            mods = [c for c in kids(conj) if c.dep_ in {"amod", "compound", "nmod"}]
            for m in mods:
                out.extend(a for a in self.resolve(m.doc, m) if self.counts(a, loose))
        return out

    # ----------------------------------------------------------------- head selection
    def _verb_arguments(self, trig: Trigger) -> tuple[list[list[Token]], list[Token]]:
        toks = trig.syntax_tokens or (trig.token,)
        head = toks[-1]
        passive = is_passive(toks)
        actor_heads: list[Token] = []
        recipient_heads: list[Token] = []
        for t in toks:
            actor_heads = subject_heads(t)
            if actor_heads:
                break
        candidates: list[list[Token]] = []
        if passive:
            agents = _prep_objects(toks, {"by"}) or _displaced_agents(toks)
            patients = _children(toks, PASSIVE_SUBJECT_DEPS)
            if agents:
                # the agent when it names an actor ("rejected *by Iran*"), not a measure ("by one hour")
                candidates.append(agents)
                recipient_heads.extend(patients)
            elif not any(c.dep_ in SUBJECT_DEPS for c in _children(toks, SUBJECT_DEPS)):
                actor_heads = [a for a in actor_heads if a not in patients]
                recipient_heads.extend(patients)
        elif trig.token.dep_ == "acl" and trig.token.tag_ == "VBN":
            # reduced passive: "a notion ruled out by Russia", "villages captured by rebels"
            agents = _prep_objects(toks, {"by"})
            if agents:
                candidates.append(agents)
                recipient_heads.append(up(trig.token))
        candidates.append(actor_heads)
        if trig.entry.frame in {"say_must", "demand"}:
            # "said *Poland* must release ...", "demanded that *Iran* allow ...": who is to act
            recipient_heads.extend(_children(_children(toks, {"ccomp"}), SUBJECT_DEPS))
            if trig.entry.prep:  # "pushing *for* Germany to back the plan"
                recipient_heads.extend(_children(marked_clauses(toks, trig.entry.prep), SUBJECT_DEPS))
        recipient_heads.extend(_children(toks, {"dobj", "dative", "iobj"}))
        entry = trig.entry
        for p in _children(toks, {"prep"}):
            if p.lower_ not in RECIPIENT_PREPS or p.lower_ == "by":
                continue
            for o in kids(p):
                if o.dep_ != "pobj" or is_venue(p, o):
                    continue
                if p.lower_ == entry.prep and o.lemma_.lower() in entry.object:
                    continue  # "took *to the streets* of X": the sense's own words, not a party
                recipient_heads.append(o)
        if trig.entry.object:
            # "broke *relations with Russia*", "restored *ties with Cuba*": the sense's object names the
            # relation, its preposition the party
            for obj in _children(toks, {"dobj"}):
                for p in kids(obj):
                    if p.dep_ == "prep" and p.lower_ in RECIPIENT_PREPS:
                        recipient_heads.extend(o for o in kids(p) if o.dep_ == "pobj" and not is_venue(p, o))
        if trig.entry.particle:  # "reached out to Putin": the particle's own preposition
            for prt in trig.tokens:
                if prt is not head and prt.lower_ == trig.entry.particle:
                    recipient_heads.extend(_prep_objects([prt], RECIPIENT_PREPS))
        _ = head
        return candidates, recipient_heads

    def _noun_arguments(self, trig: Trigger) -> tuple[list[list[Token]], list[Token], bool]:
        """Actor candidates of a noun trigger, in order of preference, and its recipient heads.

        "talks *between X and Y*", "*Russia's* attack", "attack *by* rebels", "*Russian* strikes", then
        the subject of the verb that governs the noun ("*Israel* imposed a curfew").
        """
        tok = trig.token
        if tok.dep_ == "compound" and up(tok).pos_ in {"NOUN", "PROPN"}:
            tok = up(tok)  # "a *mediation* effort between X and Y"
        reciprocal = False
        candidates: list[list[Token]] = []
        recipient_heads: list[Token] = []
        if trig.entry.frame == "demand":
            # "its demand *that Israel* ease restrictions": who is to act is the clause's subject
            clauses = [c for c in kids(tok) if c.dep_ in {"acl", "relcl", "ccomp"}]
            gov = governor_of(tok)
            if gov is not None:
                clauses += [c for c in kids(gov) if c.dep_ == "ccomp"]
            recipient_heads.extend(
                s for c in clauses if any(m.dep_ == "mark" for m in kids(c))
                for s in kids(c) if s.dep_ in SUBJECT_DEPS and s.lower_ not in RELATIVE_PRONOUNS
            )  # fmt: skip
        between = _prep_objects([tok], {"between", "among"})
        if between and trig.entry.mode == "third-party":
            recipient_heads.extend(between)  # "mediation *between X and Y*": the mediator acts on them
        elif between:
            candidates.append(between)
            reciprocal = True
        candidates.append([c for c in kids(tok) if c.dep_ == "poss"])
        candidates.append(_prep_objects([tok], {"by"}))
        candidates.append([c for c in kids(tok) if c.dep_ in {"amod", "compound", "nmod"}])
        gov = governor_of(tok)
        if gov is not None and gov.lemma_.lower() in self.reporting_verbs:
            gov = None  # "said *at a meeting*": the meeting is where it was said, not the sayer's event
        if gov is not None:
            gov_actors, gov_recipients = self._verb_like_heads(gov)
            candidates.append(gov_actors)
            recipient_heads.extend(gov_recipients)
        for p in _children([tok], {"prep"}):
            if p.lower_ in RECIPIENT_PREPS:
                recipient_heads.extend(o for o in kids(p) if o.dep_ == "pobj" and not is_venue(p, o))
        return [c for c in candidates if c], recipient_heads, reciprocal

    def _verb_like_heads(self, verb: Token) -> tuple[list[Token], list[Token]]:
        """Arguments of a light verb that governs a noun trigger ("*Israel imposed* a curfew *on* Gaza")."""
        actors = _prep_objects([verb], {"by"}) if is_passive([verb]) else subject_heads(verb)
        recipients: list[Token] = []
        for p in _children([verb], {"prep", "dative"}):
            if p.lower_ in RECIPIENT_PREPS:
                recipients.extend(o for o in kids(p) if o.dep_ == "pobj" and not is_venue(p, o))
        recipients.extend(c for c in kids(verb) if c.dep_ in {"dative", "iobj"})
        return actors, recipients

    def arguments(self, trig: Trigger) -> Arguments:
        """Actor and recipient lists of a trigger (possibly empty: the caller drops actor-less events)."""
        return self.recipients(self.actors(trig))

    def actors(self, trig: Trigger) -> ActorReading:
        """The first half of :meth:`arguments`: the trigger's argument heads and its actors.

        A trigger whose actors are empty gives no event unless the coder finds an unidentified actor
        for it, and that test does not read the recipients: the coder asks for them
        (:meth:`recipients`) only when the event can be made, instead of reading them for every trigger.
        """
        reciprocal = trig.entry.reciprocal
        own = {t.i for t in trig.tokens}
        noun = trig.token.pos_ == "NOUN"  # read once: ``Token.pos_`` is among spaCy's dearer reads
        if noun:
            candidates, recipient_heads, between = self._noun_arguments(trig)
            reciprocal = reciprocal or between
        else:
            candidates, recipient_heads = self._verb_arguments(trig)
        actors: list[Actor] = []
        via_a = False
        actor_heads: list[Token] = []
        for loose in self.passes:
            for heads in candidates:
                actor_heads = [h for h in heads if h.i not in own]
                actors, via_a = self.entities(actor_heads, loose=loose)
                if noun:
                    actors = [a for a in actors if not _venue_modifier(a, actor_heads)]
                if actors:
                    break
            if actors:
                break
        return ActorReading(trig, reciprocal, recipient_heads, actors, via_a, actor_heads)

    def recipients(self, reading: ActorReading) -> Arguments:
        """The second half of :meth:`arguments`: the recipients, given the trigger's actor reading (whose
        actor list it may extend: a reading is read once)."""
        trig, recipient_heads, actors = reading.trig, reading.recipient_heads, reading.actors
        reciprocal, via_a, actor_heads = reading.reciprocal, reading.via_actor, reading.actor_heads
        via_r = False
        recipients: list[Actor] = []
        recipient_heads = [
            h for h in recipient_heads if h not in actor_heads and h.lemma_.lower() not in self.instruments
        ]
        for loose in self.passes:
            recipients, via_r = self.entities(recipient_heads, loose=loose)
            if recipients:
                break
        recipients = [
            r for r in recipients if not any(r.start == a.start for a in actors if r.start is not None)
        ]
        if (self.instruments or self.place_nouns) and recipients:
            # "fired *a volley of rockets* at ...": reached through a measure noun, still a weapon;
            # "re-captured *the village* of X": the place taken is where the act happens, not a party
            # (while the people of a village that is shelled are its victims)
            entry = trig.entry
            violent, territorial = entry.event == "ASSAULT", "territory" in entry.context
            recipients = [
                r for r in recipients if not self._not_a_party(trig.token.doc, r, violent, territorial)
            ]
        if not recipients and trig.complements:
            # "refused to deploy peacekeepers *in Iraq*", "threatened to cut off power *to X*"
            for comp in trig.complements:
                sub = self.arguments(comp)
                if not sub.actor:
                    continue
                recipients = [r for r in sub.recipient if not any(_same(r, a) for a in actors)]
                if recipients:
                    break
        if not recipients and actors and trig.entry.frame in CONTENT_FRAMES:
            # "offered to hand over the suspects *to Britain*", "threatened to deliver blows *to X*": the
            # party of the act offered, threatened or refused, when that act is no trigger of its own
            heads = [
                o
                for c in _children(trig.syntax_tokens or (trig.token,), {"xcomp"})
                for p in _children([c], {"prep", "dative"})
                if p.lower_ in RECIPIENT_PREPS
                for o in kids(p)
                if o.dep_ == "pobj" and not is_venue(p, o) and o.lemma_.lower() not in self.instruments
            ]
            if heads:
                found, via_c = self.entities(heads, loose=False)
                recipients = [r for r in found if not any(_same(r, a) for a in actors)]
                via_r = via_r or (via_c and bool(recipients))
        if not actors:
            # no named actor: the recipients still serve an unidentified one ("three villagers were killed")
            return Arguments(actor=[], recipient=recipients, via_pronoun=via_r)
        if reciprocal:
            # "negotiators return *to Geneva* for talks": a meeting place is not a party to it
            recipients = [r for r in recipients if not _place_population(r, recipient_heads)]
        if reciprocal and trig.entry.mode != "visit":
            for r in recipients:
                if not any(_same(r, a) for a in actors):
                    actors.append(r)
            recipients = []
        recipients = [r for r in recipients if not any(_same(r, a) and r.start == a.start for a in actors)]
        return Arguments(actor=actors, recipient=recipients, via_pronoun=via_a or via_r)


def _modifier_conjuncts(head: Token) -> tuple[Token, ...]:
    """The conjuncts of the head's coordinated ``amod``/``compound`` modifiers ("*Russian and US*
    officials"), in modifier order; read once per head of the document being coded (the strict and
    loose passes and every trigger sharing the head ask again)."""
    memo = doc_memo(head.doc)
    key = ("modifier-conjuncts", head.i)
    found = memo.get(key)
    if found is None:
        out: list[Token] = []
        for m in kids(head):
            if m.dep_ not in {"amod", "compound"}:
                continue
            if not any(c.dep_ == "conj" for c in kids(m)):
                continue  # no conjunct hangs on it (``Token.conjuncts`` walks the tree to say so)
            out.extend(m.conjuncts)
        found = memo[key] = tuple(out)
    return found  # type: ignore[no-any-return]


def _same(a: Actor, b: Actor) -> bool:
    """Two mentions of the same entity for list purposes (one list entry per entity mention)."""
    if a.start is not None and b.start is not None:
        return a.start == b.start and a.code == b.code
    return a.code == b.code and a.text == b.text


def _unique_codes(actors: list[Actor]) -> list[Actor]:
    """One actor per code for one head ("US President Donald Trump" is one entity, not two)."""
    out: list[Actor] = []
    for a in actors:
        if all(a.code != b.code or (a.sector != b.sector and a.sector and b.sector) for b in out):
            out.append(a)
    return out


def _venue_modifier(actor: Actor, heads: list[Token]) -> bool:
    """A city naming where an event noun happens ("the *Istanbul* talks"): its venue, not a party.

    The actors stage codes a city's name as its civilians (sector CVL); a city that stands for a
    government (a capital as metonym) has another sector and stays an actor ("*Moscow*'s offensive").
    """
    if actor.sector != "CVL":
        return False
    return any(
        h.dep_ in {"compound", "nmod", "amod"} and h.ent_type_ in PLACE_LABELS and actor.start == h.idx
        for h in heads
    )


def _place_population(actor: Actor, heads: list[Token]) -> bool:
    """A place name the actors stage read as its population (sector CVL), among prepositional objects."""
    return actor.sector == "CVL" and any(
        h.dep_ == "pobj" and h.ent_type_ in PLACE_LABELS and h.idx == actor.start for h in heads
    )
