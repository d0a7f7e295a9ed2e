"""Subcommand ``policyts panel-breaks``: a break common to all units of a long-format CSV.

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
import json
from typing import Any


def _trim(value: str) -> float | int:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--trim must be a fraction in (0, 0.5) or a whole number of periods, not {value!r}"
        ) from None
    return int(x) if x >= 1 and x.is_integer() else x


def register(sub: Any) -> None:
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


def _listing(items: list[str], limit: int = 8) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def read_long_panel(path: str, time: str, unit: str, y: str, *, log: bool = False) -> Any:
    """Read a long-format CSV into a wide ``DataFrame`` (time x unit), strictly.

    Raises ``ValueError`` naming the problem: a missing column, empty unit or time cells,
    duplicate unit-periods, non-numeric or non-finite values, non-positive values with
    ``log=True``, fewer than two units, or missing unit-periods (an unbalanced panel).
    Nothing is dropped.
    """
    import numpy as np
    import pandas as pd

    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a readable CSV file ({exc})") from None
    for col, flag in ((time, "--time"), (unit, "--unit"), (y, "--y")):
        if col not in raw.columns:
            raise ValueError(
                f"{path}: {flag} column {col!r} not found; columns: {list(raw.columns)}"
            )
    line = pd.Series(np.arange(len(raw)) + 2, index=raw.index)  # header is line 1
    for col in (time, unit):
        empty = raw[col].str.strip() == ""
        if empty.any():
            raise ValueError(
                f"{path}: empty {col!r} on lines {_listing(line[empty].astype(str).tolist())}"
            )
    units = raw[unit].str.strip()
    times_txt = raw[time].str.strip()
    as_int = pd.to_numeric(times_txt, errors="coerce")
    times: pd.Series = (
        as_int.astype("int64") if as_int.notna().all() and (as_int % 1 == 0).all() else times_txt
    )
    dup = pd.DataFrame({"u": units, "t": times}).duplicated(keep=False)
    if dup.any():
        pairs = sorted({f"{u} {t}" for u, t in zip(units[dup], times[dup], strict=True)})
        raise ValueError(f"{path}: duplicate unit-periods ({len(pairs)}): {_listing(pairs)}")
    text = raw[y].str.strip()
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | ~np.isfinite(values.fillna(0.0))
    if bad.any():
        cells = [
            f"{u} {t} (line {n}: {v!r})"
            for u, t, n, v in zip(units[bad], times[bad], line[bad], text[bad], strict=True)
        ]
        raise ValueError(f"{path}: non-numeric or missing {y!r} values: {_listing(cells)}")
    if log:
        nonpos = values <= 0
        if nonpos.any():
            cells = [
                f"{u} {t} ({v})"
                for u, t, v in zip(units[nonpos], times[nonpos], values[nonpos], strict=True)
            ]
            raise ValueError(
                f"--log needs positive values; {y!r} is not positive at: {_listing(cells)}"
            )
        values = np.log(values)
    unit_names = list(dict.fromkeys(units))
    if len(unit_names) < 2:
        raise ValueError(
            f"{path}: the {unit!r} column has {len(unit_names)} unit ({_listing(unit_names)}); "
            "a common break needs at least two"
        )
    wide = pd.DataFrame({"u": units, "t": times, "v": values}).pivot(
        index="t", columns="u", values="v"
    )
    wide = wide.sort_index()[unit_names]
    holes = np.argwhere(~np.isfinite(wide.to_numpy(dtype=np.float64)))
    missing = [f"{unit_names[j]} {wide.index[i]}" for i, j in holes.tolist()]
    if missing:
        raise ValueError(
            f"{path}: unbalanced panel, {len(missing)} unit-periods are missing: {_listing(missing)}"
        )
    wide.index.name = time
    wide.columns.name = unit
    return wide


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
        print(json.dumps(out, indent=2))
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
            "year) with Driscoll-Kraay or unit-clustered standard errors."
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
        choices=("dk", "cluster"),
        default="dk",
        help="standard errors: Driscoll-Kraay (dk, default) or clustered by unit",
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
    if args.json:
        out = res.to_dict()
        out["y"] = f"log({args.y})" if args.log else args.y
        print(json.dumps(out, indent=2))
    else:
        print(res.summary())
    return 0
