"""Look a name up without a sentence: ``tidings actors lookup NAME [--date D]``.

Users check what the knowledge base will make of a name, and why, before they trust or edit it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tidings.actors.knowledge import knowledge, normalise
from tidings.records import Actor


@dataclass(frozen=True)
class Resolution:
    """One reading of a name: the actor it codes to and the reason."""

    actor: Actor
    reason: str
    source: str


def lookup(name: str, date: dt.date | None = None) -> list[Resolution]:
    """Every reading of ``name`` in the knowledge base on ``date`` (people first, then entities, roles)."""
    kb = knowledge()
    out: list[Resolution] = []
    for person in kb.person(name):
        office = person.office_on(date)
        if office is not None:
            when = f"on {date}" if date else "with no date given (most recent office)"
            span = f"{office.start or '?'}..{office.end or 'now'}"
            actor = Actor(
                text=name,
                name=person.name,
                code=office.code,
                sector=office.sector,
                wikidata=person.wikidata,
                office=office.title,
                rule="person_table",
            )
            out.append(
                Resolution(actor, f"{person.name} held '{office.title}' ({span}) {when}", "people.tsv")
            )
        else:
            assert date is not None
            last = person.last_before(date) or person.latest()
            actor = Actor(
                text=name,
                name=person.name,
                code=last.code,
                sector="ELI",
                wikidata=person.wikidata,
                office=f"former {last.title}",
                rule="person_table_former",
            )
            out.append(
                Resolution(
                    actor,
                    f"{person.name} held no office in the tables on {date}; "
                    f"coded as a former official (ELI) of {last.code}",
                    "people.tsv",
                )
            )
    for e in kb.entity(name):
        sector = e.sector_on(date)
        actor = Actor(text=name, name=e.name, code=e.code, sector=sector, wikidata=e.wikidata, rule=e.kind)
        why = {
            "country": f"'{name}' names the state {e.name}",
            "adjective": f"'{name}' is a demonym/adjective of {e.name}",
            "capital": f"'{name}' is the seat of government of {e.name} (metonym for its government)",
            "metonym": f"'{name}' stands for {e.code} {sector or ''}".strip(),
            "org": f"'{name}' is the organisation {e.name}",
            "disputed": f"'{name}' is a partially recognised entity claimed by {e.code} (sector PRE)",
            "dependency": f"'{name}' is a dependency folded into {e.code} (PLOVER manual)",
            "ethnic": f"'{name}' is the ethnic group {e.name}, coded by the state the context places it in"
            + (f" (else {e.code})" if e.code != "UNK" else f" (home states: {', '.join(e.states) or '-'})"),
            "city": f"'{name}' is a city of {e.code}: an actor through its people (CVL)",
            "region": f"'{name}' is a region of {e.code}",
        }[e.kind]
        source = {
            "country": "countries.json",
            "adjective": "countries.json",
            "capital": "countries.json",
            "dependency": "countries.json",
            "disputed": "disputed.json",
            "ethnic": "ethnic.json",
            "city": "places.json",
            "region": "places.json",
        }.get(e.kind, "organizations.json")
        out.append(Resolution(actor, why, source))
    role = kb.role(name)
    if role is not None:
        kind = "person" if role.person else "body"
        note = " (generic: takes the sector of the body it is attached to)" if role.generic else ""
        actor = Actor(text=name, code="UNK", sector=role.sector, rule="role")
        out.append(
            Resolution(
                actor,
                f"'{name}' is a {kind} role word for sector {role.sector}{note}; "
                f"the country comes from the phrase around it",
                "roles.json",
            )
        )
    if not out and normalise(name) in kb.modifiers:
        actor = Actor(text=name, code="UNK", sector=kb.modifiers[normalise(name)], rule="modifier")
        out.append(Resolution(actor, f"'{name}' modifies a role's sector", "roles.json"))
    return out
