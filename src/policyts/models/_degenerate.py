"""Degenerate series and regressors, recognised before any break test runs.

A break test compares the residual variation of a model without a break with that of a
model with one.  When the model without a break has no residual variation at all, or when
the numbers cannot be squared and summed in double precision, every statistic is 0/0 or
rounding noise (a constant series once gave a Chow F of -29).  This module holds those
checks once, for one series (:func:`check_design`, which raises ``ValueError``) and for
many series sharing their regressors (:func:`series_reasons`, one reason per series for
the panel functions).

What counts as degenerate
-------------------------
* **overflow / underflow**: a value whose magnitude exceeds ``MAX_ABS = 1e150`` (its
  square summed over the sample would overflow or lose all precision) or a series whose
  values differ by less than ``MIN_SPREAD = 1e-150`` without being equal (the squares
  underflow).  Rescaling fixes both: the tests do not depend on the scale of ``y``;
* **constant**: every value equal;
* **too few distinct values**: every value but one equal (a single deviating value is an
  outlier; no regime of two or more periods differs from the rest);
* **(near-)perfect fit**: the regression without a break leaves residuals whose norm is at
  most :func:`fit_tolerance` times the norm of ``y`` -- the size of double-precision
  rounding, so the residuals carry no information.  This is relative to scale: a series
  whose noise is small but well above rounding (say 1e-9 of its level) is accepted;
* **collinear regressors**: rank below the number of columns after scaling each column to
  unit norm, with the same relative tolerance; or a regressor beyond ``MAX_ABS``.

A *break* model that fits exactly (a noise-free step) is not degenerate: its answer is
exact.  :func:`rss_floor` gives the residual sum of squares at or below which a segment fit
is exact, so that rounding noise is reported as an exact zero (an infinite F statistic).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "MAX_ABS",
    "MIN_SPREAD",
    "fit_tolerance",
    "rss_floor",
    "exact_zero",
    "regressor_problem",
    "series_reasons",
    "check_design",
]

MAX_ABS = 1e150
MIN_SPREAD = 1e-150
_EPS = float(np.finfo(np.float64).eps)


def fit_tolerance(n: int) -> float:
    """Relative residual norm ``||e|| / ||y||`` at or below which a least-squares fit of
    ``n`` observations is exact up to double-precision rounding: ``1000 sqrt(n) eps``
    (about 1.2e-12 for n = 30, 2.2e-10 for n = 10^6)."""
    return 1e3 * np.sqrt(max(n, 1)) * _EPS


def rss_floor(y: np.ndarray) -> np.ndarray | float:
    """RSS at or below which a fit of ``y`` (last axis = time) is exact:
    ``(fit_tolerance(n) ||y||)^2``."""
    y = np.asarray(y, dtype=np.float64)
    n = y.shape[-1]
    ss = np.einsum("...i,...i->...", y, y)
    return fit_tolerance(n) ** 2 * ss


def exact_zero(rss: Any, floor: Any) -> Any:
    """``rss`` with values at or below ``floor`` (rounding noise of an exact fit) set to 0."""
    r = np.asarray(rss, dtype=np.float64)
    out = np.where(r <= floor, 0.0, r)
    return float(out) if out.ndim == 0 else out


def _power_of_ten(x: float) -> int:
    return int(np.floor(np.log10(x))) if x > 0 else 0


def regressor_problem(X: np.ndarray, names: Sequence[str]) -> str | None:
    """Why the regressor matrix ``X`` (n, k) cannot be used, or None.

    Checks magnitude (overflow) and (near-)collinearity; the caller checks constant
    regressors, whose message names the intercept.
    """
    n, k = X.shape
    if k == 0:
        return None
    big = np.max(np.abs(X), axis=0)
    for j in np.flatnonzero(big > MAX_ABS):
        return (
            f"regressor {names[int(j)]!r} reaches {big[j]:.3g}, too large for double-precision "
            f"sums of squares (limit {MAX_ABS:.0e}); rescale it, e.g. divide it by "
            f"1e{_power_of_ten(big[j])}"
        )
    if n < k:
        return None
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    Xn = X / np.where(norms > 0, norms, 1.0)
    sv = np.linalg.svd(Xn, compute_uv=False)
    rank = int(np.sum(sv > sv[0] * fit_tolerance(n))) if sv[0] > 0 else 0
    if rank < k:
        return (
            f"the regressors {list(names)} are collinear (rank {rank} < {k}, within "
            "double-precision rounding): drop the redundant ones"
        )
    return None


def _fit_residual_ratio(Y: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``||e|| / ||y||`` of the OLS fit of every row of ``Y`` on ``X``."""
    if X.shape[1] == 0:
        return np.ones(Y.shape[0])
    # X has full column rank (regressor_problem): project with an orthonormal basis.
    Q, _ = np.linalg.qr(X)
    e = Y - (Y @ Q) @ Q.T
    num = np.sqrt(np.einsum("ij,ij->i", e, e))
    den = np.sqrt(np.einsum("ij,ij->i", Y, Y))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, 0.0)


def series_reasons(
    Y: np.ndarray,
    X: np.ndarray,
    names: Sequence[str],
    *,
    labels: Any = None,
    series_name: str | None = None,
) -> np.ndarray:
    """One reason per row of ``Y`` (S, n) why it cannot be tested on regressors ``X``
    (n, k); the empty string for rows that can.

    ``Y`` must be finite (missing values are the caller's business).  ``labels`` (n) name
    the period of a lone deviating value (any indexable: list, array, pandas Index);
    ``series_name`` names the series in messages.
    """
    Y = np.asarray(Y, dtype=np.float64)
    S, n = Y.shape
    who = "the series" if series_name is None else f"series {series_name!r}"
    reason = np.full(S, "", dtype=object)
    if S == 0 or n == 0:
        return reason
    big = np.max(np.abs(Y), axis=1)
    hi, lo = np.max(Y, axis=1), np.min(Y, axis=1)
    # ptp itself overflows for values of opposite sign near the float limit.
    with np.errstate(over="ignore", invalid="ignore"):
        spread = hi - lo
    for i in np.flatnonzero(big > MAX_ABS):
        reason[i] = (
            f"values of {who} reach {big[i]:.3g}, too large for double-precision sums of "
            f"squares (limit {MAX_ABS:.0e}: the squares overflow); rescale it, e.g. divide "
            f"by 1e{_power_of_ten(big[i])}: the break tests do not depend on the scale"
        )
    todo = reason == ""
    for i in np.flatnonzero(todo & (spread == 0)):
        reason[i] = (
            f"{who} is constant (every value is {Y[i, 0]:.6g}): there is no variation in "
            "which to find a break (with an intercept the residual standard deviation is "
            "zero); check that the right column was read"
        )
    todo = reason == ""
    for i in np.flatnonzero(todo & (spread > 0) & (spread < MIN_SPREAD)):
        reason[i] = (
            f"the values of {who} differ by at most {spread[i]:.3g}, too little for "
            f"double-precision sums of squares (limit {MIN_SPREAD:.0e}: the squares "
            f"underflow); rescale it, e.g. multiply by 1e{-_power_of_ten(spread[i])}"
        )
    todo = reason == ""
    if n >= 3:
        # All values but one equal: n - 1 of them at the maximum or at the minimum.
        at_hi = np.count_nonzero(Y == hi[:, None], axis=1)
        at_lo = np.count_nonzero(Y == lo[:, None], axis=1)
        lone = todo & ((at_hi == n - 1) | (at_lo == n - 1))
        for i in np.flatnonzero(lone):
            common = hi[i] if at_hi[i] == n - 1 else lo[i]
            j = int(np.flatnonzero(Y[i] != common)[0])
            at = f"position {j}" if labels is None else f"{labels[j]}"
            reason[i] = (
                f"{who} has too few distinct values: all values but one equal "
                f"{common:.6g} (the exception is {Y[i, j]:.6g} at {at}); a single "
                "deviating value is an outlier, not a change of regime: check the data"
            )
    todo = np.flatnonzero(reason == "")
    if todo.size and X.shape[1] and n > X.shape[1]:
        ratio = _fit_residual_ratio(Y[todo], X)
        tol = fit_tolerance(n)
        for i, r in zip(todo, ratio, strict=True):
            if r <= tol:
                reason[i] = (
                    f"the regressors {list(names)} fit {who} exactly (residuals "
                    f"{r:.1g} of its size, at double-precision rounding): without residual "
                    "variation there is nothing to test; check the model (a perfect line "
                    "needs no trend break test) or the data"
                )
    return reason


def check_design(design: Any, *, test: str) -> None:
    """Raise ``ValueError`` if the series of ``design`` (a
    :class:`policyts.models._design.Design`) is degenerate; ``test`` names the test in the
    message."""
    series = design.series
    reason = series_reasons(
        design.y[None, :],
        design.X,
        design.names,
        labels=series.labels,
        series_name=series.name,
    )[0]
    if reason:
        raise ValueError(f"{test} cannot be computed: {reason}")
