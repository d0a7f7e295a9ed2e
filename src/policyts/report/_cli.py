"""``policyts report``: arguments to :func:`policyts.report.run_report`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from policyts.report._run import run_report
from policyts.report._spec import DEFAULT_ANALYSES, AnalysisSpec


def register(sub: Any) -> None:
    """Add ``policyts report`` to the ``policyts`` command."""
    p = sub.add_parser(
        "report",
        help="run the analyses on the bundled data and write a report",
        description=(
            "Run the claims audit and the break analyses on the bundled data and write "
            "index.html (or index.md), figures/ and results.json to --out."
        ),
    )
    p.add_argument("--out", default="report", help="output directory (default: report)")
    p.add_argument("--format", choices=("html", "md"), default="html")
    p.add_argument("--events", nargs="+", default=None, metavar="ID", help="event ids to test")
    p.add_argument(
        "--csv",
        default=None,
        metavar="FILE",
        help="also analyse columns of your own CSV file (with --time and --y)",
    )
    p.add_argument("--time", default="year", help="time column of --csv (default: year)")
    p.add_argument("--y", nargs="+", default=None, metavar="COL", help="columns of --csv")
    p.add_argument("--log", action="store_true", help="analyse the log of the --csv columns")
    p.add_argument(
        "--no-bundled",
        action="store_true",
        help=(
            "analyse only the --csv columns: leave out the bundled series, claims, audit, "
            "indicator figures and comparators"
        ),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=(
            "write into an existing folder that no report wrote, beside its files (none of "
            "them is ever deleted or overwritten)"
        ),
    )
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    analyses: tuple[AnalysisSpec, ...] = () if args.no_bundled else DEFAULT_ANALYSES
    if args.no_bundled and args.csv is None:
        raise ValueError("--no-bundled analyses only your own series: give --csv FILE --y COL")
    if args.csv is not None:
        if not args.y:
            raise ValueError("--csv needs the columns to analyse: --y COL [COL ...]")
        analyses = analyses + tuple(
            AnalysisSpec.from_csv(args.csv, col, time=args.time, log=args.log) for col in args.y
        )
    elif args.y:
        raise ValueError("--y names columns of a CSV file: give the file with --csv FILE")
    res = run_report(
        args.out,
        fmt=args.format,
        event_ids=tuple(args.events or ()) or None,
        analyses=analyses,
        progress=sys.stderr.isatty(),
        force=args.force,
        bundled=not args.no_bundled,
    )
    n_fig = sum(1 for i in res["indicators"] if i["figure"])
    print(
        f"wrote {args.out}/index.{args.format}, {args.out}/results.json and figures "
        f"({len(res['analyses'])} analyses, {len(res['claims'])} claims, {n_fig} indicator "
        "figures)"
    )
    return 0
