"""A test for one break in the trend function that is valid whether the noise around the
trend is stationary, I(0), or has a unit root, I(1): the Perron & Yabu (2009) Exp-W test.

Why: sup-F and Bai-Perron (in :mod:`policyts.models.fstats` and
:mod:`policyts.models.bai_perron`) assume stationary noise. On a random walk with drift
they find breaks almost always. Perron & Yabu estimate the sum of the autoregressive
coefficients of the noise, correct its bias (Roy & Fuller 2001), set it to exactly one
when it is within ``n^{-1/2}`` of one (a super-efficient estimate), quasi-difference
the data with it and test the break coefficients with a Wald statistic. The Exp
functional of the Wald path over candidate dates then has (nearly) the same limit in the
I(0) and I(1) cases, so one set of critical values serves both.

Layout: :class:`TrendBreakOptions` validates the arguments once, :func:`exp_w_batch` is
the array kernel over a batch of series, :func:`trend_break` is the public function and
:class:`TrendBreak` the frozen result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from policyts._series import Series1D, as_series
from policyts.models._persistence_kernels import (
    ar_fits,
    ar_long_run_variance,
    batched_ols,
    roy_fuller,
    simulate_ar_noise,
    truncate_root,
)
from policyts.models._results import SummaryMixin, _json_value, format_number

__all__ = ["TrendBreak", "TrendBreakOptions", "exp_w_batch", "trend_break"]

MODELS = ("level", "slope", "both")

# Asymptotic critical values of Exp-W (levels 10%, 5%, 1%) by trimming, Perron & Yabu
# (2009, JBES 27(3), 369-396), Table 1 as transcribed in the Ox code of A. Skrobotov
# (2018) and its R port (function ``PY.single``); reproduced by simulation in
# tests/reference/perron_yabu/critical_values.py (output critical_values.json next to it).
_PY_CV: dict[str, dict[float, tuple[float, float, float]]] = {
    "level": {
        0.01: (1.60, 2.07, 3.33),
        0.05: (1.52, 1.97, 3.24),
        0.10: (1.41, 1.88, 3.05),
        0.15: (1.26, 1.74, 3.12),
        0.25: (0.91, 1.33, 2.83),
    },
    "slope": {
        0.01: (1.52, 2.02, 3.37),
        0.05: (1.40, 1.93, 3.27),
        0.10: (1.28, 1.86, 3.20),
        0.15: (1.13, 1.67, 3.06),
        0.25: (0.74, 1.28, 2.61),
    },
    "both": {
        0.01: (2.96, 3.55, 5.02),
        0.05: (2.82, 3.36, 4.78),
        0.10: (2.65, 3.16, 4.59),
        0.15: (2.48, 3.12, 4.47),
        0.25: (2.15, 2.79, 4.57),
    },
}

# 5% critical values of the unit-root t test with a break at fraction lambda (rows by
# ceil(10 lambda) = 1..10), used as ``tau_pct`` in the Roy-Fuller correction (same
# source as _PY_CV).
_TAU_PCT: dict[str, tuple[float, ...]] = {
    "level": (-4.30, -4.39, -4.39, -4.34, -4.32, -4.45, -4.42, -4.33, -4.27, -4.27),
    "slope": (-4.27, -4.41, -4.51, -4.55, -4.56, -4.57, -4.51, -4.38, -4.26, -4.26),
    "both": (-4.38, -4.65, -4.78, -4.81, -4.90, -4.88, -4.75, -4.70, -4.41, -4.41),
}

# Asymptotic 5% critical value of the Dickey-Fuller t test with constant and trend
# (MacKinnon 2010, via statsmodels' ``mackinnoncrit``): tau_pct for the no-break model
# that generates the bootstrap samples.
_TAU_PCT_NO_BREAK = -3.41

_MIN_SEGMENT = {"level": 2, "slope": 3, "both": 3}
_MIN_N = 15


def _default_max_lag(n: int) -> int:
    """Schwert-type rule ``floor(4 (n/100)^(1/4))``: 3 lags for n = 38, 2 below n = 25."""
    return int(math.floor(4.0 * (n / 100.0) ** 0.25))


def min_nobs(model: str, trim: float) -> int:
    """Smallest n for which ``model`` with trimming ``trim`` has enough observations: each
    regime at least 2 (level) or 3 (slope, both) periods after trimming, and n >= 15 for
    the autoregression that estimates the persistence."""
    need = _MIN_SEGMENT[model]
    n = _MIN_N
    while int(math.floor(trim * n)) < need:
        n += 1
    return n


@dataclass(frozen=True)
class TrendBreakOptions:
    """Validated options of :func:`trend_break` (see there for their meaning)."""

    model: str
    trim: float
    max_lag: int
    bootstrap: int
    seed: int | None
    first: int
    last: int

    @classmethod
    def resolve(
        cls,
        n: int,
        *,
        model: str,
        trim: float,
        max_lag: int | None,
        bootstrap: int,
        seed: int | None,
    ) -> TrendBreakOptions:
        if model not in MODELS:
            raise ValueError(
                f"model must be one of {', '.join(repr(m) for m in MODELS)} (a break in the "
                f"level, in the slope, or in both), not {model!r}"
            )
        if isinstance(trim, bool) or not isinstance(trim, int | float) or not 0 < trim < 0.5:
            raise ValueError(f"trim must be a fraction in (0, 0.5), not {trim!r}")
        need = min_nobs(model, float(trim))
        if n < need:
            raise ValueError(
                f"series has {n} observations; model {model!r} with trim {trim} needs at "
                f"least {need} (each regime at least {_MIN_SEGMENT[model]} periods after "
                f"trimming {trim:.0%} at each end, and at least {_MIN_N} in all)"
            )
        if max_lag is None:
            max_lag = _default_max_lag(n)
        if isinstance(max_lag, bool) or not isinstance(max_lag, int | np.integer) or max_lag < 0:
            raise ValueError(f"max_lag must be a whole number >= 0, not {max_lag!r}")
        if n - int(max_lag) - 1 < 10 + int(max_lag):
            raise ValueError(
                f"max_lag={max_lag} leaves too few observations for the autoregression "
                f"of a series of {n}; use max_lag <= {max(0, (n - 11) // 2)}"
            )
        if isinstance(bootstrap, bool) or not isinstance(bootstrap, int) or bootstrap < 0:
            raise ValueError(f"bootstrap must be a whole number >= 0, not {bootstrap!r}")
        if 0 < bootstrap < 99:
            raise ValueError(f"bootstrap={bootstrap} is too few draws for a p-value; use >= 99")
        h = int(math.floor(trim * n))
        return cls(
            model=model,
            trim=float(trim),
            max_lag=int(max_lag),
            bootstrap=int(bootstrap),
            seed=seed,
            first=h,
            last=n - h,
        )


def _regressors(n: int, b: int, model: str) -> tuple[np.ndarray, list[int]]:
    """Design (n, p) with a break whose first new-regime period is ``b`` (0-based), and
    the columns of the break coefficients.  Columns: 1, t, then DU_t = 1(t >= b) and/or
    DT_t = (t - b + 1) 1(t >= b)."""
    t = np.arange(1.0, n + 1.0)
    du = (np.arange(n) >= b).astype(float)
    dt = du * (np.arange(n) - b + 1.0)
    cols = [np.ones(n), t]
    if model in ("level", "both"):
        cols.append(du)
    if model in ("slope", "both"):
        cols.append(dt)
    return np.column_stack(cols), list(range(2, len(cols)))


@dataclass(frozen=True)
class ExpWBatch:
    """Kernel output for a batch of R series: Exp-W (R,), the Wald path (R, n_dates),
    and per date the estimated root after Roy-Fuller correction (``alpha_m``) and after
    truncation (``alpha_ms``), the raw OLS root and the lag order."""

    stat: np.ndarray
    wald: np.ndarray
    alpha_ols: np.ndarray
    alpha_m: np.ndarray
    alpha_ms: np.ndarray
    lags: np.ndarray
    dates: np.ndarray


def exp_w_batch(y: np.ndarray, *, model: str, first: int, last: int, max_lag: int) -> ExpWBatch:
    """Perron-Yabu Exp-W for each row of ``y`` (R, n); candidate first-new-regime
    positions ``first..last``.

    For each date: OLS detrending with the break, the augmented autoregression of the
    residuals (BIC lag order), Roy-Fuller correction and truncation of its root, the
    quasi-GLS regression ``y_t - a y_{t-1}`` on ``x_t - a x_{t-1}`` (first row kept in
    levels), and the Wald statistic of the break coefficients with an autoregressive
    long-run variance of the quasi-GLS residuals.  ``Exp-W = log(n^-1 sum exp(W/2))``
    (normalised by n, as in Perron & Yabu's tables).
    """
    y = np.atleast_2d(np.asarray(y, dtype=float))
    r, n = y.shape
    dates = np.arange(first, last + 1)
    nd = dates.size
    wald = np.empty((r, nd))
    a_ols = np.empty((r, nd))
    a_m = np.empty((r, nd))
    a_ms = np.empty((r, nd))
    lags = np.empty((r, nd), dtype=int)
    taus = _TAU_PCT[model]
    for j, b in enumerate(dates):
        x, idx = _regressors(n, int(b), model)
        q, _ = np.linalg.qr(x)
        u = y - (y @ q) @ q.T
        fit = ar_fits(u, max_lag)
        lam = b / n
        tau_pct = taus[min(max(int(math.ceil(lam * 10)), 1), 10) - 1]
        am = roy_fuller(fit.alpha, fit.se, fit.lags, n=n, n_det=x.shape[1], tau_pct=tau_pct)
        ams = truncate_root(am, n)
        yg = np.concatenate([y[:, :1], y[:, 1:] - ams[:, None] * y[:, :-1]], axis=1)
        xg = np.concatenate(
            [
                np.broadcast_to(x[None, :1, :], (r, 1, x.shape[1])),
                x[None, 1:, :] - ams[:, None, None] * x[None, :-1, :],
            ],
            axis=1,
        )
        beta, resid, xtx_inv = batched_ols(xg, yg)
        h0 = ar_long_run_variance(resid, fit.lags, max_lag)
        br = beta[:, idx]
        v = xtx_inv[:, idx][:, :, idx] * h0[:, None, None]
        wald[:, j] = np.einsum("ri,ri->r", br, np.linalg.solve(v, br[..., None])[..., 0])
        a_ols[:, j] = fit.alpha
        a_m[:, j] = am
        a_ms[:, j] = ams
        lags[:, j] = fit.lags
    half = wald / 2.0
    top = half.max(axis=1)
    stat = top + np.log(np.exp(half - top[:, None]).sum(axis=1)) - math.log(n)
    return ExpWBatch(
        stat=stat, wald=wald, alpha_ols=a_ols, alpha_m=a_m, alpha_ms=a_ms, lags=lags, dates=dates
    )


@dataclass(frozen=True)
class NullFit:
    """The noise process the bootstrap draws from (no break): root ``alpha``
    (Roy-Fuller corrected and truncated), lagged-difference coefficients ``zeta`` and
    centred residuals ``resid``."""

    alpha: float
    alpha_ols: float
    lags: int
    zeta: np.ndarray
    resid: np.ndarray


def fit_null(
    y: np.ndarray, max_lag: int, *, model: str | None = None, break_at: int | None = None
) -> NullFit:
    """Estimate the noise process the bootstrap draws from.

    The noise ``u`` is the residual of ``y`` on (1, t) -- or, with ``model`` and
    ``break_at`` given, on (1, t) and the break regressors at that date, so that a break
    under the alternative does not masquerade as persistence.  Its root is estimated,
    corrected and truncated as in the test; the lag coefficients are then re-estimated
    with the root held at that value.
    """
    n = y.size
    if model is not None and break_at is not None:
        x, _ = _regressors(n, break_at, model)
        lam = break_at / n
        tau_pct = _TAU_PCT[model][min(max(int(math.ceil(lam * 10)), 1), 10) - 1]
    else:
        x = np.column_stack([np.ones(n), np.arange(1.0, n + 1.0)])
        tau_pct = _TAU_PCT_NO_BREAK
    q, _ = np.linalg.qr(x)
    u = y - q @ (q.T @ y)
    fit = ar_fits(u[None, :], max_lag)
    am = roy_fuller(fit.alpha, fit.se, fit.lags, n=n, n_det=x.shape[1], tau_pct=tau_pct)
    a = float(truncate_root(am, n)[0])
    k = int(fit.lags[0])
    s = max_lag + 1
    du = np.diff(u, prepend=np.nan)
    dep = u[s:] - a * u[s - 1 : n - 1]
    if k:
        z = np.column_stack([du[s - i : n - i] for i in range(1, k + 1)])
        zeta, *_ = np.linalg.lstsq(z, dep, rcond=None)
        resid = dep - z @ zeta
    else:
        zeta = np.zeros(0)
        resid = dep
    # Keep the generated noise stationary in its differences: a lag polynomial with a
    # root on or inside the unit circle would make bootstrap samples explode.
    if k and np.sum(np.abs(zeta)) >= 0.98:
        zeta = zeta * 0.98 / np.sum(np.abs(zeta))
    return NullFit(
        alpha=a,
        alpha_ols=float(fit.alpha[0]),
        lags=k,
        zeta=np.asarray(zeta, dtype=float),
        resid=resid - resid.mean(),
    )


def bootstrap_samples(
    null: NullFit, n: int, draws: int, rng: np.random.Generator, burn: int = 50
) -> np.ndarray:
    """AR-sieve bootstrap samples (draws, n) under the no-break null (trend omitted: the
    statistic does not depend on the trend's coefficients)."""
    e = rng.choice(null.resid, size=(draws, n + burn), replace=True)
    zeta = np.broadcast_to(null.zeta, (draws, null.zeta.size))
    return simulate_ar_noise(np.full(draws, null.alpha), zeta, e, burn)


@dataclass(frozen=True, repr=False)
class TrendBreak(SummaryMixin):
    """Result of :func:`trend_break` (Perron-Yabu Exp-W test for one break in trend).

    Attributes
    ----------
    statistic : float
        Exp-W = log(n^-1 sum_dates exp(W/2)).
    critical_values : dict
        Asymptotic critical values (``"10%"``, ``"5%"``, ``"1%"``) from Perron & Yabu
        (2009) for the trimming used (empty when the trimming is not tabulated).
    pvalue : float or None
        AR-sieve bootstrap p-value; None when no bootstrap was run (``pvalue_note`` says
        why).
    reject : bool
        Rejection at 5%: bootstrap p-value < 0.05 when there is one, otherwise the
        statistic above the asymptotic 5% value.
    break_index, break_label, break_end_label
        Most likely break (the date with the largest Wald statistic): 0-based position
        and label of the first period of the new regime; label of the last old period.
    persistence : dict
        The root used at that date (``alpha_ms``, after Roy-Fuller correction and
        truncation), the OLS root, the lag order, whether the root was truncated to 1,
        which is also the root of the noise the bootstrap draws.

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import trend_break
    >>> rng = np.random.default_rng(1)
    >>> y = 0.5 * np.arange(30) + np.r_[np.zeros(15), np.full(15, 4.0)] + rng.normal(size=30)
    >>> res = trend_break(y, bootstrap=99)
    >>> res.model, res.nobs, round(res.stat, 2)
    ('level', 30, 17.77)
    """

    statistic: float
    critical_values: dict[str, float]
    pvalue: float | None
    reject: bool
    break_index: int
    break_label: Any
    break_end_label: Any
    model: str
    trim: float
    nobs: int
    persistence: dict[str, Any]
    bootstrap_critical_values: dict[str, float] = field(default_factory=dict)
    wald_path: tuple[float, ...] = ()
    dates: tuple[Any, ...] = ()
    pvalue_note: str = ""
    name: str = "y"

    @property
    def stat(self) -> float:
        return self.statistic

    def summary(self) -> str:
        title = f"Perron-Yabu Exp-W test for a break in the trend ({self.model})"
        lines = [
            title,
            "=" * len(title),
            f"Series: {self.name}   n = {self.nobs}   trim = {self.trim}",
            "H0: no break in the trend function (noise I(0) or I(1))",
            f"H1: one break in the {_what(self.model)} at an unknown date",
            f"Exp-W: {format_number(self.statistic)}",
        ]
        for level, cv in self.critical_values.items():
            lines.append(f"Asymptotic critical value {level}: {format_number(cv)}")
        for level, cv in self.bootstrap_critical_values.items():
            lines.append(f"Bootstrap critical value {level}: {format_number(cv)}")
        lines.append(
            f"p-value: {format_number(self.pvalue)}"
            + (f"  [{self.pvalue_note}]" if self.pvalue_note else "")
        )
        lines.append(f"Reject at 5%: {self.reject}")
        lines.append(
            f"Most likely break: first period of the new regime {self.break_label!r} "
            f"(last of the old {self.break_end_label!r})"
        )
        p = self.persistence
        lines.append(
            f"Persistence used: root {format_number(p['alpha_ms'])} "
            f"(OLS {format_number(p['alpha_ols'])}, Roy-Fuller {format_number(p['alpha_m'])}, "
            f"{'truncated to 1' if p['truncated'] else 'not truncated'}; "
            f"{p['lags']} lagged differences)"
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python dictionary (JSON-ready)."""
        return _json_value(
            {
                "test": "Perron-Yabu Exp-W",
                "model": self.model,
                "trim": self.trim,
                "nobs": self.nobs,
                "statistic": self.statistic,
                "critical_values": dict(self.critical_values),
                "bootstrap_critical_values": dict(self.bootstrap_critical_values),
                "pvalue": self.pvalue,
                "pvalue_note": self.pvalue_note,
                "reject": self.reject,
                "break": {
                    "index": self.break_index,
                    "label": self.break_label,
                    "end_label": self.break_end_label,
                },
                "persistence": dict(self.persistence),
                "break_convention": (
                    "index = 0-based position of the first observation of the new regime; "
                    "label = its time label; end_label = label of the last observation of "
                    "the old regime"
                ),
            }
        )


def _what(model: str) -> str:
    return {"level": "level", "slope": "slope", "both": "level and slope"}[model]


def trend_break(
    y: Any,
    *,
    model: str = "level",
    trim: float = 0.15,
    max_lag: int | None = None,
    bootstrap: int = 499,
    seed: int | None = 0,
) -> TrendBreak:
    """Test for one break in the level and/or slope of a linear trend, valid whether the
    noise is stationary or has a unit root (Perron & Yabu 2009, Exp-W).

    Model: ``y_t = mu + beta t + [delta DU_t] + [gamma DT_t] + u_t`` with ``u_t = a
    u_{t-1} + v_t``, ``v_t`` stationary, ``|a| < 1`` or ``a = 1``.  ``DU_t = 1(t >= b)``
    and ``DT_t = (t - b + 1) 1(t >= b)`` where ``b`` is the first period of the new regime.

    Parameters
    ----------
    y : array_like, pandas.Series or xarray.DataArray
        One series without missing values.
    model : {"level", "slope", "both"}
        Break in the intercept (Perron-Yabu model I), in the slope (II) or both (III).
    trim : float
        Fraction of n excluded at each end when searching the break date.
    max_lag : int, optional
        Largest number of lagged differences in the autoregression of the noise (BIC
        picks the order); default ``floor(4 (n/100)^(1/4))``.
    bootstrap : int
        Number of AR-sieve bootstrap draws for the p-value (0: none; the decision then
        uses the asymptotic 5% critical value).  In short series the asymptotic values
        are not reliable (see Notes); the default 499 takes about a second for n = 40.
    seed : int or None
        Seed of the bootstrap.

    Returns
    -------
    TrendBreak

    Raises
    ------
    ValueError
        Missing values, a constant series, ``model`` outside the three, a trimming outside
        (0, 0.5), or a series too short for the model and trimming (the message names the
        minimum n).

    Notes
    -----
    Steps for each candidate date (Perron & Yabu 2009, sections 3-4): OLS detrending with
    the break; the augmented autoregression of the residuals, lag order by BIC; the
    Roy & Fuller (2001) bias correction of its root (``tau_pct`` from Perron & Yabu's
    table); truncation to 1 when ``sqrt(n) |a - 1| <= 1``; quasi-GLS regression with that
    root; Wald statistic of the break coefficients with an autoregressive estimate of the
    long-run variance of the quasi-GLS residuals.  Two simplifications against the
    authors' code: the long-run variance is always the autoregressive one (not a
    quadratic-spectral kernel when the root is below one), and no correction of the
    level-shift coefficient for lagged dummies in the unit-root case.  Both affect only
    finite-sample behaviour, which the bootstrap handles.

    The bootstrap draws series without a break whose noise is fitted with the break at
    the most likely date (root corrected and truncated as above, lagged differences
    re-estimated with the root held fixed, residuals resampled) and recomputes Exp-W;
    the statistic does not depend on the trend's coefficients.  Fitting the noise with
    the break keeps a real break from being read as persistence (a no-break fit made
    the bootstrap draw random walks and lost about a third of the power against a level
    shift at n = 38).

    Checked by simulation (benchmarks/trend_break_size_power.py, 300 series and 199
    draws per design, outputs ``trend_break_size_power_n{25,38,60}.md``): the bootstrap
    test rejects 2-9% of random walks with drift and of trend-stationary AR(0.5) and
    AR(0.9) series at n = 25, 38 and 60, while the asymptotic 5% values reject up to 34%
    (n = 25), 25% (n = 38) and 17% (n = 60) of them; at n = 38 it finds a slope change of 0.10 per period in AR(0.3) noise with sd
    0.03 in every series and a level shift of five noise standard deviations in 79%.
    The asymptotic critical values are reproduced by simulation in
    tests/reference/perron_yabu/ (level and slope models within Monte Carlo error; for
    "both" the published values lie about 0.2 above the simulated I(0) limit).

    Only one break.  The sequential multiple-break extension (Kejriwal & Perron 2010) is
    not implemented.

    References
    ----------
    Perron, P. and Yabu, T. (2009). Testing for shifts in trend with an integrated or
    stationary noise component. Journal of Business & Economic Statistics 27(3), 369-396.
    Roy, A. and Fuller, W. A. (2001). Estimation for autoregressive time series with a
    root near 1. Journal of Business & Economic Statistics 19(4), 482-493.
    Andrews, D. W. K. and Ploberger, W. (1994). Optimal tests when a nuisance parameter
    is present only under the alternative. Econometrica 62(6), 1383-1414.

    Examples
    --------
    A trend with a level shift of 4 at position 15 (``bootstrap`` kept small for speed):

    >>> import numpy as np
    >>> from policyts.models import trend_break
    >>> rng = np.random.default_rng(1)
    >>> y = 0.5 * np.arange(30) + np.r_[np.zeros(15), np.full(15, 4.0)] + rng.normal(size=30)
    >>> res = trend_break(y, model="level", bootstrap=99)
    >>> res.break_label, res.reject
    (15, True)
    """
    s: Series1D = as_series(y)
    vals = s.values
    if np.ptp(vals) == 0:
        raise ValueError(f"series {s.name!r} is constant; there is no trend to test")
    opts = TrendBreakOptions.resolve(
        s.n, model=model, trim=trim, max_lag=max_lag, bootstrap=bootstrap, seed=seed
    )
    # Scale-free computation: the statistic is invariant to affine rescaling of y.
    z = (vals - vals.mean()) / vals.std()
    res = exp_w_batch(
        z[None, :], model=opts.model, first=opts.first, last=opts.last, max_lag=opts.max_lag
    )
    stat = float(res.stat[0])
    j = int(np.argmax(res.wald[0]))
    b = int(res.dates[j])
    tab = _PY_CV[opts.model].get(round(opts.trim, 2)) if _is_tabulated(opts.trim) else None
    cvs = {"10%": tab[0], "5%": tab[1], "1%": tab[2]} if tab else {}
    # Noise process for the bootstrap: estimated with the break at the most likely date
    # (consistent with or without a break; a no-break fit would read a real break as
    # persistence and cost power).
    null = fit_null(z, opts.max_lag, model=opts.model, break_at=b)
    boot_cv: dict[str, float] = {}
    if opts.bootstrap:
        rng = np.random.default_rng(opts.seed)
        ystar = bootstrap_samples(null, s.n, opts.bootstrap, rng)
        bstats = np.empty(opts.bootstrap)
        for lo in range(0, opts.bootstrap, 500):
            hi = min(lo + 500, opts.bootstrap)
            bstats[lo:hi] = exp_w_batch(
                ystar[lo:hi],
                model=opts.model,
                first=opts.first,
                last=opts.last,
                max_lag=opts.max_lag,
            ).stat
        pboot = float((1 + np.sum(bstats >= stat)) / (opts.bootstrap + 1))
        pvalue: float | None = pboot
        boot_cv = {
            "10%": float(np.quantile(bstats, 0.90)),
            "5%": float(np.quantile(bstats, 0.95)),
            "1%": float(np.quantile(bstats, 0.99)),
        }
        note = (
            f"AR-sieve bootstrap, {opts.bootstrap} draws of trend + noise without a break, "
            "noise fitted with the break at the most likely date"
        )
        reject = bool(pboot < 0.05)
    else:
        pvalue = None
        note = (
            "no bootstrap requested; Perron & Yabu give critical values, not p-values, "
            "and the decision uses the asymptotic 5% value"
        )
        if not cvs:
            raise ValueError(
                f"trim={opts.trim} has no tabulated critical values (tabulated: "
                f"{sorted(_PY_CV[opts.model])}); use one of those or bootstrap > 0"
            )
        reject = bool(stat > cvs["5%"])
    persistence = {
        "alpha_ms": float(res.alpha_ms[0, j]),
        "alpha_m": float(res.alpha_m[0, j]),
        "alpha_ols": float(res.alpha_ols[0, j]),
        "truncated": bool(res.alpha_ms[0, j] == 1.0),
        "lags": int(res.lags[0, j]),
        "note": (
            "alpha_ms: sum of the noise's autoregressive coefficients at the most likely "
            "break date after Roy-Fuller bias correction and truncation to 1 when within "
            "n^-1/2 of 1; the bootstrap draws noise with this root"
        ),
    }
    return TrendBreak(
        statistic=stat,
        critical_values=cvs,
        pvalue=pvalue,
        reject=reject,
        break_index=b,
        break_label=s.label(b),
        break_end_label=s.label(b - 1),
        model=opts.model,
        trim=opts.trim,
        nobs=s.n,
        persistence=persistence,
        bootstrap_critical_values=boot_cv,
        wald_path=tuple(float(w) for w in res.wald[0]),
        dates=tuple(s.label(int(d)) for d in res.dates),
        pvalue_note=note,
        name=s.name,
    )


def _is_tabulated(trim: float) -> bool:
    return any(abs(trim - t) < 1e-9 for t in (0.01, 0.05, 0.10, 0.15, 0.25))
