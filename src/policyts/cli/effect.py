"""Subcommand ``policyts effect``: the effect of a dated event on a column of a CSV file.

A stable contract: other tools parse the ``--json`` output. Its keys include
``first_treated`` (time label of the first treated period), ``n_pre`` and ``n_post``
(periods used before and after), ``level_change`` and ``slope_change`` (each
``{"estimate", "ci": [lo, hi], "p_value", ...}`` on the model's scale -- log points for
``--log`` and ``--model counts`` -- or null when not estimated), ``p_value`` (the model's
joint test), ``placebo_p_value`` (placebo-in-time), ``placebo_space_p_value`` and
``warnings`` (a list of strings naming, among others, every catalogue event inside the
confounder window). ``details`` carries ``frequency`` (``year``, ``quarter``, ``month``),
``seasonal`` (the seasonal terms used, in words), ``seasonal_terms`` (their names, empty
when none) and, on quarterly and monthly data, ``seasonality_test``.

On monthly and quarterly data the default adds seasonal dummies when the pre-period is
seasonal (``--seasonal none`` turns them off, with a warning on seasonal data). ``--log``
logs the series only; ``--log-controls`` logs the controls too. The placebo-in-space test
runs only on ``--placebo-units`` (a synthetic control's donors are its placebo units).
"""

from __future__ import annotations

import argparse
from typing import Any

from policyts.cli._io import frame, print_json, read_columns

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add ``policyts effect`` to the ``policyts`` command."""
    p = sub.add_parser(
        "effect",
        help="effect of a dated event on a column of a CSV file (interrupted time series, "
        "count, structural, synthetic-control and intervention-ARIMA models)",
        description=(
            "Estimate whether a dated event changed the path of a series, by how much, and "
            "how sure we can be: level and slope change with intervals and p-values "
            "(analytic and placebo), per-period and cumulative effects, and warnings naming "
            "catalogue events near the date. --event is a catalogue id (see `policyts "
            "events`), a date YYYY-MM-DD, or a period label of the series; it becomes the "
            "first treated period by the catalogue rule."
        ),
    )
    p.add_argument("file", metavar="FILE.csv", help="CSV file with a time column")
    p.add_argument("--time", required=True, metavar="COL", help="time column (years or dates)")
    p.add_argument("--y", required=True, metavar="COL", help="column to analyse")
    p.add_argument(
        "--event", required=True, metavar="ID|DATE", help="catalogue id, date or period label"
    )
    p.add_argument(
        "--model",
        choices=("its", "counts", "ucm", "sarimax", "regression", "synthetic"),
        default="its",
        help="its: segmented regression (default); counts: its count GLM; ucm: structural "
        "time series; sarimax: intervention ARIMA; regression: on the controls; synthetic: "
        "synthetic control",
    )
    p.add_argument(
        "--controls", nargs="+", default=[], metavar="COL", help="control series columns"
    )
    p.add_argument(
        "--placebo-units",
        nargs="+",
        default=None,
        metavar="COL",
        help="columns for the placebo-in-space test (only these; default none, except "
        "for synthetic, whose donors are the placebo units)",
    )
    p.add_argument(
        "--placebo-max-pre-mspe",
        type=float,
        default=None,
        metavar="K",
        help="leave out placebo units whose pre-period MSPE exceeds K times the treated "
        "unit's (Abadie et al. 2010: 20, 5, 2)",
    )
    p.add_argument(
        "--log",
        action="store_true",
        help="model the log of the series (and of placebo units and synthetic donors)",
    )
    p.add_argument(
        "--log-controls", action="store_true", help="also take logs of the control regressors"
    )
    p.add_argument(
        "--freq",
        choices=("year", "quarter", "month"),
        default=None,
        help="frequency of the series (default: read from the time labels)",
    )
    p.add_argument(
        "--seasonal",
        choices=("auto", "dummies", "fourier", "none"),
        default="auto",
        help="seasonal terms for quarterly and monthly data (default auto: dummies when "
        "the pre-period is seasonal; none: leave them out)",
    )
    p.add_argument("--harmonics", type=int, default=None, metavar="K", help="Fourier harmonics")
    p.add_argument(
        "--seasonal-order",
        nargs="+",
        type=int,
        default=None,
        metavar="N",
        help="sarimax seasonal order: P D Q [S]",
    )
    p.add_argument(
        "--errors",
        choices=("ar1", "iid", "hac", "ima"),
        default=None,
        help="its errors (ima: ARIMA(0,1,1), for integrated series)",
    )
    p.add_argument(
        "--family",
        choices=("negbin", "poisson", "quasipoisson"),
        default=None,
        help="counts family",
    )
    p.add_argument(
        "--order",
        nargs=3,
        type=int,
        default=None,
        metavar=("P", "D", "Q"),
        help="sarimax ARIMA order",
    )
    p.add_argument("--components", default=None, metavar="SPEC", help="ucm trend (lltrend ...)")
    p.add_argument(
        "--interventions",
        nargs="+",
        choices=("step", "ramp", "pulse"),
        default=None,
        help="intervention terms (default: step ramp)",
    )
    p.add_argument("--no-trend", action="store_true", help="no linear trend")
    p.add_argument("--rule", choices=("majority", "containing", "next"), default="majority")
    p.add_argument("--anticipation", type=int, default=0, metavar="K")
    p.add_argument(
        "--exclude",
        nargs=2,
        type=int,
        default=None,
        metavar=("BEFORE", "AFTER"),
        help="periods dropped before and from the first treated period",
    )
    p.add_argument("--allow-imprecise", action="store_true", help="accept coarse event dates")
    p.add_argument("--level", type=float, default=0.95, help="confidence level")
    p.add_argument("--bootstrap", type=int, default=None, metavar="B", help="ar1 bootstrap draws")
    p.add_argument("--no-placebo", action="store_true", help="skip the placebo tests")
    p.add_argument("--confounder-window", type=int, default=1, metavar="W")
    p.add_argument(
        "--jurisdiction",
        default=None,
        metavar="CODE",
        help=(
            "where the series comes from (CN, CN-FJ, GB, ... or none): only catalogued events "
            "of that place are confounders (default: the event's own jurisdiction for a "
            "catalogued id, none for a date)"
        ),
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_effect)


def _effect(args: argparse.Namespace) -> int:
    from policyts.models.effects import effect

    placebo_cols = list(args.placebo_units or [])
    cols = list(dict.fromkeys([args.y, *args.controls, *placebo_cols]))
    data = read_columns(args.file, args.time, cols)
    y = data[args.y].copy()
    y.name = args.y
    res = effect(
        y,
        event=args.event,
        model=args.model,
        log=args.log,
        controls=frame(data, args.controls),
        placebo_units=frame(data, placebo_cols) if args.placebo_units else None,
        rule=args.rule,
        anticipation=args.anticipation,
        exclude=tuple(args.exclude) if args.exclude else None,
        allow_imprecise=args.allow_imprecise,
        interventions=args.interventions,
        trend=False if args.no_trend else None,
        errors=args.errors,
        bootstrap=args.bootstrap,
        family=args.family,
        order=tuple(args.order) if args.order else None,
        components=args.components,
        level=args.level,
        placebo=not args.no_placebo,
        confounder_window=args.confounder_window,
        jurisdiction=_jurisdiction(args.jurisdiction, args.event),
        seed=args.seed,
        freq=args.freq,
        seasonal={"auto": None, "none": False}.get(args.seasonal, args.seasonal),
        harmonics=args.harmonics,
        seasonal_order=tuple(args.seasonal_order) if args.seasonal_order else None,
        log_controls=args.log_controls,
        placebo_max_pre_mspe=args.placebo_max_pre_mspe,
    )
    if args.json:
        print_json(res.to_dict(), ensure_ascii=False)
    else:
        print(res.summary())
    return 0


def _jurisdiction(given: str | None, event: str) -> str:
    """The series' jurisdiction: as given; else that of a catalogued event (a Chinese series
    tested at a Chinese event); else "none", so that a user's file dated by the user is not
    judged against China's catalogue."""
    from policyts import events

    if given is not None:
        return given
    if event.strip()[:1].isalpha():
        return events.get(event.strip()).jurisdiction
    return "none"
