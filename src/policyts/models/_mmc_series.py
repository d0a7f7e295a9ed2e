"""A t test on one short series whose errors are a stationary AR(1) plus white noise, with
critical values maximised over the error's persistence (Dufour's 2006 maximised Monte
Carlo test).

For a regression ``y = X b + u`` with Gaussian errors ``u_t = sqrt(s) a_t + sqrt(1 - s)
w_t`` (``a`` a stationary AR(``phi``) of unit variance, ``w`` white noise of unit
variance, any scale), the OLS t statistic of one coefficient has a null distribution that
depends on ``(phi, s)`` only. It is simulated for each point of ``PHI_GRID x SHARE_GRID``
(with the same random draws at each); the p-value is the largest over the grid and the
interval uses the largest critical value, so the test holds its level for every such
error with ``phi`` up to 0.95 (not for a unit root). Used by
:func:`policyts.models.panel_effect` (``cov="ar1-mmc"``) on the cross-section mean of a
panel, where a common factor makes the year means serially correlated and the
Driscoll-Kraay and cluster errors fail with T = 14.

Reference: Dufour, J.-M. (2006). Monte Carlo tests with nuisance parameters: a general
approach to finite-sample inference and nonstandard asymptotics. Journal of Econometrics
133, 443-477.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

PHI_GRID = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95)
SHARE_GRID = (0.25, 0.5, 0.75, 1.0)  # share of the AR(1) part; phi = 0 covers white noise


@dataclass(frozen=True)
class MMCTest:
    estimate: float
    se: float  # OLS standard error of the coefficient on the series
    stat: float  # OLS t statistic
    pvalue: float  # largest Monte Carlo p-value over the grid
    crit: float  # largest critical value of |t| at the level, over the grid
    ci: tuple[float, float]
    df: int  # residual degrees of freedom of the series regression
    worst: tuple[float, float]  # (phi, share) with the largest p-value
    draws: int


def _errors(T: int, draws: int, seed: int) -> np.ndarray:
    """Error draws of shape ``(len(PHI_GRID) * len(SHARE_GRID), draws, T)``, unit variance."""
    rng = np.random.default_rng(seed)
    eps = rng.standard_normal((draws, T))
    white = rng.standard_normal((draws, T))
    out = []
    for phi in PHI_GRID:
        a = np.empty((draws, T))
        a[:, 0] = eps[:, 0]
        scale = math.sqrt(1.0 - phi**2)
        for t in range(1, T):
            a[:, t] = phi * a[:, t - 1] + scale * eps[:, t]
        for s in SHARE_GRID:
            out.append(math.sqrt(s) * a + math.sqrt(1.0 - s) * white)
    return np.stack(out)


def _t_stats(U: np.ndarray, X: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OLS coefficient ``j``, its standard error and t statistic for each series ``U[..., T]``."""
    T, k = X.shape
    XtX_inv = np.linalg.inv(X.T @ X)
    B = U @ (X @ XtX_inv)  # (..., k)
    resid = U - B @ X.T
    s2 = np.einsum("...t,...t->...", resid, resid) / (T - k)
    se = np.sqrt(s2 * XtX_inv[j, j])
    with np.errstate(divide="ignore", invalid="ignore"):
        t = B[..., j] / se
    return B[..., j], se, t


def mmc_t_test(
    y: np.ndarray, X: np.ndarray, j: int, *, level: float, draws: int = 4999, seed: int = 0
) -> MMCTest:
    """Two-sided test of ``b_j = 0`` in ``y = X b + u`` and a ``level`` interval for ``b_j``."""
    y = np.asarray(y, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    T, k = X.shape
    if T - k < 1 or np.linalg.matrix_rank(X) < k:
        raise ValueError(
            f"{T} periods are too few for the {k} coefficients of the series regression"
        )
    est, se, t = (float(v) for v in _t_stats(y, X, j))
    _, _, tb = _t_stats(_errors(T, draws, seed), X, j)
    tb = np.abs(tb)  # (grid, draws)
    exceed = np.sum(tb >= abs(t), axis=1) if math.isfinite(t) else np.full(len(tb), draws)
    pv = (1.0 + exceed) / (draws + 1.0)
    worst = int(np.argmax(pv))
    # Critical value: the order statistic a Monte Carlo test at this level rejects beyond.
    rank = min(int(math.ceil(level * (draws + 1))), draws) - 1
    crit = float(np.max(np.sort(tb, axis=1)[:, rank]))
    return MMCTest(
        estimate=est,
        se=se,
        stat=t,
        pvalue=float(pv[worst]),
        crit=crit,
        ci=(est - crit * se, est + crit * se),
        df=T - k,
        worst=(PHI_GRID[worst // len(SHARE_GRID)], SHARE_GRID[worst % len(SHARE_GRID)]),
        draws=draws,
    )
