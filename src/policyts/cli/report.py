"""Subcommand ``policyts report``: arguments to :func:`policyts.report.run_report`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from policyts.report import DEFAULT_ANALYSES, DEFAULT_EVENTS, AnalysisSpec, run_report

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add ``policyts report`` to the ``policyts`` command.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="policyts")
    >>> register(parser.add_subparsers())
    >>> args = parser.parse_args(["report", "--out", "my-report", "--format", "md"])
    >>> args.out, args.format, args.force
    ('my-report', 'md', False)
    """
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
        "--event",
        nargs="+",
        default=None,
        metavar="WHEN",
        help=(
            "your own event dates for the --csv columns (YYYY, YYYY-MM, YYYYQn, YYYY-MM-DD) or "
            "catalogued ids: the columns are then tested against these events only"
        ),
    )
    p.add_argument(
        "--jurisdiction",
        default=None,
        metavar="CODE",
        help=(
            "where the --csv series comes from (CN, CN-FJ, GB, ... or none): only catalogued "
            "events of that place count as confounders (default: CN, or none with --event)"
        ),
    )
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
    extra, named = _user_events(args.event)
    if args.csv is not None:
        if not args.y:
            raise ValueError("--csv needs the columns to analyse: --y COL [COL ...]")
        jurisdiction = args.jurisdiction or ("none" if args.event else "CN")
        mine = tuple(
            AnalysisSpec.from_csv(
                args.csv,
                col,
                time=args.time,
                log=args.log,
                jurisdiction=jurisdiction,
                events=named,
            )
            for col in args.y
        )
        analyses = mine + analyses  # the user's series first
    elif args.y or args.event or args.jurisdiction:
        raise ValueError(
            "--y, --event and --jurisdiction concern a CSV file: give the file with --csv FILE"
        )
    res = run_report(
        args.out,
        fmt=args.format,
        event_ids=_catalogue_ids(args.events, named, extra),
        analyses=analyses,
        progress=sys.stderr.isatty(),
        force=args.force,
        bundled=not args.no_bundled,
        extra_events=extra,
    )
    n_fig = sum(1 for i in res["indicators"] if i["figure"])
    print(
        f"wrote {args.out}/index.{args.format}, {args.out}/results.json and figures "
        f"({len(res['analyses'])} analyses, {len(res['claims'])} claims, {n_fig} indicator "
        "figures)"
    )
    return 0


def _user_events(whens: list[str] | None) -> tuple[tuple[Any, ...], tuple[str, ...] | None]:
    """(the user's own events, the ids the --csv columns are tested against)."""
    from policyts import events

    if not whens:
        return (), None
    extra, named = [], []
    for w in whens:
        if w.strip()[:1].isdigit():
            ev = events.user_event(w, title=f"event given with --event {w}")
            extra.append(ev)
            named.append(ev.id)
        else:
            named.append(events.get(w).id)  # a catalogued id; unknown ids raise
    if len(set(named)) != len(named):
        raise ValueError(f"--event names an event twice: {whens}")
    return tuple(extra), tuple(named)


def _catalogue_ids(
    events_arg: list[str] | None, named: tuple[str, ...] | None, extra: tuple[Any, ...]
) -> tuple[str, ...] | None:
    """The catalogued events to test: --events (or the defaults), plus any catalogued id
    that --event names for the --csv columns."""
    ids = tuple(events_arg or ()) or DEFAULT_EVENTS
    own = {e.id for e in extra}
    more = tuple(e for e in (named or ()) if e not in own and e not in ids)
    return ids + more
