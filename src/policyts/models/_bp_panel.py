"""Options and outputs of Bai-Perron dating, shared by one series and many.

:func:`check_select_level` and :func:`max_breaks_for` hold the checks that
:func:`policyts.models.bai_perron` and its many-series version
(:func:`policyts.models.bai_perron.bai_perron_panel`) both make, with one message each;
:func:`bp_setup` adds the checks that concern every series of a panel, and
:func:`bp_outputs` lists the panel's result variables for the engine of
:mod:`policyts.models._many`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from policyts.models._fstats_kernels import trim_to_obs
from policyts.models._many import BREAK_CONVENTION, Out
from policyts.models._tables import bai_perron_table_eps

__all__ = ["SELECT", "bp_outputs", "bp_setup", "check_select_level", "max_breaks_for", "np_dtype"]

#: Ways of choosing the number of breaks.
SELECT = ("bic", "lwz", "kt", "sequential")


def check_select_level(select: str, level: float) -> None:
    """``select`` one of :data:`SELECT`; ``level`` in (0, 1)."""
    if select not in SELECT:
        raise ValueError(f"select must be one of {SELECT}, not {select!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level}")


def max_breaks_for(n: int, h: int, max_breaks: int | None) -> tuple[int, int]:
    """(M, feasible): the number of breaks to search for -- ``max_breaks``, or
    ``min(5, feasible)`` when it is None -- and the most that ``n`` observations with
    minimum regime length ``h`` can hold."""
    feasible = n // h - 1
    if feasible < 1:
        raise ValueError(f"n = {n} observations cannot hold two regimes of at least {h}")
    if max_breaks is None:
        return min(5, feasible), feasible
    M = int(max_breaks)
    if M < 1:
        raise ValueError(f"max_breaks must be at least 1, got {max_breaks}")
    if M > feasible:
        raise ValueError(
            f"max_breaks={M} is more than the sample allows: {n} observations with "
            f"minimum regime length {h} hold at most {feasible} break(s)"
        )
    return M, feasible


def bp_outputs() -> list[Out]:
    return [
        Out("selected_m", (), np.int64, -1, {"long_name": "number of breaks selected (-1: none)"}),
        Out(
            "break_index",
            ("break",),
            np.int64,
            -1,
            {"long_name": "position of the first period of the new regime (-1: no break)"},
        ),
        Out(
            "break_label",
            ("break",),
            "label",
            None,
            {"long_name": "first period of the new regime"},
        ),
        Out(
            "break_end_label",
            ("break",),
            "label",
            None,
            {"long_name": "last period of the old regime"},
        ),
        Out(
            "ci_lower_index",
            ("break",),
            np.int64,
            -1,
            {"long_name": "lower bound of the interval for the old regime's last period"},
        ),
        Out(
            "ci_upper_index",
            ("break",),
            np.int64,
            -1,
            {"long_name": "upper bound of the interval for the old regime's last period"},
        ),
        Out(
            "ci_lower_label",
            ("break",),
            "label",
            None,
            {"long_name": "lower bound (label) of the interval for the old regime's last period"},
        ),
        Out(
            "ci_upper_label",
            ("break",),
            "label",
            None,
            {"long_name": "upper bound (label) of the interval for the old regime's last period"},
        ),
        Out(
            "rss",
            ("m",),
            np.float64,
            np.nan,
            {"long_name": "RSS of the best partition with m breaks"},
        ),
        Out("bic", ("m",), np.float64, np.nan, {"long_name": "BIC (strucchange definition)"}),
        Out("lwz", ("m",), np.float64, np.nan, {"long_name": "LWZ (Bai & Perron 2003)"}),
        Out(
            "sup_f_m",
            ("m",),
            np.float64,
            np.nan,
            {"long_name": "sup F(m) against no break, scaled (q*F); NaN at m = 0", "units": "1"},
        ),
        Out(
            "sup_f_next",
            ("m",),
            np.float64,
            np.nan,
            {"long_name": "sup F(m+1 | m), scaled (q*F); NaN at m = M", "units": "1"},
        ),
        Out("udmax", (), np.float64, np.nan, {"long_name": "UDmax, scaled (q*F)", "units": "1"}),
        Out("wdmax", (), np.float64, np.nan, {"long_name": "WDmax, scaled (q*F)", "units": "1"}),
    ]


def np_dtype(o: Out) -> Any:
    """dtype of an output in the kernel: label outputs are positions (int64) there."""
    return np.int64 if o.dtype == "label" else o.dtype


def bp_setup(
    n: int,
    k: int,
    trim: float | int,
    max_breaks: int | None,
    select: str,
    level: float,
    span: str,
) -> tuple[int, dict[str, Any]]:
    """Check the arguments that concern every series; return the size of the ``break``
    dimension (the largest number of breaks any series may have)."""
    check_select_level(select, level)
    h = trim_to_obs(trim, n, k)
    M, _ = max_breaks_for(n, h, max_breaks)
    if max_breaks is None and span == "observed":
        # A shorter series has a smaller minimum regime when trim is a fraction, and
        # may hold more breaks than the whole axis: size the dimension for all.
        for n_sub in range(2, n):
            try:
                h_sub = trim_to_obs(trim, n_sub, k)
            except ValueError:
                continue
            M = max(M, min(5, n_sub // h_sub - 1))
    if select == "sequential":
        akey = f"{1 - level:.3g}"
        eps, _ = bai_perron_table_eps(h, n)
        if eps is None or k > 10 or akey not in {"0.1", "0.05", "0.025", "0.01"}:
            raise ValueError(
                "sequential selection needs Bai & Perron (2003) critical values: a minimum "
                "regime h/n in 0.05..0.25, at most 10 regressors and level 0.90, "
                f"0.95, 0.975 or 0.99 (got h/n = {h / n:.3f}, k = {k}, level = {level})"
            )
    attrs: dict[str, Any] = {
        "test": "Bai-Perron dating of multiple structural breaks",
        "selection": select,
        "level": level,
        "trim": trim,
        "min_segment": h,
        "max_breaks": M,
        "scale": "sup_f_m, sup_f_next, udmax, wdmax are scaled F (q*F)",
        "conventions": (
            BREAK_CONVENTION + "; ci_* bound the old regime's last period (Bai 1997, as "
            "R strucchange); breaks beyond selected_m are -1 / NaN"
        ),
        "references": (
            "Bai & Perron (1998), Econometrica 66(1); Bai & Perron (2003), J. Applied "
            "Econometrics 18(1) and Econometrics Journal 6; Bai (1997), REStat 79(4)"
        ),
        "comment": (
            "min_segment is for a series covering the whole time axis; with span='observed' "
            "trim applies to each series' own length"
        ),
    }
    eps_note = bai_perron_table_eps(h, n)[1]
    if select == "sequential" and eps_note:
        attrs["critical_values_note"] = eps_note
    return M, attrs
