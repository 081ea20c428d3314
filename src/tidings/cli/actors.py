"""``tidings actors``: inspect the actor knowledge base and the resolver.

``tidings actors lookup NAME [--date D]`` prints every reading the knowledge base has for a name and why;
``tidings actors parse TEXT [--date D]`` prints the actors the resolver finds in a sentence.
"""

from __future__ import annotations

import argparse
import json
import sys

from tidings.cli.common import iso_date


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "actors",
        help="look up actors in the knowledge base",
        description="Inspect how names resolve to PLOVER actors (country/special code + sector).",
        epilog="examples:\n  tidings actors lookup Trump --date 2023-06-01\n"
        '  tidings actors parse "Kremlin spokesman Dmitry Peskov told reporters." --date 2025-02-27',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    acts = p.add_subparsers(dest="actors_command", metavar="ACTION")
    lk = acts.add_parser("lookup", help="resolve a bare name and say why")
    lk.add_argument("name", metavar="NAME")
    lk.add_argument("--date", type=iso_date, default=None, metavar="D", help="date of the text (YYYY-MM-DD)")
    lk.add_argument("--json", action="store_true", help="print JSON lines")
    lk.set_defaults(func=run_lookup)
    ps = acts.add_parser("parse", help="resolve every actor mention in a sentence")
    ps.add_argument("text", metavar="TEXT")
    ps.add_argument("--date", type=iso_date, default=None, metavar="D", help="date of the text (YYYY-MM-DD)")
    ps.set_defaults(func=run_parse)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def run_lookup(args: argparse.Namespace) -> int:
    from tidings.actors import lookup

    found = lookup(args.name, args.date)
    if not found:
        print(
            f"'{args.name}': not in the knowledge base (an unknown name is coded UNK unless its phrase "
            f"gives a country and a role)",
            file=sys.stderr,
        )
        return 1
    for r in found:
        a = r.actor
        if args.json:
            print(json.dumps({"actor": a.model_dump(mode="json"), "reason": r.reason, "source": r.source}))
            continue
        code = "/".join(x for x in (a.code, a.sector) if x)
        extra = ", ".join(x for x in (a.name, a.office, a.wikidata) if x)
        print(f"{code:<8} {extra}")
        print(f"         why: {r.reason} [{r.source}]")
    return 0


def run_parse(args: argparse.Namespace) -> int:
    from tidings import nlp as nlp_mod

    nlp = nlp_mod.load(stages=("tidings_entity_ruler", "tidings_actors"))
    doc = nlp(nlp_mod.make_doc(nlp, args.text, "cli", args.date))  # type: ignore[arg-type]
    for a in doc._.actor_mentions or []:
        code = "/".join(x for x in (a.code, a.sector) if x)
        print(f"{a.start:>4}-{a.end:<4} {code:<8} {a.text!r}  {a.name or ''}  ({a.rule})")
    return 0
