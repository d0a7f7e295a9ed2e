"""Segmented regression for counts: Poisson, quasi-Poisson and negative-binomial (NB2)
generalised linear models with a log link.

``log mu_t = a + b tc_t + delta step_t + gamma ramp_t + pi pulse_t + x_t' beta``: the level
change ``delta`` is in log points (a ratio of ``exp(delta)``) and the slope change
``gamma`` is the change in the growth rate, in log points per period.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import statsmodels.api as sm
from scipy import optimize

from policyts.models.effects._core import (
    ModelFit,
    Spec,
    Term,
    Window,
    term_from,
    wald_test,
)
from policyts.models.effects._gaussian import its_design

__all__ = ["fit_counts", "negbin_moment_fit", "FAMILIES"]

FAMILIES = ("negbin", "poisson", "quasipoisson")


def negbin_moment_fit(
    y: np.ndarray, X: np.ndarray, start: np.ndarray
) -> tuple[float, Any, list[str]]:
    """NB2 GLM with the dispersion ``alpha`` (Var = mu + alpha mu^2) set by moments.

    ``alpha`` solves ``sum (y - mu)^2 / (mu + alpha mu^2) = n - k`` (the Pearson statistic
    equals the residual degrees of freedom), alternating with the IRLS fit of the
    coefficients at fixed ``alpha`` until ``alpha`` settles; ``alpha = 0`` (Poisson) when
    the Poisson Pearson statistic is already below ``n - k``. This is R's
    ``MASS::theta.mm`` iterated with ``glm(family = negative.binomial(theta))``.

    Notes
    -----
    Chosen over maximum likelihood because the ML dispersion is biased downwards in short
    series: in simulations (n = 30, alpha = 0.02-0.05) Wald intervals with the ML
    dispersion covered the level and slope change in 90-93% of replications at the 95%
    level, with the moment dispersion in 93.5-96% (t reference with n - k - 1 degrees of
    freedom in both).
    """
    n, k = X.shape
    msgs: list[str] = []
    beta = np.asarray(start, dtype=float)
    alpha = 0.0
    res: Any = None
    for _ in range(200):
        family = sm.families.NegativeBinomial(alpha=alpha) if alpha > 0 else sm.families.Poisson()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.GLM(y, X, family=family).fit(start_params=beta)
        beta = np.asarray(res.params)
        mu = np.asarray(res.mu)
        r2 = (y - mu) ** 2

        def excess(a: float, r2: np.ndarray = r2, mu: np.ndarray = mu) -> float:
            return float(np.sum(r2 / (mu + a * mu**2)) - (n - k))

        if excess(0.0) <= 0:
            new = 0.0
        else:
            hi = 1.0
            while excess(hi) > 0 and hi < 1e8:
                hi *= 10
            new = float(optimize.brentq(excess, 0.0, hi, xtol=1e-14, rtol=1e-12))
        if abs(new - alpha) <= 1e-10 * max(1.0, alpha):
            alpha = new
            break
        alpha = new
    else:  # pragma: no cover - the iteration settles in a few steps in practice
        msgs.append("the negative-binomial dispersion did not settle in 200 steps")
    if alpha == 0.0:
        msgs.append(
            "no overdispersion (Pearson statistic below the residual degrees of freedom): "
            "the negative-binomial model reduces to Poisson"
        )
    return alpha, res, msgs


def fit_counts(win: Window, spec: Spec, terms: tuple[str, ...]) -> ModelFit:
    """Count segmented regression on one window (controls enter as logs)."""
    X_all, names = its_design(win, spec, terms)
    q = len(terms)
    term_idx = [names.index(t) for t in terms]
    rows = np.flatnonzero(win.used) if q else win.pre
    y, X = win.y[rows], X_all[rows]
    n, k = X.shape
    extra_df = 1 if spec.family == "negbin" else 0
    if n - k - extra_df < 1:
        raise ValueError(
            f"the count model has {k + extra_df} parameters but only {n} observations: "
            "shorten the model or give a longer series"
        )
    warns: list[str] = []
    notes: list[str] = []
    extra: dict[str, Any] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pois = sm.GLM(y, X, family=sm.families.Poisson()).fit()
    warns += [f"Poisson fit: {w.message}" for w in caught]
    beta0 = np.asarray(pois.params)
    phi = float(pois.pearson_chi2 / (n - k))
    extra["pearson_dispersion"] = phi
    if spec.family == "poisson":
        res = pois
        df = np.inf
        method = "Poisson GLM (log link)"
        if phi > 1.5:
            warns.append(
                f"overdispersion: Pearson chi2 / df = {phi:.3g} (1 for Poisson counts); the "
                "Poisson standard errors are too small: use family='negbin' or 'quasipoisson'"
            )
    elif spec.family == "quasipoisson":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.GLM(y, X, family=sm.families.Poisson()).fit(scale="X2")
        df = float(n - k)
        method = f"quasi-Poisson GLM (log link, dispersion {phi:.4g} from Pearson chi2)"
    else:
        alpha, res, msgs = negbin_moment_fit(y, X, beta0)
        warns += [f"negative-binomial fit: {m}" for m in msgs]
        df = float(n - k - 1)
        extra["nb2_alpha"] = alpha
        method = f"negative-binomial NB2 GLM (log link, moment alpha = {alpha:.4g})"
    beta = np.asarray(res.params, dtype=float)
    V = np.asarray(res.cov_params(), dtype=float)
    est_terms: dict[str, Term] = {
        t: term_from(t, beta[i], float(np.sqrt(V[i, i])), df, spec.level)
        for t, i in zip(terms, term_idx, strict=True)
    }
    joint = None
    if q:
        joint = wald_test(
            beta[term_idx],
            V[np.ix_(term_idx, term_idx)],
            list(terms),
            df,
            label=f"{spec.family} GLM",
        )
    X_cf = X_all.copy()
    X_cf[:, term_idx] = 0.0
    eta_cf = X_cf @ beta
    fo = win.first_out
    Xo = X_cf[fo:]
    family = spec.family
    nb_alpha = float(extra.get("nb2_alpha", 0.0))

    def sampler(rng: np.random.Generator, n_draws: int) -> np.ndarray:
        b = rng.multivariate_normal(beta, V, size=n_draws, method="svd")
        mu = np.exp(Xo @ b.T).T  # (n_draws, h)
        if family == "negbin" and nb_alpha > 0:
            lam = rng.gamma(1.0 / nb_alpha, nb_alpha * mu)
        elif family == "quasipoisson" and phi > 1:
            lam = rng.gamma(mu / (phi - 1.0), phi - 1.0)
        else:
            lam = mu
        return rng.poisson(lam).astype(float)

    if not q:
        notes.append("no intervention term is identified: the model is fitted on the pre-period")
    return ModelFit(
        method=method,
        terms=est_terms,
        joint=joint,
        cf=eta_cf,
        fitted=X_all @ beta if q else np.where(np.arange(win.m) < fo, eta_cf, np.nan),
        pred_df=df,
        sampler=sampler,
        coefficients={nm: (float(beta[i]), float(np.sqrt(V[i, i]))) for i, nm in enumerate(names)},
        notes=notes,
        warnings=warns,
        extra=extra,
    )
