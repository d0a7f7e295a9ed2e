"""A structural break common to all units of a panel: date, interval and tests.

Model, for units ``i = 1..N`` and periods ``t = 1..T``::

    y_it = a_i [+ b_i t] + d_i 1(t >= k) + u_it,    u_it = l_i f_t + e_it

unit fixed effects ``a_i`` (and unit trends ``b_i t`` with ``trend=True``), a level shift
``d_i`` of each unit at the date ``k`` common to all units (``k`` = first period of the new
regime), a common factor ``f_t`` with unit loadings ``l_i`` (cross-sectional dependence)
and idiosyncratic errors ``e_it``.

* **Date**: the candidate that maximises the statistic of the common shift below (in a
  single series the sup-F date is the least-squares date; here the statistic is that of
  the shift common to all units net of the factor). Bai's (2010) plain least-squares date ``argmin_k sum_i SSR_i(k)`` (each unit its own
  shift; with unit trends the setting of Kim 2011 restricted to level shifts) is reported
  as ``ls_break_label``: with a common factor it is pulled towards the factor's swings
  (simulation, 31 x 14 panels with a two-sd break: exact in 0.76 of 100, against 0.95 of
  300 for this date).
* **Test of no break** (``stat``, ``pvalue``): at each candidate date the unit shifts
  ``d_i`` are regressed across units (unweighted) on a constant and each unit's loading on
  the cross-section average of the residuals left after its own shift (Pesaran's CCE
  proxy of the factor, as Stata's xtbreak ``csd`` option uses cross-section averages).
  The factor moves every unit's shift in proportion to its loading whatever its time
  path, so the intercept (the common shift net of the factor, ``common_shift``) keeps a
  shift common to all units identified, where putting the cross-section average into
  each unit's regression (plain CCE) would absorb it. The intercept is studentised by the
  scatter about the line, as a mean-group estimate is, so heterogeneous shifts are
  allowed. ``stat`` is the sup over candidates of that squared t statistic (F scale, one
  restriction), or its value at ``at``.

  Its p-value is a parametric bootstrap (Monte Carlo) p-value of the null model: one
  principal-component factor of the residuals without a break, its loadings' spread
  shrunk by their estimation noise, each unit's idiosyncratic variance, and a stationary
  AR(1) for the factor. The factor reaches the statistic through the noise in the
  estimated loadings (about ``sigma_i^2 / ||f||^2`` with T = 14), more so the more its
  path looks like a step, so the null distribution depends on the factor's persistence;
  with T = 14 a detrended factor's AR coefficient is estimated far too imprecisely (an
  AR(1) 0.9 is typically estimated near 0.5) for a bootstrap at the estimate to hold
  its size (it rejected 17-18% at a nominal 10% for AR 0.8-0.9). The p-value is therefore
  maximised over the AR coefficient on the grid ``PHI_GRID`` (0 to 0.95; the factor's
  variance refitted at each so that its detrended sum of squares matches the estimate;
  the same random draws at each), Dufour's (2006) maximised Monte Carlo test, and the
  p-value at each coefficient is reported (``pvalue_by_phi``). An asymptotic table
  (T -> infinity) or a Driscoll-Kraay variance would not be valid at T = 14.
* **Common or unit-specific** (``heterogeneity_stat``, ``heterogeneity_pvalue``): the
  weighted scatter of the unit shifts about their mean at ``k^``, calibrated by the same
  null draws plus the estimated common shift, each draw at its own estimated date.
  Unit-specific shifts at one date look like a factor whose path is a step, which the null
  model then contains, so this test is conservative and has little power at T = 14;
  units breaking at their own dates show up in ``by_unit``.
* **Interval** for the date: percentiles of ``k* - k^`` over bootstrap panels drawn from
  the same fitted model with the unit shifts (shrunk so that their sum of squares is
  unbiased), clipped to the candidate dates.
* **Per unit**: each unit's own least-squares date and its sup-F p-value from Hansen's
  (1997) response surface (a one-series asymptotic p-value that ignores the common
  factor and the multiple testing across units; a guide, not a test of the panel).

Notes
-----
Size, power and coverage were measured by simulation on 31 x 14 panels with unit effects
and trends, a common AR(1) factor of unit variance with loadings N(0.5, 0.5^2) and N(0, 1)
noise (``benchmarks/bench_common_break.py``, output in ``benchmarks/common_break.md``, 300
panels per design, 199 draws); the test suite repeats a small version. Rejection rates
without a break at nominal 0.05 / 0.10, factor AR(1) 0 / 0.5 / 0.8 / 0.9: 0.013 / 0.033,
0.037 / 0.073, 0.040 / 0.070, 0.050 / 0.087 (Monte Carlo se about 0.013 / 0.017); before
the p-value was maximised over the AR coefficient and the factor fitted to the
cross-section average, 0.083 / 0.173 and 0.113 / 0.183 at 0.8 and 0.9. With loadings
that hardly vary (mean loading 1, spread 0.5) the test still over-rejects when the factor
is persistent: 0.047 / 0.067 at AR 0.5 but 0.083 / 0.17 at AR 0.9, where a common break
and the factor are barely told apart (``note`` says so). With a shift of two noise sds in
every unit from 2017: p < 0.01 (no bootstrap draw as large) in 0.84 / 0.77 / 0.55 of
panels at factor AR 0 / 0.5 / 0.9 (p <= 0.05 in 0.97 / 0.93 / 0.75; 0.57 and 0.82 at
AR 0.5 before); with shifts drawn U(1, 3) unit by unit: 0.71 / 0.45 at AR 0.5 / 0.9
(p <= 0.05: 0.89 / 0.68).
The date is exact in 0.99 of those panels and the interval holds it in all of them
(mean width 3-5 periods). Power falls as the loadings become alike (mean loading 1, AR
0.5: p < 0.01 in 0.21, p <= 0.05 in 0.49). The heterogeneity test, calibrated at the
estimated AR coefficient only, rejects a common shift in 0.04-0.08 at 0.05.

References
----------
Bai, J. (2010). Common breaks in means and variances for panel data. Journal of
Econometrics 157, 78-92.
Kim, D. (2011). Estimating a common deterministic time trend break in large panels with
cross sectional dependence. Journal of Econometrics 164, 310-330.
Pesaran, M. H. (2006). Estimation and inference in large heterogeneous panels with a
multifactor error structure. Econometrica 74, 967-1012.
Ditzen, J., Karavias, Y. and Westerlund, J. (2024). Multiple structural breaks in
interactive effects panel data models. Journal of Applied Econometrics.
Hansen, B. E. (1997). Approximate asymptotic p values for structural-change tests.
Journal of Business & Economic Statistics 15, 60-67.
Dufour, J.-M. (2006). Monte Carlo tests with nuisance parameters: a general approach to
finite-sample inference and nonstandard asymptotics. Journal of Econometrics 133, 443-477.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from policyts.models._panel_input import missing_cells, numeric_matrix
from policyts.models._results import SummaryMixin, format_number
from policyts.models._tables import hansen_pvalue, hansen_tau

__all__ = ["CommonBreak", "UnitBreak", "common_break"]


# ----------------------------------------------------------------------------- options


@dataclass(frozen=True)
class _Options:
    trend: bool
    trim: float | int
    level: float
    bootstrap: int
    seed: int | None
    at: Any

    def resolve(self, n_periods: int, labels: np.ndarray) -> np.ndarray:
        """Candidate break positions (first period of the new regime), validated once."""
        if not isinstance(self.trend, bool | np.bool_):
            raise ValueError(f"trend must be True or False, got {self.trend!r}")
        if not (0.5 < float(self.level) < 1):
            raise ValueError(f"level must be in (0.5, 1), got {self.level!r}")
        if int(self.bootstrap) != self.bootstrap or int(self.bootstrap) < 99:
            raise ValueError(
                f"bootstrap must be a whole number of draws >= 99, got {self.bootstrap!r}"
            )
        trim = self.trim
        if isinstance(trim, bool) or not isinstance(trim, int | float | np.integer | np.floating):
            raise ValueError(f"trim must be a fraction in (0, 0.5) or a whole number, got {trim!r}")
        if 0 < float(trim) < 0.5:
            h = math.ceil(float(trim) * n_periods)
        elif float(trim) >= 1 and float(trim).is_integer():
            h = int(trim)
        else:
            raise ValueError(
                f"trim must be a fraction in (0, 0.5) or a whole number of periods, got {trim!r}"
            )
        h = max(h, 2)
        p = 2 if self.trend else 1
        if n_periods - 2 * h < 0 or n_periods < p + 3:
            raise ValueError(
                f"{n_periods} periods are too few for a break with regimes of at least {h} "
                f"periods{' and unit trends' if self.trend else ''}"
            )
        if self.at is not None:
            hits = np.flatnonzero(labels.astype(str) == str(self.at))
            if hits.size != 1:
                raise ValueError(f"at={self.at!r} is not a period of the panel")
            k = int(hits[0])
            if k < 2 or k > n_periods - 2:
                raise ValueError(
                    f"at={self.at!r} leaves fewer than 2 periods in one regime "
                    f"(the break label is the first period of the new regime)"
                )
            return np.array([k])
        return np.arange(h, n_periods - h + 1)


# ----------------------------------------------------------------------------- input


def _as_matrix(panel: Any, dim: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, str, str]:
    """Return ``(Y[T, N], time labels, unit labels, time name, unit name)``, strictly."""
    import pandas as pd
    import xarray as xr

    if isinstance(panel, xr.DataArray):
        if panel.ndim != 2:
            raise ValueError(f"panel must have two dimensions (time and unit), got {panel.dims}")
        if dim is None:
            raise ValueError(f"name the time dimension: dim= one of {panel.dims}")
        if dim not in panel.dims:
            raise ValueError(f"dim={dim!r} is not a dimension of the panel {panel.dims}")
        unit_dim = str(next(d for d in panel.dims if d != dim))
        da = panel.transpose(dim, unit_dim)
        frame = pd.DataFrame(
            da.values, index=pd.Index(da[dim].values), columns=pd.Index(da[unit_dim].values)
        )
        time_name = str(dim)
    elif isinstance(panel, pd.DataFrame):
        frame = panel
        time_name = str(panel.index.name or dim or "time")
        unit_dim = str(panel.columns.name or "unit")
    else:
        raise ValueError(
            "panel must be an xarray.DataArray (time x unit) or a pandas DataFrame with "
            f"time on the index and one column per unit, got {type(panel).__name__}"
        )
    times = np.asarray(frame.index)
    units = np.asarray(frame.columns)
    if len(units) < 2:
        raise ValueError(
            f"a common break needs at least two units; the panel has {len(units)} "
            f"({', '.join(map(str, units))})"
        )
    for what, labels in (("time label", times), ("unit", units)):
        dup = pd.Index(labels)[pd.Index(labels).duplicated()]
        if len(dup):
            raise ValueError(f"duplicate {what}s: {', '.join(map(str, dup.unique()[:5]))}")
    try:
        order_ok = bool(pd.Index(times).is_monotonic_increasing)
    except TypeError:
        order_ok = False
    if not order_ok:
        raise ValueError("time labels must be sorted in increasing order")
    values = numeric_matrix(frame.to_numpy(), units, times, allow_bool=True)
    missing = missing_cells(values, units, times)
    if missing:
        raise ValueError(
            f"the panel must be balanced: {missing[0]} unit-periods are missing or not "
            f"finite: {missing[1]}"
        )
    return values, times, units, time_name, unit_dim


# ----------------------------------------------------------------------------- kernel


def _annihilator(n: int, trend: bool) -> np.ndarray:
    cols = [np.ones(n)] + ([np.arange(1.0, n + 1)] if trend else [])
    X = np.column_stack(cols)
    return np.eye(n) - X @ np.linalg.pinv(X)


def _steps(n: int, ks: np.ndarray, M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    D = (np.arange(n)[:, None] >= ks[None, :]).astype(np.float64)
    Dt = M @ D
    return Dt, np.einsum("tk,tk->k", Dt, Dt)


@dataclass(frozen=True)
class _Stats:
    k_hat: np.ndarray  # (...,) position in ks of the date (argmax of f)
    k_ls: np.ndarray  # (...,) position in ks of Bai's (2010) plain least-squares date
    f: np.ndarray  # (..., K) F statistic of the common shift at each candidate
    het: np.ndarray  # (..., K) heterogeneity statistic at each candidate
    common: np.ndarray  # (..., K) common shift net of the factor (OLS intercept)
    delta: np.ndarray  # (..., K, N) unit shifts


def _panel_stats(Yt: np.ndarray, Dt: np.ndarray, q: np.ndarray, p: int) -> _Stats:
    """Statistics of residualised panels ``Yt`` of shape ``(..., T, N)`` (unit effects and
    trends already removed) at each candidate step ``Dt[:, k]`` (residualised too).

    At each candidate the unit shifts ``d_i`` are regressed across units (unweighted) on a
    constant and the unit's loading on the cross-section average of the residuals that
    remain after each unit's own shift. The factor's contribution to the shifts is
    proportional to the loadings whatever its time path, so with known loadings the
    intercept (the common shift) would not depend on the factor; with estimated ones it
    does through their noise, which the maximised bootstrap p-value allows for.
    """
    T, N = Yt.shape[-2], Yt.shape[-1]
    C = np.matmul(Dt.T, Yt)  # (..., K, N)
    ssq = np.einsum("...tn,...tn->...n", Yt, Yt)  # (..., N)
    gain_n = C * C / q[:, None]
    k_ls = np.argmin(ssq.sum(-1)[..., None] - gain_n.sum(-1), axis=-1)  # Bai (2010)
    delta = C / q[:, None]
    # Residuals after each unit's own shift at candidate k: R_k = Yt - Dt_k delta_k'.
    # Factor proxy: their cross-section average (Pesaran's CCE), loadings by regressing
    # each unit's residuals on it (scale and sign do not matter below); all by algebra on
    # (K, N) arrays rather than forming R.
    fac = Yt.mean(axis=-1)[..., None, :] - Dt.T * delta.mean(axis=-1)[..., None]  # (..., K, T)
    ff = np.einsum("...kt,...kt->...k", fac, fac)
    d_f = np.einsum("tk,...kt->...k", Dt, fac)  # Dt_k . fac_k
    r_f = np.matmul(fac, Yt) - delta * d_f[..., None]  # R_kn . fac_k
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.nan_to_num(r_f / ff[..., None])
    rss = ssq[..., None, :] - gain_n - lam * r_f  # ||R_kn - fac_k lam_kn||^2
    s2 = np.maximum(rss, 0.0) / max(T - p - 2, 1)
    s2 = np.maximum(s2, 1e-12 * np.maximum(s2.mean(axis=-1, keepdims=True), 1e-300))
    w = q[:, None] / s2  # inverse variance of each unit shift
    sw = w.sum(-1)
    swz = (w * delta).sum(-1)
    # Common shift: intercept of the unweighted regression of the unit shifts on a
    # constant and the loadings. Unweighted on purpose: weights estimated from T - p - 2
    # degrees of freedom per unit fatten the tails of the statistic under the null
    # (simulation, benchmarks/common_break.md), and the unit variances are in the null
    # model of the bootstrap anyway. No errors-in-variables correction of the slope: the
    # bootstrap reproduces the attenuation, and dividing by an estimated reliability
    # made the statistic heavy-tailed under the null.
    n = float(N)
    sl = lam.sum(-1)
    sll = (lam * lam).sum(-1)
    sz = delta.sum(-1)
    slz = (lam * delta).sum(-1)
    det = n * sll - sl**2
    with np.errstate(divide="ignore", invalid="ignore"):
        # Heterogeneity: weighted scatter of the unit shifts about their weighted mean (a
        # regression on the loadings would take shifts at group-specific dates, which look
        # like a factor with group loadings, for a factor); the factor's share of the
        # scatter is in the bootstrap's null model.
        het = (w * (delta - (swz / sw)[..., None]) ** 2).sum(-1) / (N - 1)
        b1 = (n * slz - sl * sz) / det
        b0 = (sz - b1 * sl) / n
        var0 = sll / det
        resid = delta - b0[..., None] - b1[..., None] * lam
        scatter = (resid**2).sum(-1) / (N - 2)
        # Studentised by the scatter about the line (mean-group style): heterogeneous
        # shifts and factor leakage through noisy loadings widen it, as they should.
        f = b0**2 / (var0 * scatter)
    k_hat = np.argmax(np.nan_to_num(f, nan=-1.0), axis=-1)
    return _Stats(k_hat=k_hat, k_ls=k_ls, f=f, het=het, common=b0, delta=delta)


def _ar1_variance_trace(phi: float, M: np.ndarray) -> float:
    n = M.shape[0]
    lags = np.abs(np.subtract.outer(np.arange(n), np.arange(n)))
    return float(np.trace(M @ phi**lags))


@dataclass(frozen=True)
class _NullModel:
    loadings: np.ndarray
    phi: float
    phi_raw: float
    factor_sd: float
    idio_sd: np.ndarray
    factor_share: float
    factor_ss: float  # ||M f||^2 of the estimated factor
    M: np.ndarray  # the annihilator the factor was detrended with

    def trace(self, phi: float) -> float:
        return max(_ar1_variance_trace(phi, self.M), 1e-12)


def _fit_null(
    R: np.ndarray, M_full: np.ndarray, trend: bool, step: np.ndarray | None = None
) -> _NullModel:
    """One common factor with an AR(1), and idiosyncratic variances, from the panel
    ``R[T, N]`` (unit effects and trends removed by ``M_full``; for the interval's model
    also each unit's shift at ``k^``).

    The factor path is the cross-section average (Pesaran's CCE proxy), with the tested
    common shift left in it: a bootstrap that holds its size has to fit the factor under
    the null, and removing the shift at the selected date soaks up the factor's most
    step-like swing (simulated rejection rates of 0.18 at a nominal 0.10 with factor AR
    0.9). The loadings are each unit's coefficient on the average in a regression that
    also has the step at the tested date (``step``), so they average exactly one (the
    mean loading governs how much of the factor reaches the common shift; a first
    principal component, used before, came back with mean loadings near 0 for a true 0.5
    when the factor is persistent, and the bootstrap over-rejected), and a common break
    does not flatten their spread. The idiosyncratic variances come from the same
    regressions."""
    T, N = R.shape
    f = R.mean(axis=1)
    ff = float(f @ f)
    X = f[:, None] if step is None else np.column_stack([f, step])
    coef = np.linalg.lstsq(X, R, rcond=None)[0]
    lam = coef[0] if ff > 0 else np.zeros(N)
    E = R - X @ coef
    df_free = max(int(round(np.trace(M_full))) - X.shape[1], 1)
    idio = np.sqrt(np.einsum("tn,tn->n", E, E) / df_free)
    noise = float(np.mean(idio**2))
    # The average carries the average of the idiosyncratic errors, E||M e_bar||^2 =
    # tr(M) mean(sigma_i^2) / N; the factor's own sum of squares is the rest.
    factor_ss = max(ff - float(np.trace(M_full)) * noise / N, 0.0)
    # Estimated loadings spread more than the true ones by their noise; shrink the spread
    # to an unbiased one (a draw with too distinct loadings separates the factor from a
    # common shift more easily than the data can).
    fx = ff - (float(f @ step) ** 2 / float(step @ step) if step is not None else 0.0)
    if fx > 0 and lam.var() > 0:
        keep = 1.0 - noise / fx / float(lam.var())
        lam = lam.mean() + math.sqrt(max(keep, 0.0)) * (lam - lam.mean())
    denom = float(f[:-1] @ f[:-1])
    phi_raw = float(f[1:] @ f[:-1] / denom) if denom > 0 else 0.0
    # Small-sample bias of the AR(1) coefficient of a demeaned (detrended) series.
    bias = (2.0 + 4.0 * phi_raw) / T if trend else (1.0 + 3.0 * phi_raw) / T
    phi = float(np.clip(phi_raw + bias, -0.9, 0.95))
    # E||M f||^2 = sd^2 tr(M Gamma(phi)): undo the variance the regressions absorb.
    sd = math.sqrt(factor_ss / max(_ar1_variance_trace(phi, M_full), 1e-12))
    total = float(np.einsum("tn,tn->", R, R))
    share = factor_ss * float(lam @ lam) / total if total > 0 else 0.0
    return _NullModel(lam, phi, phi_raw, sd, idio, share, factor_ss, M_full)


# Autoregressive coefficients of the common factor over which the p-value is maximised
# (Dufour's 2006 maximised Monte Carlo test): with T = 14 the coefficient of a detrended
# factor cannot be estimated well enough for a bootstrap at the estimate to hold its size.
PHI_GRID = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class _Draws:
    """Standard normal draws shared by every null model (common random numbers)."""

    factor: np.ndarray  # (B, T)
    idio: np.ndarray  # (B, T, N)

    @classmethod
    def new(cls, rng: np.random.Generator, B: int, T: int, N: int) -> _Draws:
        return cls(rng.standard_normal((B, T)), rng.standard_normal((B, T, N)))


def _draw_errors(model: _NullModel, draws: _Draws, phi: float | None = None) -> np.ndarray:
    """Panels ``(B, T, N)`` of the fitted factor model, its factor an AR(``phi``)."""
    phi = model.phi if phi is None else float(phi)
    sd = math.sqrt(model.factor_ss / model.trace(phi))
    eps = draws.factor
    B, T = eps.shape
    f = np.empty((B, T))
    f[:, 0] = eps[:, 0] * sd
    scale = sd * math.sqrt(1.0 - phi**2)
    for t in range(1, T):
        f[:, t] = phi * f[:, t - 1] + scale * eps[:, t]
    return f[:, :, None] * model.loadings[None, None, :] + draws.idio * model.idio_sd[None, None, :]


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, repr=False)
class UnitBreak:
    """One unit's own least-squares break date and its one-series sup-F p-value.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> from policyts.models import common_break
    >>> rng = np.random.default_rng(0)
    >>> years = np.arange(1991, 2021)
    >>> shift = 1.0 * (years >= 2006)
    >>> panel = xr.DataArray(
    ...     shift + rng.normal(scale=0.3, size=(10, 30)) + rng.normal(size=(10, 1)),
    ...     dims=("province", "year"),
    ...     coords={"province": list("abcdefghij"), "year": years},
    ... )
    >>> res = common_break(panel, dim="year", bootstrap=99)
    >>> unit = res.by_unit[0]
    >>> unit.unit, unit.break_label, round(unit.shift_at_common_break, 2)
    ('a', 2006, 1.07)
    """

    unit: Any
    break_index: int
    break_label: Any
    shift_at_common_break: float
    sup_f: float
    pvalue: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": _plain(self.unit),
            "break_index": self.break_index,
            "break_label": _plain(self.break_label),
            "shift_at_common_break": _plain(self.shift_at_common_break),
            "sup_f": _plain(self.sup_f),
            "p_value": _plain(self.pvalue),
        }


@dataclass(frozen=True, repr=False)
class CommonBreak(SummaryMixin):
    """Result of :func:`common_break`.

    Break conventions: ``break_index`` is the 0-based position of the first period of the
    new regime, ``break_label`` its label, ``break_end_label`` the label of the last period
    of the old regime; ``ci_labels`` / ``ci_end_labels`` give the interval for the date in
    either convention. ``stat`` is on the F scale (one restriction, so F = Wald).

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> from policyts.models import common_break
    >>> rng = np.random.default_rng(0)
    >>> years = np.arange(1991, 2021)
    >>> shift = 1.0 * (years >= 2006)
    >>> panel = xr.DataArray(
    ...     shift + rng.normal(scale=0.3, size=(10, 30)) + rng.normal(size=(10, 1)),
    ...     dims=("province", "year"),
    ...     coords={"province": list("abcdefghij"), "year": years},
    ... )
    >>> res = common_break(panel, dim="year", bootstrap=99)
    >>> res.n_units, res.n_periods, res.break_label
    (10, 30, 2006)
    """

    break_index: int
    break_label: Any
    break_end_label: Any
    ls_break_label: Any
    ci_index: tuple[int, int]
    ci_labels: tuple[Any, Any]
    ci_end_labels: tuple[Any, Any]
    level: float
    stat: float
    pvalue: float
    at: Any
    mean_shift: float
    common_shift: float
    heterogeneity_stat: float
    heterogeneity_pvalue: float
    n_units: int
    n_periods: int
    trend: bool
    trim_periods: int
    bootstrap: int
    factor: dict[str, float]
    by_unit: tuple[UnitBreak, ...]
    time_name: str
    unit_name: str
    note: str = ""
    pvalue_by_phi: tuple[tuple[float, float], ...] = ()
    null_hypothesis: str = (
        "no common break: at every candidate date the unit shifts, net of the part "
        "proportional to the factor loadings, average zero"
    )
    alternative_hypothesis: str = "a level shift at a date common to all units"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def nobs(self) -> int:
        return self.n_units * self.n_periods

    def summary(self) -> str:
        title = "Common break in a panel (CCE-style common shift; factor bootstrap)"
        lines = [title, "=" * len(title)]
        lines.append(
            f"Units: {self.n_units} ({self.unit_name}); periods: {self.n_periods} "
            f"({self.time_name}); unit effects{' and unit trends' if self.trend else ''}"
        )
        lines.append(
            f"Break (first period of the new regime): {self.break_label}  "
            f"[{self.level:.0%} interval {self.ci_labels[0]} .. {self.ci_labels[1]}]"
        )
        lines.append(
            f"Common shift net of the factor: {format_number(self.common_shift)}; mean of "
            f"unit shifts: {format_number(self.mean_shift)}; Bai (2010) least-squares "
            f"date: {self.ls_break_label}"
        )
        what = f"Chow F at {self.at}" if self.at is not None else "sup-F (pooled common shift)"
        lines.append(f"H0: {self.null_hypothesis}")
        lines.append(
            f"{what}: {format_number(self.stat)}, p-value {format_number(self.pvalue)} "
            f"[factor bootstrap, {self.bootstrap} draws, maximised over factor AR(1) "
            f"{PHI_GRID[0]:g}..{PHI_GRID[-1]:g}: largest at "
            f"{format_number(self.factor.get('phi_least_favourable', float('nan')), 2)}]"
        )
        lines.append(
            f"Common vs unit-specific shifts (weighted scatter of the unit shifts): "
            f"{format_number(self.heterogeneity_stat)}, p-value "
            f"{format_number(self.heterogeneity_pvalue)}"
        )
        lines.append(
            f"Common factor: AR(1) {format_number(self.factor['phi'], 2)} (bias-corrected), "
            f"share of residual variance {format_number(self.factor['share'], 2)}"
        )
        early = sorted(self.by_unit, key=lambda u: u.pvalue)[:5]
        lines.append(
            "Strongest single-unit breaks (own date, one-series p-value): "
            + "; ".join(f"{u.unit} {u.break_label} p={format_number(u.pvalue, 3)}" for u in early)
        )
        if self.note:
            lines.append(f"Note: {self.note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary; ``break.ci`` is in end labels (last period of the old
        regime), as in the ``breaks`` subcommand; ``ci_labels`` in first-period labels."""
        return {
            "break": {
                "index": self.break_index,
                "label": _plain(self.break_label),
                "end_label": _plain(self.break_end_label),
                "ci": [_plain(v) for v in self.ci_end_labels],
                "ci_labels": [_plain(v) for v in self.ci_labels],
                "level": self.level,
            },
            "least_squares_break_label": _plain(self.ls_break_label),
            "statistic": _plain(self.stat),
            "statistic_kind": "chow_f" if self.at is not None else "sup_f",
            "p_value": _plain(self.pvalue),
            "mean_shift": _plain(self.mean_shift),
            "heterogeneity": {
                "statistic": _plain(self.heterogeneity_stat),
                "p_value": _plain(self.heterogeneity_pvalue),
                "null": "the shift is the same in every unit",
            },
            "n_units": self.n_units,
            "n_periods": self.n_periods,
            "trend": self.trend,
            "trim_periods": self.trim_periods,
            "bootstrap": self.bootstrap,
            "factor": {k: _plain(v) for k, v in self.factor.items()},
            "p_value_by_factor_ar": [
                {"phi": phi, "p_value": _plain(pv)} for phi, pv in self.pvalue_by_phi
            ],
            "by_unit": [u.to_dict() for u in self.by_unit],
            "note": self.note,
        }


# ----------------------------------------------------------------------------- public


def common_break(
    panel: Any,
    dim: str | None = None,
    *,
    trend: bool = False,
    trim: float | int = 0.15,
    at: Any = None,
    level: float = 0.95,
    bootstrap: int = 499,
    seed: int | None = 0,
) -> CommonBreak:
    """Date and test a level shift at a date common to all units of a balanced panel.

    Parameters
    ----------
    panel : xarray.DataArray or pandas.DataFrame
        Two-dimensional: time along ``dim`` and units along the other dimension (a
        DataFrame has time on the index and one column per unit). Balanced, numeric,
        finite; at least two units.
    dim : str
        The time dimension of a DataArray.
    trend : bool
        Unit-specific linear trends besides the unit fixed effects (Kim 2011).
    trim : float or int
        Minimum regime length: a fraction of the periods in (0, 0.5) or a number of
        periods (at least 2).
    at : label, optional
        Test at this known date (first period of the new regime) instead of the sup
        over candidate dates; the date estimate and interval are still reported.
    level : float
        Confidence level of the interval for the date.
    bootstrap : int
        Parametric bootstrap draws (at least 99) for the p-values and the interval.
    seed : int or None
        Seed of the bootstrap (reproducible by default).

    Returns
    -------
    CommonBreak

    Raises
    ------
    ValueError
        Unbalanced panels (missing or non-finite unit-periods, named), one unit,
        duplicate time or unit labels, non-numeric cells (named), unsorted time labels,
        too few periods for the trimming, a bad option.

    Notes
    -----
    See the module docstring for the statistics; the least-squares criterion was checked
    against a direct loop of per-unit OLS fits (tests), and size, power and coverage by
    simulation.

    Examples
    --------
    Ten units shifted up by 1 from 2006 (``bootstrap`` kept small for speed):

    >>> import numpy as np
    >>> import xarray as xr
    >>> from policyts.models import common_break
    >>> rng = np.random.default_rng(0)
    >>> years = np.arange(1991, 2021)
    >>> shift = 1.0 * (years >= 2006)
    >>> panel = xr.DataArray(
    ...     shift + rng.normal(scale=0.3, size=(10, 30)) + rng.normal(size=(10, 1)),
    ...     dims=("province", "year"),
    ...     coords={"province": list("abcdefghij"), "year": years},
    ... )
    >>> res = common_break(panel, dim="year", bootstrap=99)
    >>> res.break_label, res.ci_labels, round(res.pvalue, 2)
    (2006, (2006, 2006), 0.02)
    """
    Y, times, units, time_name, unit_name = _as_matrix(panel, dim)
    T, N = Y.shape
    opts = _Options(trend, trim, level, bootstrap, seed, None)
    all_ks = opts.resolve(T, times)
    test_ks = _Options(trend, trim, level, bootstrap, seed, at).resolve(T, times)
    if N < 3:
        raise ValueError(
            f"a common break with a common factor needs at least three units; the panel "
            f"has {N} ({', '.join(map(str, units))})"
        )
    p = 2 if trend else 1
    M = _annihilator(T, bool(trend))
    Yt = M @ Y
    if float(np.einsum("tn,tn->", Yt, Yt)) <= 1e-24 * max(float(np.abs(Y).max()), 1.0) ** 2:
        raise ValueError(
            "every unit is exactly constant"
            + (" or exactly linear" if trend else "")
            + "; there is no variation to date a break from"
        )
    Dt, q = _steps(T, all_ks, M)
    test_pos = np.searchsorted(all_ks, test_ks)
    obs = _panel_stats(Yt, Dt, q, p)
    k_pos = int(obs.k_hat)
    k_hat = int(all_ks[k_pos])
    stat = float(np.max(obs.f[test_pos]))
    het_obs = float(obs.het[k_pos])
    delta = obs.delta[k_pos]  # (N,)
    B = int(bootstrap)
    rng = np.random.default_rng(seed)
    # Null model (no break) from the panel less the tested common shift (the intercept at
    # the tested date, the same in every unit): the factor is fitted to the cross-section
    # average, which would otherwise take a common break for the factor and make the test
    # powerless. Unit shifts at that date are not removed: they let the step soak up the
    # factor's largest swing, and the bootstrap would then over-reject.
    k_test = int(test_pos[int(np.argmax(np.nan_to_num(obs.f[test_pos], nan=-1.0)))])
    null = _fit_null(Yt, M, bool(trend), Dt[:, k_test])
    draws = _Draws.new(rng, B, T, N)
    # Maximised Monte Carlo p-value (Dufour 2006): the bootstrap p-value at each factor
    # AR(1) coefficient of PHI_GRID (factor variance refitted for each), the largest
    # reported; the same draws for every coefficient.
    p_by_phi = []
    for phi_g in PHI_GRID:
        Eg = np.einsum("st,btn->bsn", M, _draw_errors(null, draws, phi_g))
        sup_b = np.max(_panel_stats(Eg, Dt, q, p).f[:, test_pos], axis=-1)
        p_by_phi.append((1 + int(np.sum(np.nan_to_num(sup_b, nan=np.inf) >= stat))) / (B + 1))
    worst = int(np.argmax(p_by_phi))
    pvalue = p_by_phi[worst]
    E0 = np.einsum("st,btn->bsn", M, _draw_errors(null, draws))
    # Heterogeneity: the same draws with the estimated common shift at the estimated
    # date, each draw evaluated at its own date (as the data were).
    common_step = np.outer(Dt[:, k_pos], np.full(N, float(obs.common[k_pos])))
    hb = _panel_stats(E0 + common_step[None, :, :], Dt, q, p)
    het_b = np.take_along_axis(hb.het, hb.k_hat[:, None], -1)[:, 0]
    het_p = (1 + int(np.sum(het_b >= het_obs))) / (B + 1)
    # The model fitted at the estimated date (each unit's own shift removed) for the
    # interval.
    Xk = np.column_stack([np.ones(T)] + ([np.arange(1.0, T + 1)] if trend else []))
    Xk = np.column_stack([Xk, (np.arange(T) >= k_hat).astype(float)])
    Mk = np.eye(T) - Xk @ np.linalg.pinv(Xk)
    alt = _fit_null(Mk @ Y, Mk, bool(trend))
    # Interval: draws from the same model with the unit shifts shrunk so that their sum
    # of squares is unbiased for the true one.
    noise = float(np.sum(alt.idio_sd**2 + (alt.loadings * alt.factor_sd) ** 2)) / q[k_pos]
    ss = float(delta @ delta)
    shrink = math.sqrt(max(0.0, 1.0 - noise / ss)) if ss > 0 else 0.0
    step = (np.arange(T) >= k_hat).astype(float)
    Y1 = (
        _draw_errors(alt, _Draws.new(rng, B, T, N))
        + step[None, :, None] * (shrink * delta)[None, None, :]
    )
    boot_alt = _panel_stats(np.einsum("st,btn->bsn", M, Y1), Dt, q, p)
    dev = all_ks[boot_alt.k_hat] - k_hat
    alpha = 1.0 - float(level)
    lo = int(np.clip(k_hat + np.floor(np.quantile(dev, alpha / 2)), all_ks[0], all_ks[-1]))
    hi = int(np.clip(k_hat + np.ceil(np.quantile(dev, 1 - alpha / 2)), all_ks[0], all_ks[-1]))
    by_unit = _unit_breaks(Yt, Dt, q, all_ks, units, times, delta, p)
    note = ""
    lam = null.loadings
    if abs(float(lam.mean())) > 2.0 * float(lam.std()):
        note = (
            "the factor loadings hardly vary across units, so a shift common to all units "
            "and a movement of the common factor are hard to tell apart; the test has "
            "little power here"
        )
    return CommonBreak(
        break_index=k_hat,
        break_label=_item(times[k_hat]),
        break_end_label=_item(times[k_hat - 1]),
        ls_break_label=_item(times[int(all_ks[int(obs.k_ls)])]),
        ci_index=(lo, hi),
        ci_labels=(_item(times[lo]), _item(times[hi])),
        ci_end_labels=(_item(times[lo - 1]), _item(times[hi - 1])),
        level=float(level),
        stat=stat,
        pvalue=float(pvalue),
        at=at,
        mean_shift=float(delta.mean()),
        common_shift=float(obs.common[k_pos]),
        heterogeneity_stat=het_obs,
        heterogeneity_pvalue=float(het_p),
        n_units=N,
        n_periods=T,
        trend=bool(opts.trend),
        trim_periods=int(all_ks[0]),
        bootstrap=B,
        factor={
            "phi": null.phi,
            "phi_estimated": null.phi_raw,
            "sd": null.factor_sd,
            "share": null.factor_share,
            "mean_loading": float(null.loadings.mean()),
            "phi_least_favourable": PHI_GRID[worst],
        },
        pvalue_by_phi=tuple(zip(PHI_GRID, p_by_phi, strict=True)),
        by_unit=by_unit,
        time_name=time_name,
        unit_name=unit_name,
        note=note,
    )


def _item(x: Any) -> Any:
    return x.item() if hasattr(x, "item") else x


def _plain(x: Any) -> Any:
    """A JSON-ready scalar: numpy scalars unwrapped, NaN and infinities as None."""
    x = _item(x)
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if x is None or isinstance(x, str | bool | int | float):
        return x
    return str(x)


def _unit_breaks(
    Yt: np.ndarray,
    Dt: np.ndarray,
    q: np.ndarray,
    ks: np.ndarray,
    units: np.ndarray,
    times: np.ndarray,
    delta: np.ndarray,
    p: int,
) -> tuple[UnitBreak, ...]:
    T = Yt.shape[0]
    C = Dt.T @ Yt  # (K, N)
    gain = C**2 / q[:, None]
    ssr = np.einsum("tn,tn->n", Yt, Yt)[None, :] - gain
    with np.errstate(divide="ignore", invalid="ignore"):
        f = gain / (ssr / (T - p - 1))
    best = np.argmax(f, axis=0)
    tau = hansen_tau(T, int(ks[0]), int(ks[-1]))
    out = []
    for j, u in enumerate(units):
        fj = float(f[best[j], j])
        pv = float(hansen_pvalue(fj, 1, tau)) if np.isfinite(fj) else float("nan")
        k = int(ks[best[j]])
        out.append(UnitBreak(_item(u), k, _item(times[k]), float(delta[j]), fj, pv))
    return tuple(out)
