"""Subcommands ``policyts claims`` and ``policyts audit``.

``policyts claims [--json] [--family F] [--indicator ID]``
    The claim catalogue. As a table (one line per claim) or, with ``--json``, a list of
    objects with keys ``id, indicator, value, unit, period, qualifier, lower, upper, source,
    quote`` and also ``entity, status, derived_from, formula, note``. ``source`` is an object
    ``{publisher, title, date, url, author, via, kind}``; ``lower``/``upper`` are ``null``
    for an unbounded end; bounds use the default :class:`QualifierRule`.

``policyts audit [--json]``
    The consistency audit. As a table or a list of objects with keys ``id, status,
    description, detail`` (and ``claims``). ``status`` is ``consistent``, ``inconsistent`` or
    ``cannot-check``. The exit code is 0 whatever the statuses: the audit reports, it does not
    fail.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from policyts.cli._io import print_json

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``claims`` and ``audit`` subcommands to an argparse subparsers object."""
    p = sub.add_parser("claims", help="list the quantitative claims of the sources")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p.add_argument("--family", help="only claims of this indicator family")
    p.add_argument("--indicator", help="only claims of this indicator id")
    p.set_defaults(func=_claims)

    a = sub.add_parser("audit", help="check the claims against each other")
    a.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    a.set_defaults(func=_audit)


def _bound(x: float) -> float | None:
    return None if math.isinf(x) else x


def _claims(args: argparse.Namespace) -> int:
    from policyts.indicators import claims, indicator_info

    selected = list(claims(args.family))
    if args.indicator is not None:
        indicator_info(args.indicator)  # raises with suggestions when unknown
        selected = [c for c in selected if c.indicator == args.indicator]
    if args.json:
        out = []
        for c in selected:
            lo, hi = c.bounds()
            s = c.source
            out.append(
                {
                    "id": c.id,
                    "indicator": c.indicator,
                    "value": c.value,
                    "unit": c.unit,
                    "period": c.period,
                    "qualifier": c.qualifier,
                    "lower": _bound(lo),
                    "upper": _bound(hi),
                    "source": {
                        "publisher": s.publisher,
                        "title": s.title,
                        "date": s.date,
                        "url": s.url,
                        "author": s.author,
                        "via": s.via,
                        "kind": s.kind,
                    },
                    "quote": c.quote,
                    "entity": c.entity,
                    "status": c.status,
                    "derived_from": list(c.derived_from),
                    "formula": c.formula,
                    "note": c.note,
                }
            )
        print_json(out, clean=False, indent=1, ensure_ascii=False, allow_nan=False)
        return 0
    lines = [
        f"{'id':44s} {'value':>14s} {'unit':16s} {'period':16s} {'qualifier':9s} "
        f"{'lower':>12s} {'upper':>12s}  publisher"
    ]
    for c in selected:
        lo, hi = c.bounds()
        lines.append(
            f"{c.id:44s} {c.value:14.6g} {c.unit:16s} {c.period:16s} {c.qualifier:9s} "
            f"{lo:12.6g} {hi:12.6g}  {c.source.publisher[:60]}"
        )
    lines.append(f"{len(selected)} claims; bounds from the default QualifierRule.")
    print("\n".join(lines))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from policyts.indicators import audit_records

    records = audit_records()
    if args.json:
        print_json(records, clean=False, indent=1, ensure_ascii=False, allow_nan=False)
        return 0
    lines = [f"{'status':13s} {'id':40s} description"]
    for r in records:
        lines.append(f"{r['status']:13s} {r['id']:40s} {r['description']}")
        if r["status"] == "cannot-check":
            lines.append(f"{'':13s} {'':40s} reason: {r['detail'].get('reason', '')}")
    statuses = ("consistent", "inconsistent", "cannot-check")
    counts = {s: sum(r["status"] == s for r in records) for s in statuses}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    print("\n".join(lines))
    return 0
