"""``tidings timex``: print the time expressions of articles, one JSON line per expression."""

from __future__ import annotations

import argparse
import json
import sys

from tidings.cli.common import DocumentSource, add_paths


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "timex",
        help="print time expressions normalised against the article date",
        description="Find time expressions and normalise them to TIMEX3 against each article's date; "
        "print one JSON line per expression (doc_id, start, end, text, type, value, mod).",
        epilog="examples:\n  tidings timex article.txt\n  cat feed.jsonl | tidings timex -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tidings import nlp as nlp_mod

    source = DocumentSource(args.paths)
    nlp = nlp_mod.load(stages=("tidings_time",))
    out = sys.stdout
    docs = (nlp_mod.make_doc(nlp, d.text, d.id, d.date) for d in source)
    for doc in nlp.pipe(docs, batch_size=32):
        for t in doc._.timexes or []:
            row = {
                "doc_id": doc._.doc_id,
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "mod": t.mod,
            }
            if t.range_start:
                row["range_start"], row["range_end"] = t.range_start, t.range_end
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if source.refused else 0
