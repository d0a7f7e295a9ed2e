"""Kernels of the fluctuation tests shared by one series (:mod:`policyts.models.fluctuation`)
and many (:mod:`policyts.models._fluct_panel`): the options' checks, the Brownian-motion
crossing probability, the OLS-MOSUM table, critical values and boundaries."""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib import resources

import numpy as np
from scipy import optimize, special

__all__ = [
    "KINDS",
    "MOSUM_ALPHA_RANGE",
    "MOSUM_H_RANGE",
    "MOSUM_LEVELS",
    "bm_linear_crossing",
    "check_alpha",
    "check_kind",
    "check_mosum_h",
    "check_options",
    "fluctuation_boundary",
    "fluctuation_critical_value",
    "fluctuation_pvalues",
    "mosum_critical_values",
    "mosum_table",
    "mosum_window",
]

KINDS: tuple[str, ...] = ("ols-cusum", "rec-cusum", "ols-mosum")

#: Bandwidths covered by the Chu, Hornik & Kuan (1995) table of OLS-MOSUM critical values.
MOSUM_H_RANGE = (0.05, 0.5)
#: Significance levels covered by that table.
MOSUM_ALPHA_RANGE = (0.01, 0.10)
MOSUM_LEVELS = np.array([0.10, 0.05, 0.025, 0.01])


def mosum_window(n: int, h: float) -> int:
    """Window length ``floor(n h)`` of the OLS-MOSUM process (observations)."""
    return math.floor(n * h)


def bm_linear_crossing(b: np.ndarray) -> np.ndarray:
    """P(a standard Brownian motion on [0, 1] crosses +b (1 + 2t) or -b (1 + 2t))."""
    b = np.asarray(b, dtype=np.float64)
    # One line a + c t: P(cross by t = 1) = Phi(-(a + c)) + exp(-2 a c) Phi(c - a); with
    # a = b, c = 2b that is Phi(-3b) + exp(-4b^2) Phi(b). Doubling it counts twice the paths
    # that touch one line and then the other; the next terms of the reflection series
    # remove them to order exp(-16 b^2). The truncated series is poor for b < 0.3, where
    # the linear approximation 1 - 0.1465 b is used instead (the two agree at b = 0.3).
    # A direct numerical computation of the crossing probability (density of the killed
    # motion propagated on a grid) agrees to within 1e-6 for b between 0.85 and 1.15.
    series = 2.0 * (
        special.ndtr(-3.0 * b)
        + np.exp(-4.0 * b**2) * (special.ndtr(b) - special.ndtr(-5.0 * b))
        - np.exp(-16.0 * b**2) * special.ndtr(-b)
    )
    return np.where(b < 0.3, 1.0 - 0.1465 * b, series)


@cache
def mosum_table() -> tuple[np.ndarray, np.ndarray]:
    """(h grid, critical values[h, level]) with levels 0.10, 0.05, 0.025, 0.01."""
    path = resources.files("policyts.models").joinpath("data", "mosum_critical_values.csv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    hs = np.array([float(r["h"]) for r in rows])
    cols = ["cv_0.10", "cv_0.05", "cv_0.025", "cv_0.01"]
    cv = np.array([[float(r[c]) for c in cols] for r in rows])
    return hs, cv


def check_mosum_h(h: float) -> None:
    lo, hi = MOSUM_H_RANGE
    if not lo <= h <= hi:
        raise ValueError(
            f"OLS-MOSUM critical values are tabulated for bandwidths h in [{lo}, {hi}] "
            f"(Chu, Hornik & Kuan 1995), got h = {h}; choose h in that range"
        )


def mosum_critical_values(h: float) -> np.ndarray:
    """Critical values at levels 0.10, 0.05, 0.025, 0.01, interpolated linearly in h."""
    check_mosum_h(h)
    hs, cv = mosum_table()
    return np.array([np.interp(h, hs, cv[:, j]) for j in range(cv.shape[1])])


def fluctuation_critical_value(alpha: float, kind: str, h: float = 0.15) -> float:
    """Critical value ``b`` with ``fluctuation_pvalue(b, kind, h) = alpha``.

    For ``"ols-cusum"`` and ``"ols-mosum"`` the boundary is ``+-b`` everywhere; for
    ``"rec-cusum"`` it is ``+-b (1 + 2 j / (n - k))`` (see :func:`fluctuation_boundary`).

    Parameters
    ----------
    alpha : float
        Significance level in (0, 1); for ``"ols-mosum"`` in [0.01, 0.10], the levels the
        table covers (between tabulated levels the p-value is interpolated linearly).
    kind : {"ols-cusum", "rec-cusum", "ols-mosum"}
    h : float
        OLS-MOSUM bandwidth, in [0.05, 0.5].

    Notes
    -----
    R strucchange 1.5-3 ``boundary()`` finds the same root with ``uniroot`` at its default
    tolerance, so its boundaries differ from these in about the sixth significant digit
    (OLS-CUSUM: 1.3581003 vs 1.3580986 at alpha = 0.05; OLS-MOSUM at h = 0.15: 1.2059144
    vs the tabulated 1.2059). For OLS-MOSUM at alpha = 0.01 strucchange's root-finder
    returns the end of its search interval (20) because the interpolated p-value equals
    0.01 on the whole of ``[c_0.01, infinity)``; this function returns ``c_0.01``.
    """
    check_alpha(alpha, kind)
    if kind == "ols-cusum":
        return float(special.kolmogi(alpha))
    if kind == "rec-cusum":
        return float(
            optimize.brentq(
                lambda b: float(bm_linear_crossing(np.array(b))) - alpha,
                0.0,
                20.0,
                xtol=1e-14,
                rtol=1e-15,
            )
        )
    cv = mosum_critical_values(h)
    # The p-value is linear between tabulated levels: invert it exactly there.
    return float(np.interp(alpha, MOSUM_LEVELS[::-1], cv[::-1]))


def fluctuation_boundary(critical_value: float, kind: str, m: int) -> np.ndarray:
    """Boundary at each of the ``m`` values of a process (``+-`` this array).

    ``"rec-cusum"``: ``b (1 + 2 j / m)`` for ``j = 1..m`` (the linear boundary of Brown,
    Durbin & Evans 1975 in the time scale of the ``m = n - k`` recursive residuals, from
    ``b`` at the start to ``3 b`` at the end). Otherwise the constant ``b``.
    """
    if kind == "rec-cusum":
        return critical_value * (1.0 + 2.0 * np.arange(1, m + 1) / m)
    if kind in KINDS:
        return np.full(m, float(critical_value))
    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def check_alpha(alpha: float, kind: str) -> None:
    check_kind(kind)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}")
    lo, hi = MOSUM_ALPHA_RANGE
    if kind == "ols-mosum" and not lo <= alpha <= hi:
        raise ValueError(
            f"OLS-MOSUM critical values are tabulated for alpha in [{lo}, {hi}] only, got "
            f"{alpha}; choose a level in that range"
        )


def check_options(kind: str, h: float, alpha: float) -> None:
    """The options every fluctuation test checks before it sees data: ``kind``, the
    bandwidth ``h`` in (0, 1) (within the tabulated range for OLS-MOSUM) and ``alpha``."""
    check_kind(kind)
    if not 0.0 < h < 1.0:
        raise ValueError(f"bandwidth h must lie in (0, 1), got {h}")
    check_alpha(alpha, kind)
    if kind == "ols-mosum":
        check_mosum_h(h)


def fluctuation_pvalues(
    stat: np.ndarray, kind: str, h: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """p-values and their lower and upper bounds for an array of statistics, elementwise;
    :func:`policyts.models.fluctuation.fluctuation_pvalue` (one statistic) and the
    many-series tests both use it.  The bounds are the tabulated OLS-MOSUM levels around
    the statistic, and equal the p-value for the CUSUMs."""
    check_kind(kind)
    if kind == "ols-cusum":
        p = np.asarray(special.kolmogorov(stat), dtype=np.float64)
        return p, p, p
    if kind == "rec-cusum":
        p = np.asarray(bm_linear_crossing(stat), dtype=np.float64)
        return p, p, p
    cv = mosum_critical_values(h)
    p = np.interp(stat, np.r_[0.0, cv], np.r_[1.0, MOSUM_LEVELS])
    # Bounds from the table: the tabulated levels around the statistic.
    j = np.searchsorted(cv, stat, side="right")
    levels_hi = np.r_[1.0, MOSUM_LEVELS]
    levels_lo = np.r_[MOSUM_LEVELS, 0.0]
    return p, levels_lo[j], levels_hi[j]
