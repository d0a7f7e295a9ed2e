"""Shared pieces of the effect models: the estimation window, the model options, the
fitted-model record every model returns, intervention regressors and Wald tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from policyts.models._results import HypothesisTest

__all__ = [
    "TERMS",
    "TERM_TEXT",
    "Window",
    "Spec",
    "Term",
    "ModelFit",
    "intervention_columns",
    "wald_test",
    "term_from",
    "gap_trend",
]

TERMS = ("step", "ramp", "pulse")
"""Intervention regressors (Box & Tiao 1975): ``step`` = 1 from the first treated period on
(level change), ``ramp`` = periods since the first treated period, 0 at it (slope change),
``pulse`` = 1 at the first treated period only (a one-period effect)."""

TERM_TEXT = {"step": "level change", "ramp": "slope change", "pulse": "pulse"}


@dataclass(frozen=True)
class Window:
    """The data one fit sees.

    ``y`` is on the model's input scale (logs for ``log=True``, counts for count models);
    ``tc`` is time relative to the first treated period (0 there, negative before);
    ``role`` marks pre-period (0), post-period (1) and excluded (-1) periods.
    """

    y: np.ndarray
    tc: np.ndarray
    role: np.ndarray
    controls: np.ndarray
    control_names: tuple[str, ...]
    seasonal: np.ndarray | None = None
    seasonal_names: tuple[str, ...] = ()

    @property
    def season_cols(self) -> np.ndarray:
        """Seasonal regressors (dummies or Fourier terms), ``(m, 0)`` when there are none."""
        return np.empty((self.m, 0)) if self.seasonal is None else self.seasonal

    @property
    def m(self) -> int:
        return int(self.y.shape[0])

    @property
    def used(self) -> np.ndarray:
        return self.role >= 0

    @property
    def pre(self) -> np.ndarray:
        return np.flatnonzero(self.role == 0)

    @property
    def post(self) -> np.ndarray:
        return np.flatnonzero(self.role == 1)

    @property
    def first_out(self) -> int:
        """Index of the first period after the last pre-period observation used."""
        return int(self.pre[-1]) + 1

    @property
    def n_post(self) -> int:
        return int((self.role == 1).sum())

    @property
    def post_in_out(self) -> np.ndarray:
        """Indices of the used post-period observations among the ``out`` periods."""
        return self.post - self.first_out


@dataclass(frozen=True)
class Spec:
    """Resolved model options (one object, passed to every fit, placebo fits included).

    ``seasonal`` is ``"none"``, ``"dummies"``, ``"fourier"`` (regressors, in the window's
    ``seasonal`` columns) or ``"component"`` (a stochastic seasonal state of ``ucm``);
    ``period`` the seasons per year; ``seasonal_order`` the ``(P, D, Q, s)`` of
    ``sarimax`` (all zero: none).
    """

    model: str
    log: bool
    terms: tuple[str, ...]
    trend: bool
    errors: str
    maxlags: int | None
    family: str
    order: tuple[int, int, int]
    components: str
    level: float
    bootstrap: int
    seed: int
    seasonal: str = "none"
    period: int = 1
    harmonics: int = 0
    seasonal_order: tuple[int, int, int, int] = (0, 0, 0, 0)
    log_controls: bool = False


@dataclass(frozen=True)
class Term:
    """One intervention coefficient on the model scale."""

    name: str
    estimate: float
    se: float
    ci: tuple[float, float]
    p_value: float
    p_method: str


@dataclass
class ModelFit:
    """What every model returns.

    ``cf`` is the counterfactual (no-event) path on the model scale for every period of the
    window (the fitted no-event part before, the forecast after); ``pred_cov`` (with
    ``pred_df`` degrees of freedom, ``inf`` for normal) is the covariance of the
    counterfactual prediction over the ``out`` periods, noise included, or ``sampler``
    draws the counterfactual on the original scale (count models).
    """

    method: str
    terms: dict[str, Term]
    joint: HypothesisTest | None
    cf: np.ndarray
    fitted: np.ndarray
    pred_cov: np.ndarray | None = None
    pred_df: float = np.inf
    sampler: Callable[[np.random.Generator, int], np.ndarray] | None = None
    coefficients: dict[str, tuple[float, float]] = field(default_factory=dict)
    tests: list[HypothesisTest] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def intervention_columns(tc: np.ndarray, terms: tuple[str, ...]) -> np.ndarray:
    """Step, ramp and pulse regressors for relative time ``tc`` (0 = first treated period)."""
    cols = {
        "step": (tc >= 0).astype(float),
        "ramp": np.where(tc >= 0, tc, 0.0).astype(float),
        "pulse": (tc == 0).astype(float),
    }
    if not terms:
        return np.empty((tc.shape[0], 0))
    return np.column_stack([cols[t] for t in terms])


def _crit(level: float, df: float) -> float:
    q = 0.5 + level / 2
    return float(stats.norm.ppf(q) if not np.isfinite(df) else stats.t.ppf(q, df))


def term_from(
    name: str,
    est: float,
    se: float,
    df: float,
    level: float,
    *,
    crit: float | None = None,
    p_value: float | None = None,
    p_method: str | None = None,
) -> Term:
    """A :class:`Term` with a symmetric interval ``est +- crit * se`` and a two-sided p-value
    (t with ``df`` degrees of freedom, normal when ``df`` is infinite, unless given)."""
    c = _crit(level, df) if crit is None else crit
    if p_value is None:
        if se > 0 and np.isfinite(se):
            z = abs(est) / se
            p_value = float(2 * (stats.norm.sf(z) if not np.isfinite(df) else stats.t.sf(z, df)))
        else:
            p_value = float("nan")
    if p_method is None:
        p_method = "normal" if not np.isfinite(df) else f"t({df:g})"
    return Term(
        name,
        float(est),
        float(se),
        (float(est - c * se), float(est + c * se)),
        float(p_value),
        p_method,
    )


def wald_test(
    est: np.ndarray, cov: np.ndarray, names: list[str], df: float, *, label: str
) -> HypothesisTest:
    """Joint Wald test that the intervention coefficients are zero.

    With finite ``df`` the statistic ``W / q`` is referred to F(q, df) (exact for OLS with
    classical covariance); otherwise ``W`` to chi-square(q).
    """
    q = len(est)
    w = float(est @ np.linalg.solve(cov, est))
    dfs: tuple[float, ...]
    if np.isfinite(df):
        stat, logp = w / q, float(stats.f.logsf(w / q, q, df))
        dist, dfs, scale = "F", (float(q), float(df)), "F (Wald / q)"
    else:
        stat, logp = w, float(stats.chi2.logsf(w, q))
        dist, dfs, scale = "chi2", (float(q),), "Wald"
    return HypothesisTest(
        name=f"Joint Wald test of the intervention terms ({label})",
        stat=stat,
        pvalue=float(np.exp(logp)),
        scale=scale,
        null_hypothesis=f"no {', no '.join(TERM_TEXT[n] for n in names)} at the event",
        alternative_hypothesis="at least one intervention coefficient differs from zero",
        df=dfs,
        distribution=dist,
        details={"terms": ", ".join(names)},
    )


def gap_trend(
    gap: np.ndarray,
    j: np.ndarray,
    cov: np.ndarray | None,
    df: float,
    level: float,
    *,
    slope: bool,
) -> dict[str, Term]:
    """Level and slope change from post-period gaps (observed minus counterfactual).

    Generalised least squares of ``gap`` on ``[1, j]`` (``j`` = periods since the first
    treated period) with the counterfactual's predictive covariance ``cov``: the level
    change is the gap at the first treated period, the slope change the change in the gap
    per period. Without ``cov`` (synthetic control) ordinary least squares gives the
    estimates, and no interval.
    """
    cols = [np.ones_like(j, dtype=float)]
    names = ["step"]
    if slope and gap.shape[0] >= 2 and np.ptp(j) > 0:
        cols.append(j.astype(float))
        names.append("ramp")
    Z = np.column_stack(cols)
    if cov is None:
        est, *_ = np.linalg.lstsq(Z, gap, rcond=None)
        return {
            n: Term(n, float(e), float("nan"), (float("nan"), float("nan")), float("nan"), "none")
            for n, e in zip(names, est, strict=True)
        }
    L = np.linalg.cholesky(cov)
    Zs = np.linalg.solve(L, Z)
    gs = np.linalg.solve(L, gap)
    A = Zs.T @ Zs
    est = np.linalg.solve(A, Zs.T @ gs)
    V = np.linalg.inv(A)
    return {
        n: term_from(n, float(e), float(np.sqrt(V[i, i])), df, level)
        for i, (n, e) in enumerate(zip(names, est, strict=True))
    }
