"""Subcommands ``policyts panel-breaks`` (a break common to all units of a long-format CSV)
and ``policyts panel-effect`` (their common shift at an event).

The ``--json`` output is a contract other tools parse::

    {"break": {"index": i, "label": L, "end_label": E, "ci": [lo_end, hi_end], ...},
     "statistic": F, "p_value": p, "n_units": N, "n_periods": T,
     "by_unit": [{"unit": u, "break_label": L_u, "p_value": p_u, ...}, ...], ...}

``index`` is the 0-based position of the first period of the new regime, ``label`` its
time label, ``end_label`` the last period of the old regime; ``ci`` is in end labels as in
the ``breaks`` subcommand (``ci_labels`` gives it in first-period labels).
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from policyts.cli._io import print_json, read_long_panel

__all__ = ["register"]


def _trim(value: str) -> float | int:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--trim must be a fraction in (0, 0.5) or a whole number of periods, not {value!r}"
        ) from None
    return int(x) if x >= 1 and x.is_integer() else x


def register(sub: Any) -> None:
    """Add ``panel-breaks`` and ``panel-effect`` to an argparse subparsers object."""
    p = sub.add_parser(
        "panel-breaks",
        help="a structural break common to all units of a long-format panel CSV",
        description=(
            "Date a level shift common to all units (Bai 2010 least squares, unit fixed "
            "effects and optionally unit trends) and test it allowing for a common factor."
        ),
    )
    p.add_argument("file", metavar="FILE.csv", help="long-format CSV: one row per unit and period")
    p.add_argument("--time", required=True, metavar="COL", help="time column (e.g. year)")
    p.add_argument("--unit", required=True, metavar="COL", help="unit column (e.g. province)")
    p.add_argument("--y", required=True, metavar="COL", help="column to analyse")
    p.add_argument("--trend", action="store_true", help="unit-specific linear trends")
    p.add_argument("--log", action="store_true", help="analyse the natural log of --y")
    p.add_argument("--trim", type=_trim, default=0.15, metavar="H", help="minimum regime length")
    p.add_argument("--at", default=None, metavar="LABEL", help="test at this known date")
    p.add_argument("--level", type=float, default=0.95, help="confidence level of the interval")
    p.add_argument("--bootstrap", type=int, default=499, metavar="B", help="bootstrap draws")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_panel_breaks)
    register_panel_effect(sub)


def _panel_breaks(args: argparse.Namespace) -> int:
    from policyts.models.common_break import common_break

    wide = read_long_panel(args.file, args.time, args.unit, args.y, log=args.log)
    at: Any = args.at
    if at is not None and wide.index.dtype.kind == "i":
        try:
            at = int(at)
        except ValueError:
            raise ValueError(f"--at {args.at!r} is not a period of the panel") from None
    res = common_break(
        wide,
        trend=args.trend,
        trim=args.trim,
        at=at,
        level=args.level,
        bootstrap=args.bootstrap,
        seed=args.seed,
    )
    if args.json:
        out = res.to_dict()
        out["y"] = f"log({args.y})" if args.log else args.y
        out["break_convention"] = (
            "index = 0-based position of the first period of the new regime; label = its time "
            "label; end_label = last period of the old regime; ci = interval for the date in "
            "end labels (ci_labels: in first-period labels)"
        )
        print_json(out, clean=False)
    else:
        print(res.summary())
    return 0


def _event_arg(value: str) -> Any:
    text = value.strip()
    return int(text) if text.isdigit() else text


def register_panel_effect(sub: Any) -> None:
    """``policyts panel-effect``: the common shift of a long-format panel at an event."""
    p = sub.add_parser(
        "panel-effect",
        help="the common shift of all units of a long-format panel CSV at a national event",
        description=(
            "Unit fixed-effects segmented regression (unit intercepts, optionally unit "
            "trends, a level shift common to all units from the event's first affected "
            "year) with Driscoll-Kraay, unit-clustered or ar1-mmc standard errors."
        ),
    )
    p.add_argument("file", metavar="FILE.csv", help="long-format CSV: one row per unit and year")
    p.add_argument("--time", required=True, metavar="COL", help="year column")
    p.add_argument("--unit", required=True, metavar="COL", help="unit column (e.g. province)")
    p.add_argument("--y", required=True, metavar="COL", help="column to analyse")
    p.add_argument(
        "--event",
        required=True,
        type=_event_arg,
        metavar="ID_OR_YEAR",
        help="catalogue event id (see `policyts events`) or the first affected year",
    )
    p.add_argument(
        "--trend",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="unit-specific linear trends (default: on)",
    )
    p.add_argument("--log", action="store_true", help="analyse the natural log of --y")
    p.add_argument(
        "--cov",
        choices=("dk", "cluster", "ar1-mmc"),
        default="dk",
        help=(
            "standard errors: Driscoll-Kraay (dk, default), clustered by unit, or ar1-mmc "
            "(t on the cross-section means, maximised Monte Carlo p-value; holds its size "
            "with few years and a common shock)"
        ),
    )
    p.add_argument(
        "--window",
        nargs=2,
        type=int,
        default=None,
        metavar=("START", "END"),
        help="first and last year used",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_panel_effect)


def _panel_effect(args: argparse.Namespace) -> int:
    from policyts.models.panel_effect import panel_effect

    try:
        wide = read_long_panel(args.file, args.time, args.unit, args.y)
    except ValueError as exc:
        # the reader's message speaks of common breaks; the requirement is the same here
        raise ValueError(
            str(exc).replace(
                "a common break needs at least two", "a panel effect needs at least two"
            )
        ) from None
    res = panel_effect(
        wide,
        event=args.event,
        trend=args.trend,
        log=args.log,
        cov=args.cov,
        window=None if args.window is None else tuple(args.window),
    )
    # the column's name, in the summary as in the JSON (the wide frame has none)
    res = dataclasses.replace(res, y=f"log({args.y})" if args.log else args.y)
    if args.json:
        print_json(res.to_dict(), clean=False)
    else:
        print(res.summary())
    return 0
