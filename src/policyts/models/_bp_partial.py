"""Partial structural change: break dates when some coefficients stay fixed across regimes.

The model is ``y_t = x_t' beta + z_t' delta_j + u_t`` in regime j: ``x`` (the fixed
regressors) keeps one coefficient over the whole sample, ``z`` changes at every break.
Given ``beta``, ``y - x beta`` is a pure structural-change model in ``z`` (dated by the
dynamic programme); given the dates, ``(beta, delta)`` is one OLS regression. Bai & Perron
(2003, section 3.2) iterate the two steps to convergence of the SSR, starting from the
dates of the model in which every coefficient changes; this module does exactly that, as
R mbreaks ``nldat`` does (tolerance 1e-5 on the SSR, at most 10 iterations).

References
----------
Bai, J. and Perron, P. (2003). Computation and analysis of multiple structural change
models. Journal of Applied Econometrics 18(1), 1-22.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from policyts.models._bp_robust import diag_partition

__all__ = ["PartialDates", "partial_change_dates"]


@dataclass(frozen=True)
class PartialDates:
    """Global SSR minimisers of the partial-change model for m = 1..M.

    ``rss[m - 1]`` and ``dates[m - 1]`` belong to m breaks; ``iterations[m - 1]`` is the
    number of iterations used and ``converged[m - 1]`` whether the SSR settled within
    ``tol`` before ``max_iter``.
    """

    rss: tuple[float, ...]
    dates: tuple[tuple[int, ...], ...]
    iterations: tuple[int, ...]
    converged: tuple[bool, ...]


def _ols(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    return np.linalg.solve(X.T @ X, X.T @ y)


def partial_change_dates(
    y: np.ndarray,
    Z: np.ndarray,
    X: np.ndarray,
    h: int,
    max_breaks: int,
    *,
    dating: Callable[[np.ndarray, np.ndarray, int, int], dict[int, list[int]]],
    tol: float = 1e-5,
    max_iter: int = 10,
) -> PartialDates:
    """Break dates of the partial structural-change model by the iterative procedure.

    Parameters
    ----------
    y : ndarray (n,)
    Z : ndarray (n, q)
        Regressors whose coefficients change.
    X : ndarray (n, p), p >= 1
        Regressors whose coefficients are fixed.
    h : int
        Minimum regime length.
    max_breaks : int
    dating : callable
        ``dating(y, X, h, m)`` -> {m: break positions}, the pure-change dating
        (:func:`policyts.models.bai_perron.dp_breaks`, passed in by the caller so that this
        module does not import the public one).
    tol, max_iter
        Stop when the SSR changes by at most ``tol`` between iterations, or after
        ``max_iter`` iterations (mbreaks' ``eps`` and ``maxi``).
    """
    q = Z.shape[1]
    ZX = np.column_stack([X, Z])
    rss: list[float] = []
    dates_out: list[tuple[int, ...]] = []
    iters: list[int] = []
    conv: list[bool] = []
    for m in range(1, max_breaks + 1):
        dates = dating(y, ZX, h, m)[m]
        zbar = diag_partition(Z, dates)
        xbar = diag_partition(X, dates)
        delta = _ols(y, np.column_stack([zbar, xbar]))[: q * (m + 1)]
        beta = _ols(y - zbar @ delta, X)
        r = y - X @ beta - zbar @ delta
        ssr_prev = float(r @ r)
        best_ssr, best_dates = ssr_prev, dates
        converged = False
        i = 1
        while True:
            dates = dating(y - X @ beta, Z, h, m)[m]
            W = np.column_stack([X, diag_partition(Z, dates)])
            coef = _ols(y, W)
            beta = coef[: X.shape[1]]
            r = y - W @ coef
            ssr = float(r @ r)
            change = abs(ssr - ssr_prev)
            if i >= max_iter:
                break
            i += 1
            ssr_prev = ssr
            best_ssr, best_dates = ssr, dates
            if change <= tol:
                converged = True
                break
        rss.append(best_ssr)
        dates_out.append(tuple(int(d) for d in best_dates))
        iters.append(i)
        conv.append(converged)
    return PartialDates(tuple(rss), tuple(dates_out), tuple(iters), tuple(conv))
