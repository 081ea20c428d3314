"""``tidings eval KIND``: score a stage against a gold set in ../shared/gold.

Each kind is a module ``tidings.evaluate.KIND`` exposing ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib

KINDS: tuple[tuple[str, str], ...] = (
    ("events", "PLOVER event coding on plover-gsr, petrarch-validation and case2021"),
    ("actors", "actor and recipient country/sector on plover-gsr"),
    ("timex", "TIMEX3 value accuracy and F1 on TempEval-3 (TimeBank + AQUAINT)"),
    ("geo", "toponym detection and resolution on GeoWebNews and LGL"),
    ("quotes", "quote and speaker attribution on PolNeAR"),
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "eval",
        help="score against gold sets",
        description="Score a stage against a gold set (read from ../shared/gold at evaluation time).",
    )
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    for name, help_text in KINDS:
        module = importlib.import_module(f"tidings.evaluate.{name}")
        kp = kinds.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(kp)
        kp.set_defaults(func=module.run)
    p.set_defaults(func=lambda args: p.print_help() or 2)
