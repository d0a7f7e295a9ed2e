"""Seasonal dummies for the break tests, and the F path of a partial structural change.

``seasonal=True`` in :func:`~policyts.models.bai_perron`, :func:`~policyts.models.sup_f`,
:func:`~policyts.models.f_path`, :func:`~policyts.models.chow` and
:func:`~policyts.models.cusum` adds ``s - 1`` seasonal dummies (``s`` = 12 months or 4
quarters; the first season is the base) whose coefficients stay the same in every regime,
so that only the intercept, trend and user regressors may break (partial structural
change in the sense of Bai & Perron 1998, 2003). The season of each period comes from its
calendar label (month 1-12 or quarter 1-4, read as the effect models read it), so a
series starting in July gets July's dummy in July.

The F statistic of a break at position ``b`` with fixed regressors ``D`` compares the
restricted model ``y = X beta + D gamma`` (RSS_0) with the unrestricted
``y = X beta + X 1{t >= b} delta + D gamma`` (RSS_1); on the Wald scale
``(RSS_0 - RSS_1) / (RSS_1 / (n - 2k - p))`` with ``k`` changing and ``p`` fixed
coefficients. It is computed for every ``b`` at once from the restricted residuals:
``RSS_0 - RSS_1 = s_b' A_b^{-1} s_b`` with ``s_b = sum_{t >= b} x_t e_t`` and
``A_b = W_b' M W_b``, ``W_b = X 1{t >= b}``, ``M`` the residual maker of ``[X, D]``
(the Frisch-Waugh-Lovell theorem); ``A_b`` does not depend on ``y``, so many series share it.

Notes
-----
Checked against direct OLS fits of both models at every candidate date (numpy
``lstsq``) and against R ``lm()`` RSS comparisons on Seatbelts
(``tests/reference/seasonal_breaks``).

References
----------
Bai, J. and Perron, P. (1998). Estimating and testing linear models with multiple
structural changes. Econometrica 66(1), 47-78.
Bai, J. and Perron, P. (2003). Computation and analysis of multiple structural change
models. Journal of Applied Econometrics 18(1), 1-22.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from policyts._series import Series1D, as_exog, as_series

__all__ = [
    "SEASONAL_NOTE",
    "partial_f_path_arrays",
    "partial_rss",
    "seasonal_dummies",
    "seasonal_note",
    "with_seasonal_fixed",
]

SEASONAL_NOTE = (
    "seasonal=True: {p} seasonal dummies ({first} .. {last}) keep one coefficient in every "
    "regime (partial structural change); only {changing} may break"
)


def seasonal_dummies(y: Any, *, name: str | None = None) -> tuple[np.ndarray, tuple[str, ...]]:
    """``s - 1`` seasonal dummies of ``y`` from its time labels: ``(values (n, s-1), names)``.

    Raises
    ------
    ValueError
        When ``y`` is annual, has no calendar frequency (a bare array, daily or weekly
        data), or is too short to see every season twice.
    """
    series = y if isinstance(y, Series1D) else as_series(y, name=name)
    period = _seasons_per_year(series)
    if period == 1:
        what = (
            "annual"
            if _label_frequency(series) == "year"
            else "positional (a bare array without time labels)"
            if series.freq == "position"
            else f"of frequency {series.freq!r}, not monthly or quarterly"
        )
        raise ValueError(
            f"seasonal=True needs monthly or quarterly data, but series {series.name!r} is "
            f"{what}: give monthly ('1983-01') or quarterly ('2017Q2') time labels, or drop "
            "seasonal=True"
        )
    word = "month" if period == 12 else "quarter"
    if series.n < 2 * period:
        raise ValueError(
            f"seasonal=True needs at least two years of {word}ly data ({2 * period} "
            f"observations) to estimate the seasonal dummies; series {series.name!r} has "
            f"{series.n}"
        )
    labels = series.labels
    idx = (
        labels.to_period("M" if period == 12 else "Q")
        if isinstance(labels, pd.DatetimeIndex)
        else pd.PeriodIndex(labels)
    )
    season = np.asarray(idx.month - 1 if period == 12 else idx.quarter - 1, dtype=int)
    width = 2 if period == 12 else 1
    D = np.column_stack([(season == j).astype(float) for j in range(1, period)])
    names = tuple(f"{word}:{j + 1:0{width}d}" for j in range(1, period))
    return D, names


def _label_frequency(series: Series1D) -> str:
    """``year``, ``quarter``, ``month`` or ``other``, from the series' label frequency
    (the same reading as the effect models' calendar)."""
    f = series.freq
    if f in ("year", "position"):
        return "year" if f == "year" else "other"
    base = str(f).upper().lstrip("0123456789")
    if base.startswith(("A", "Y", "BA", "BY")):
        return "year"
    if base.startswith(("Q", "BQ")):
        return "quarter"
    if base.startswith(("M", "BM")) and not base.startswith("MIN"):
        return "month"
    return "other"


def _seasons_per_year(series: Series1D) -> int:
    return {"quarter": 4, "month": 12}.get(_label_frequency(series), 1)


def seasonal_note(names: tuple[str, ...], changing: tuple[str, ...]) -> str:
    return SEASONAL_NOTE.format(
        p=len(names), first=names[0], last=names[-1], changing=", ".join(changing)
    )


def with_seasonal_fixed(fixed: Any, series: Series1D) -> Any:
    """``fixed`` regressors for :func:`~policyts.models.bai_perron` with the seasonal
    dummies of ``series`` appended (a DataFrame on the series' labels, so the dummies keep
    their names; bare-array ``fixed`` columns are named ``fixed1``, ``fixed2`` ..)."""
    D, names = seasonal_dummies(series)
    index = pd.Index(series.labels.astype(str))
    frame = pd.DataFrame(D, columns=list(names), index=index)
    if fixed is None:
        return frame
    arr, user_names = as_exog(fixed, series, name="fixed")
    if not (hasattr(fixed, "columns") or hasattr(fixed, "name") or hasattr(fixed, "dims")):
        user_names = [f"fixed{j + 1}" for j in range(arr.shape[1])]
    clash = sorted(set(user_names) & set(names))
    if clash:
        raise ValueError(
            f"fixed regressor(s) {clash} have the names of the seasonal dummies that "
            "seasonal=True adds: drop them from fixed= or rename them"
        )
    user = pd.DataFrame(arr, columns=user_names, index=index)
    return pd.concat([user, frame], axis=1)


def _resid_maker(Z: np.ndarray) -> np.ndarray:
    Q, _ = np.linalg.qr(Z)
    return np.eye(Z.shape[0]) - Q @ Q.T


def partial_f_path_arrays(
    y: np.ndarray, X: np.ndarray, D: np.ndarray, h: int
) -> tuple[np.ndarray, np.ndarray, float | np.ndarray]:
    """F path (Wald scale) of a break in the coefficients of ``X`` with ``D``'s fixed.

    ``y`` is ``(n,)`` or ``(..., n)`` (many series sharing the regressors). Returns
    ``(positions h .. n - h, wald (..., m), rss0)``; ``wald = (RSS_0 - RSS_1) /
    (RSS_1 / (n - 2k - p))``.
    """
    n, k = X.shape
    p = D.shape[1]
    Z = np.column_stack([X, D])
    M = _resid_maker(Z)
    e = np.asarray(y, dtype=float) @ M  # M is symmetric: rows of y times M
    rss0 = np.sum(e * e, axis=-1)
    pos = np.arange(h, n - h + 1)
    # suffix sums over t >= b of x_t e_t: s[..., b, :]
    xe = e[..., :, None] * X  # (..., n, k)
    suffix = np.flip(np.cumsum(np.flip(xe, axis=-2), axis=-2), axis=-2)
    s = suffix[..., pos, :]  # (..., m, k)
    A = np.empty((pos.size, k, k))  # W_b' M W_b = sum over t, u >= b of x_t M_tu x_u'
    for i, b in enumerate(pos):
        A[i] = X[b:].T @ M[b:, b:] @ X[b:]
    sol = np.linalg.solve(A, s[..., None])[..., 0]
    drop = np.sum(s * sol, axis=-1)
    rss1 = rss0[..., None] - drop
    df = n - 2 * k - p
    with np.errstate(divide="ignore", invalid="ignore"):
        wald = drop / (rss1 / df)
    return pos, wald, rss0


def partial_rss(y: np.ndarray, X: np.ndarray, D: np.ndarray, b: int) -> tuple[float, float]:
    """``(RSS_0, RSS_1)`` of a break at position ``b`` in ``X``'s coefficients, ``D`` fixed,
    by two direct least-squares fits."""
    d = (np.arange(X.shape[0]) >= b).astype(float)[:, None]
    out = []
    for Z in (np.column_stack([X, D]), np.column_stack([X, X * d, D])):
        coef, *_ = np.linalg.lstsq(Z, y, rcond=None)
        r = y - Z @ coef
        out.append(float(r @ r))
    return out[0], out[1]
