"""Array kernels of the F-statistic tests, shared by :mod:`policyts.models.fstats` (one series
and many) and by the other break tests: the minimum regime length from ``trim``, the Wald path
over candidate dates, ave-F/exp-F from a path and Hansen's (2000) fixed-regressor bootstrap."""

from __future__ import annotations

import numpy as np

from policyts.models._design import Design
from policyts.models._kernels import PrefixSums, split_rss
from policyts.models._seasonal_design import partial_f_path_arrays

__all__ = ["ave_exp", "bootstrap_pvalue", "check_bootstrap", "f_path_arrays", "trim_to_obs"]


def trim_to_obs(trim: float | int, n: int, k: int, *, what: str = "trim") -> int:
    """Minimum segment length in observations from ``trim``.

    A float in (0, 0.5) is a fraction of ``n`` (``floor(trim * n)``, as R strucchange);
    a whole number >= 1 is a number of observations.  The result must exceed ``k``.
    """
    if isinstance(trim, bool):
        raise ValueError(f"{what} must be a fraction in (0, 0.5) or a whole number of observations")
    if isinstance(trim, int | np.integer) or (isinstance(trim, float) and trim >= 1):
        if float(trim) != int(trim):
            raise ValueError(f"{what}={trim} is neither a fraction in (0, 0.5) nor a whole number")
        h = int(trim)
        if h < 1 or 2 * h > n:
            raise ValueError(
                f"{what}={h} observations leaves no room for a break in {n} observations"
            )
    else:
        t = float(trim)
        if not 0 < t < 0.5:
            raise ValueError(f"{what} must lie in (0, 0.5) as a fraction of n, got {trim}")
        h = int(np.floor(t * n))
    if h <= k:
        raise ValueError(
            f"minimum segment of {h} observations (from {what}={trim}, n={n}) must exceed "
            f"the {k} regressors; use a larger {what} or a longer series"
        )
    return h


def check_bootstrap(bootstrap: int) -> None:
    """The number of bootstrap draws: a whole number >= 0 (0: no bootstrap)."""
    if bootstrap < 0:
        raise ValueError(f"bootstrap must be a number of draws >= 0, got {bootstrap}")


def f_path_arrays(
    y: np.ndarray, X: np.ndarray, h: int
) -> tuple[np.ndarray, np.ndarray, float | np.ndarray]:
    """Return (positions, wald path (..., m), rss0) for candidates ``h .. n - h``."""
    n, k = X.shape
    ps = PrefixSums(y, X)
    pos = np.arange(h, n - h + 1)
    rss1 = split_rss(ps, y, X, pos)
    rss0 = ps.rss(np.array([0]), np.array([n - 1]))[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        wald = (rss0[..., None] - rss1) / (rss1 / (n - 2 * k))
    return pos, wald, rss0


def ave_exp(wald: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ave = np.mean(wald, axis=-1)
    half = wald / 2
    mx = np.max(half, axis=-1, keepdims=True)
    # log-mean-exp computed stably: exp-F is log(mean(exp(W/2))); infinite where the
    # path is (an exact fit with a break).
    with np.errstate(invalid="ignore"):
        expf = mx[..., 0] + np.log(np.mean(np.exp(half - mx), axis=-1))
    expf = np.where(np.isposinf(mx[..., 0]), np.inf, expf)
    return ave, expf


def bootstrap_pvalue(
    design: Design,
    trim: float | int,
    stat: float,
    draws: int,
    seed: int | None,
    heteroskedastic: bool,
    D: np.ndarray | None = None,
) -> float:
    """Fixed-regressor bootstrap (Hansen 2000): y* = u*, regressors held fixed; ``D`` are
    seasonal dummies kept in both models with one coefficient."""
    X, y = design.X, design.y
    XD = X if D is None else np.column_stack([X, D])
    coef, *_ = np.linalg.lstsq(XD, y, rcond=None)
    resid = y - XD @ coef
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((draws, design.n))
    if heteroskedastic:
        ystar = z * resid
    else:
        sigma = np.sqrt(resid @ resid / (design.n - XD.shape[1]))
        ystar = z * sigma
    h = trim_to_obs(trim, design.n, design.k)
    # Process draws in blocks to bound memory for long series.
    block = max(1, int(2_000_000 // max(design.n * design.n, 1)))
    sups = np.empty(draws)
    for start in range(0, draws, block):
        if D is None:
            _, wald, _ = f_path_arrays(ystar[start : start + block], X, h)
        else:
            _, wald, _ = partial_f_path_arrays(ystar[start : start + block], X, D, h)
        sups[start : start + block] = np.max(wald, axis=-1)
    return float((1 + np.sum(sups >= stat)) / (draws + 1))
