"""Subcommands ``policyts breaks``, ``chow``, ``cusum`` and ``trend-break``: tests on one
column of a CSV file.

A stable contract: other tools parse the ``--json`` output.  Every break is printed as
``{"index": i, "label": L, "end_label": E, "ci": [lo_end_label, hi_end_label]}`` where
``i`` is the 0-based position of the first observation of the new regime, ``L`` its time
label and ``E`` the label of the last observation of the old regime (strucchange's
``breakdates`` convention, also used for the interval).

With Bai & Perron's error options (``--robust``, ``--het-var``, ``--no-het-data``) or
``--fixed``, the JSON also carries ``options`` (what was assumed) and, for each selected
break, ``index_ci``: the interval in the units of ``index`` (mbreaks' break dates).
"""

from __future__ import annotations

import argparse
from typing import Any

from policyts.cli._io import load_series, print_json

__all__ = ["register"]


def _trim(value: str) -> float | int:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--trim must be a fraction in (0, 0.5) or a whole number of observations, "
            f"not {value!r}"
        ) from None
    return int(x) if x >= 1 and x.is_integer() else x


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE.csv", help="CSV file with a time column")
    p.add_argument("--time", required=True, metavar="COL", help="time column (years or dates)")
    p.add_argument("--y", required=True, metavar="COL", help="column to analyse")
    p.add_argument("--x", action="append", default=[], metavar="COL", help="regressor column")
    p.add_argument("--no-const", action="store_true", help="no intercept")
    p.add_argument("--trend", action="store_true", help="add a linear trend 1..n")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _difference_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--difference",
        action="store_true",
        help="analyse first differences y_t - y_(t-1), labelled t: a break at t is a change "
        "in the growth rate from period t on",
    )


def _seasonal_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--seasonal",
        action="store_true",
        help="monthly or quarterly data: add s-1 seasonal dummies (from the time labels) "
        "whose coefficients stay the same in every regime, so the seasonal cycle is not "
        "taken for breaks",
    )


def register(sub: Any) -> None:
    """Add ``breaks``, ``chow``, ``cusum`` and ``trend-break`` to an argparse subparsers
    object."""
    p = sub.add_parser(
        "breaks",
        help="Bai-Perron multiple breaks and the sup-F test for a column of a CSV file",
        description="Date structural breaks (Bai-Perron) and test for one (sup-F).",
    )
    _common(p)
    p.add_argument("--max-breaks", type=int, default=None, metavar="M")
    p.add_argument(
        "--trim",
        type=_trim,
        default=0.15,
        metavar="H",
        help="minimum regime length: fraction of n in (0, 0.5) or whole number of observations",
    )
    p.add_argument("--select", choices=("bic", "lwz", "kt", "sequential"), default="bic")
    p.add_argument("--level", type=float, default=0.95, help="confidence level of intervals")
    g = p.add_argument_group(
        "Bai & Perron's error options (R mbreaks)",
        "--robust turns on mbreaks' defaults: HAC (quadratic-spectral kernel, Andrews "
        "bandwidth) with AR(1) prewhitening, regressor moments and error variances that "
        "differ across regimes, in the tests and in the intervals. --het-var alone: "
        "serially uncorrelated errors whose variance differs across regimes.",
    )
    g.add_argument(
        "--fixed",
        action="append",
        default=[],
        metavar="COL",
        help="regressor whose coefficient stays the same in every regime",
    )
    g.add_argument("--robust", action="store_true", help="HAC errors (mbreaks robust=1)")
    g.add_argument("--no-prewhite", action="store_true", help="no AR(1) prewhitening")
    g.add_argument(
        "--het-var",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="error variance differs across regimes (default: on with --robust)",
    )
    g.add_argument(
        "--het-data",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="regressor moments differ across regimes (default: on)",
    )
    g.add_argument(
        "--breaks",
        type=int,
        default=None,
        metavar="M",
        help="report M breaks (dates, intervals, coefficients) instead of choosing",
    )
    _difference_flag(p)
    _seasonal_flag(p)
    p.set_defaults(func=_breaks)

    p = sub.add_parser("chow", help="Chow F test at a known date")
    _common(p)
    p.add_argument("--at", required=True, metavar="LABEL", help="first period of the new regime")
    _difference_flag(p)
    _seasonal_flag(p)
    p.set_defaults(func=_chow)

    p = sub.add_parser("cusum", help="OLS-CUSUM fluctuation test")
    _common(p)
    _seasonal_flag(p)
    p.set_defaults(func=_cusum)

    register_trend_break(sub)


def _breaks(args: argparse.Namespace) -> int:
    from policyts.models.bai_perron import bai_perron
    from policyts.models.fstats import sup_f

    y, exog = load_series(args)
    robust_opts: dict[str, Any] = {}
    if args.robust:
        robust_opts.update(robust=True, het_var=True, het_q=True, het_omega=True)
    if args.no_prewhite:
        robust_opts["prewhite"] = False
    if args.het_var is not None:
        robust_opts["het_var"] = args.het_var
    if args.het_data is not None:
        robust_opts["het_data"] = args.het_data
    res = bai_perron(
        y,
        exog,
        trim=args.trim,
        max_breaks=args.max_breaks,
        const=not args.no_const,
        trend=args.trend,
        select=args.select,
        level=args.level,
        fixed=getattr(args, "fixed_frame", None),
        breaks=args.breaks,
        difference=args.difference,
        seasonal=args.seasonal,
        **robust_opts,
    )
    mbreaks_path = res.options.get("engine") == "mbreaks"
    # With --seasonal alone, Andrews' sup-F with the seasonal dummies held fixed answers
    # the same question as the dating.
    seasonal_only = args.seasonal and not robust_opts and not getattr(args, "fixed", [])
    # Andrews' sup-F here is homoskedastic with every coefficient changing: with the mbreaks
    # options or fixed regressors it would answer another question, so it is left out.
    sf = (
        None
        if mbreaks_path and not seasonal_only
        else sup_f(
            y,
            exog,
            trim=res.min_segment,
            const=not args.no_const,
            trend=args.trend,
            difference=args.difference,
            seasonal=args.seasonal,
        )
    )
    sf_note = (
        "Andrews sup-F not computed: it assumes homoskedastic errors and that every "
        "coefficient changes; see sup_f_tests for sup F(1) under the options used"
    )
    if args.json:
        out = res.to_dict()
        if mbreaks_path:
            # Intervals also in the units of "index" (mbreaks' and Bai & Perron's dates).
            for b, d in zip(res.breaks, out["selected"], strict=True):
                d["index_ci"] = None if b.ci_index is None else [c + 1 for c in b.ci_index]
        out["sup_f"] = (
            None
            if sf is None
            else {
                "wald": sf.wald,
                "f": sf.f,
                "p_value": sf.pvalue,
                "p_value_source": "Hansen (1997) response surface",
                "scale_note": "wald = k * f; f is the Chow F statistic at the break",
                "k": sf.k,
                "tau": sf.tau,
                "break": {
                    "index": sf.break_index,
                    "label": sf.break_label,
                    "end_label": sf.break_end_label,
                    "ci": None,
                },
            }
        )
        if sf is None:
            out["sup_f_note"] = sf_note
        elif sf.note:
            out["sup_f"]["note"] = sf.note
        out["break_convention"] = (
            "index = 0-based position of the first observation of the new regime; label = "
            "its time label; end_label = label of the last observation of the old regime; "
            "ci = confidence interval for the old regime's last period (end labels)"
        )
        print_json(out)
    else:
        print(res.summary())
        print()
        print(sf_note if sf is None else sf.summary())
    return 0


def _chow(args: argparse.Namespace) -> int:
    from policyts.models.chow import chow

    y, exog = load_series(args)
    res = chow(
        y,
        exog,
        at=args.at,
        const=not args.no_const,
        trend=args.trend,
        difference=args.difference,
        seasonal=args.seasonal,
    )
    if args.json:
        out = {
            "f": res.stat,
            "df": list(res.df),
            "p_value": res.pvalue,
            "at": res.details["first period of new regime"],
            "at_convention": "first period of the new regime",
            "n_before": res.details["n_before"],
            "n_after": res.details["n_after"],
        }
        print_json(out)
    else:
        print(res.summary())
    return 0


def _cusum(args: argparse.Namespace) -> int:
    from policyts.models.fluctuation import cusum

    y, exog = load_series(args)
    res = cusum(
        y, exog, const=not args.no_const, trend=args.trend, kind="ols-cusum", seasonal=args.seasonal
    )
    if args.json:
        out = {
            "kind": "ols-cusum",
            "statistic": res.stat,
            "p_value": res.pvalue,
            "crossed": bool(res.crossed),
            "alpha": res.alpha,
        }
        print_json(out)
    else:
        print(res.summary())
    return 0


# --- trend-break: Perron-Yabu test valid with I(0) or I(1) noise, plus the persistence
# diagnosis ---------------------------------------------------------------------------


def register_trend_break(sub: Any) -> None:
    """Add ``policyts trend-break FILE --time COL --y COL [--model ...] [--log] [--json]``.

    JSON keys: ``statistic`` (Exp-W), ``critical_values`` (asymptotic, level -> value),
    ``bootstrap_critical_values``, ``p_value`` (AR-sieve bootstrap), ``reject`` (at 5%),
    ``break`` {index, label, end_label}, ``persistence`` {class, largest_root, tests}.
    """
    p = sub.add_parser(
        "trend-break",
        help="test for a break in the trend valid with stationary or unit-root noise",
        description=(
            "Perron-Yabu (2009) Exp-W test for one break in the level and/or slope of a "
            "linear trend, with a bootstrap p-value, and the persistence diagnosis "
            "(ADF, DF-GLS, KPSS, Zivot-Andrews, largest AR root)."
        ),
    )
    p.add_argument("file", metavar="FILE.csv", help="CSV file with a time column")
    p.add_argument("--time", required=True, metavar="COL", help="time column (years or dates)")
    p.add_argument("--y", required=True, metavar="COL", help="column to analyse")
    p.add_argument(
        "--model",
        choices=("level", "slope", "both"),
        default="level",
        help="what may break: the level, the slope, or both (default level)",
    )
    p.add_argument("--trim", type=float, default=0.15, metavar="H", help="fraction in (0, 0.5)")
    p.add_argument("--log", action="store_true", help="analyse the natural log of the column")
    p.add_argument(
        "--bootstrap", type=int, default=499, metavar="B", help="bootstrap draws (0 = none)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_trend_break, x=[])


def _trend_break(args: argparse.Namespace) -> int:
    import numpy as np

    from policyts.models.persistence import persistence
    from policyts.models.trend_break import trend_break

    y, _ = load_series(args)
    if args.log:
        bad = y[~(y > 0)]
        if len(bad):
            raise ValueError(
                f"--log needs positive values; {args.y!r} is {bad.iloc[0]!r} at {bad.index[0]!r}"
            )
        y = np.log(y)
        y.name = f"log({args.y})"
    res = trend_break(y, model=args.model, trim=args.trim, bootstrap=args.bootstrap, seed=args.seed)
    diag = persistence(y, trend=True)
    if args.json:
        d = diag.to_dict()
        out = {
            "test": "Perron-Yabu (2009) Exp-W",
            "series": str(y.name),
            "model": res.model,
            "trim": res.trim,
            "nobs": res.nobs,
            "statistic": res.statistic,
            "critical_values": res.critical_values,
            "critical_values_source": "Perron & Yabu (2009), asymptotic",
            "bootstrap_critical_values": res.bootstrap_critical_values,
            "p_value": res.pvalue,
            "p_value_source": res.pvalue_note,
            "reject": res.reject,
            "reject_basis": (
                "bootstrap p-value < 0.05" if res.pvalue is not None else "asymptotic 5% value"
            ),
            "break": {
                "index": res.break_index,
                "label": res.break_label,
                "end_label": res.break_end_label,
            },
            "break_convention": (
                "index = 0-based position of the first observation of the new regime; "
                "label = its time label; end_label = label of the last observation of the "
                "old regime"
            ),
            "root_used": res.persistence,
            "persistence": {
                "class": d["class"],
                "evidence": d["evidence"],
                "largest_root": d["largest_root"],
                "tests": d["tests"],
            },
        }
        print_json(out)
    else:
        print(res.summary())
        print()
        print(diag.summary())
    return 0
