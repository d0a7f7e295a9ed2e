"""Subcommand ``policyts events``: the dated policy events of the catalogue.

``--json`` prints a list of objects with keys ``id, date, precision, title, kind,
jurisdiction, source``.
"""

from __future__ import annotations

import argparse
from typing import Any

from policyts import events
from policyts.cli._io import print_json

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``policyts events [--json] [--kind KIND]`` to the ``policyts`` command.

    Examples
    --------
    >>> import argparse
    >>> from policyts.cli.events import register
    >>> parser = argparse.ArgumentParser(prog="policyts")
    >>> register(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["events", "--kind", "policy"])
    >>> args.command, args.kind, args.json
    ('events', 'policy', False)
    """
    p = subparsers.add_parser(
        "events",
        help="list the dated policy events",
        description=(
            "List the dated policy, statistical and institutional events with their "
            "sources. Dates are shown at their precision (a month-precision date stands "
            "for the whole month)."
        ),
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of objects (id, date, precision, title, kind, jurisdiction, "
        "source)",
    )
    p.add_argument(
        "--kind", default=None, metavar="KIND", help=f"only one kind: {', '.join(events.KINDS)}"
    )
    p.set_defaults(func=_cli_events)


def _cli_events(args: argparse.Namespace) -> int:
    selected = events.CATALOGUE.between(None, None, kind=args.kind)
    if args.json:
        keys = ("id", "date", "precision", "title", "kind", "jurisdiction", "source")
        out = [{k: e.to_dict()[k] for k in keys} for e in selected]
        print_json(out, clean=False, ensure_ascii=False)
        return 0
    header = ("id", "date", "precision", "kind", "jurisdiction", "title")
    rows = [(e.id, e.label, e.precision, e.kind, e.jurisdiction, e.title) for e in selected]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header[:-1])]
    for r in [header, tuple("-" * w for w in widths) + ("-----",), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1])
    print(
        f"\n{len(rows)} event(s). Dates are shown at their precision. Sources: "
        "policyts events --json; sources and notes: policyts.events.to_frame()."
    )
    return 0
