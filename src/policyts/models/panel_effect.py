"""The effect of a national event on every unit of a panel: fixed-effects segmented regression.

Model, for units ``i = 1..N`` (provinces) and years ``t`` of a balanced panel::

    y_it = a_i [+ b_i t] + delta 1(t >= t0) [+ gamma (t - t0) 1(t >= t0)] + u_it

unit intercepts ``a_i`` (entity fixed effects), unit-specific linear trends ``b_i t``
(``trend=True``), a level shift ``delta`` common to all units from the event's first
affected year ``t0`` (the estimate), and optionally a common change of slope ``gamma``
(``slope=True``; zero in ``t0``, so ``delta`` stays the shift in the first affected year).
A national event has no untreated unit: there are no time effects, and the shift is
identified against each unit's own pre-event path (an interrupted time series per unit,
pooled). Because every unit has the same design, ``delta`` is exactly the mean over units
of the unit-by-unit segmented-regression shifts; a shock common to all units in ``t0``
(a common factor) is indistinguishable from the event, and the standard errors have to
say how much such shocks move the estimate.

Standard errors (``cov``):

* ``"driscoll-kraay"`` (default): Driscoll and Kraay (1998), robust to cross-sectional
  dependence of any form and to serial correlation: a Bartlett-kernel (Newey-West) long-run
  variance of the cross-sectional sums of the scores, i.e. a HAC estimate on ``T`` time
  points. linearmodels ``PanelOLS.fit(cov_type="kernel")``. With ``T`` around 14 the
  kernel estimate is noisy and biased down, and normal critical values over-reject; the
  p-value and interval therefore use Student's t with ``T - p`` degrees of freedom, where
  ``p`` is the number of time-series parameters per unit (intercept, trend, shift, slope
  change), the small-sample reference of a regression on the ``T`` cross-section means.
  Even so it over-rejects badly at ``T = 14`` (about 0.16-0.35 at a nominal 0.05; see
  Notes).
* ``"cluster"``: clustered by unit (Arellano 1987), robust to any serial correlation within
  a unit but assuming units independent; t with ``N - 1`` degrees of freedom.
  linearmodels ``PanelOLS.fit(cov_type="clustered", cluster_entity=True)``. A common
  factor makes units dependent, and then this error is too small (see Notes).
* ``"ar1-mmc"``: the small-T remedy. Every unit has the same design, so ``delta`` is the
  shift of the cross-section mean series; a common factor and the average noise make
  that series' errors a stationary AR(1) plus white noise. The OLS t statistic of the
  shift on the ``T`` means then has a null distribution that depends only on the AR
  coefficient and the AR share of the variance; it is simulated on a grid (AR 0 to 0.95,
  share 0.25 to 1, 4,999 draws each, the same draws at each point) and the largest
  p-value and critical value are used (Dufour's 2006 maximised Monte Carlo test;
  :mod:`policyts.models._mmc_series`). Valid for any such common shock up to AR 0.95,
  at the price of power: a persistent common shock and a shift look alike in 14 means.

Notes
-----
Checked against: a direct numpy least-squares fit with unit dummies and unit trends
(coefficient, residuals), and a hand computation of both covariance matrices from the
within-transformed design (``tests/test_panel_effect.py``): linearmodels' kernel
covariance is ``(X'X)^-1 S (X'X)^-1`` with ``S = G_0 + sum_{l=1..L} (1 - l/(L+1))
(G_l + G_l')``, ``G_l = sum_t h_t h_{t-l}'``, ``h_t = sum_i x_it e_it`` over the
within-transformed regressors; the clustered one has ``S = sum_i g_i g_i'``,
``g_i = sum_t x_it e_it``, times ``(N / (N - 1)) ((NT - 1) / (NT - K))`` for the default
group-debiasing of linearmodels ``PanelOLS`` (``K`` = parameters including absorbed
effects). The bandwidth ``L`` defaults to linearmodels' automatic choice for a panel of
``T`` periods (``bandwidth=`` overrides it).

Size and power by simulation (``benchmarks/bench_panel_effect.py``, output in
``benchmarks/panel_effect.md``; 4,000 panels per design): 31 x 14 panels (2010-2023) with
unit effects and trends, N(0, 1) noise and, where stated, a stationary AR(1) common factor
of unit variance with loadings N(1, 0.5^2). Rejection rates of a true null at 5%, event
2017 / 2021:

* **Driscoll-Kraay over-rejects badly at T = 14**: 0.16 / 0.20 without any common factor,
  0.20 / 0.29 with a factor (AR 0.5), 0.20 / 0.35 (AR 0.8), even with the t(T - p)
  reference (0.20-0.41 against the normal). The Bartlett estimate of a long-run variance
  from 14 year sums is biased down; read its p-values as far too small.
* **Cluster** holds its size when units share no shock (0.040 / 0.044, also with a factor
  whose mean loading is 0) and fails when they do (0.71 / 0.75 with the AR 0.5 factor):
  a common shock is not in the errors.
* Neither is valid with a common factor at T = 14; a classical t test on the
  cross-section means (simulated, not offered here) gives 0.05 without a factor but
  0.12-0.24 with one. With unit-specific noise only, use ``cov="cluster"``.
* **ar1-mmc holds its size in every design**: 0.002-0.046 at a nominal 0.05 (factor AR
  0.5, 0.8 and 0.9 with mean loading 1, mean loading 0, no factor). Its power is what 14
  year means allow: against a shift of one noise sd without a factor 0.85-0.92, of two
  sds with a factor of mean loading 1 0.21-0.74 (more for a persistent factor, whose
  in-sample swings the trend absorbs).
* Power against a common level shift of one noise sd (no factor): 0.98-1.00 for both;
  with the AR 0.5 factor the rejection rates at one and two sds (DK 0.33 / 0.61, event
  2017) are barely above their over-rejection under the null.

References
----------
Driscoll, J. C. and Kraay, A. C. (1998). Consistent covariance matrix estimation with
spatially dependent panel data. Review of Economics and Statistics 80, 549-560.
Arellano, M. (1987). Computing robust standard errors for within-groups estimators.
Oxford Bulletin of Economics and Statistics 49, 431-434.
Hoechle, D. (2007). Robust standard errors for panel regressions with cross-sectional
dependence. Stata Journal 7, 281-312.
Dufour, J.-M. (2006). Monte Carlo tests with nuisance parameters: a general approach to
finite-sample inference and nonstandard asymptotics. Journal of Econometrics 133, 443-477.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from policyts import events as _events
from policyts.models._panel_input import missing_cells, numeric_matrix
from policyts.models._results import SummaryMixin, format_number

__all__ = ["PanelEffect", "panel_effect"]

COVS = ("driscoll-kraay", "cluster", "ar1-mmc")
_COV_ALIASES = {
    "ar1-mmc": "ar1-mmc",
    "mmc": "ar1-mmc",
    "ar1": "ar1-mmc",
    "driscoll-kraay": "driscoll-kraay",
    "dk": "driscoll-kraay",
    "kernel": "driscoll-kraay",
    "cluster": "cluster",
    "clustered": "cluster",
}


# ----------------------------------------------------------------------------- options


@dataclass(frozen=True)
class _Options:
    trend: bool
    slope: bool
    log: bool
    cov: str
    level: float
    bandwidth: int | None
    confounder_window: int

    @classmethod
    def resolve(
        cls,
        *,
        trend: Any,
        slope: Any,
        log: Any,
        cov: Any,
        level: Any,
        bandwidth: Any,
        confounder_window: Any,
    ) -> _Options:
        """Every option checked once; ``ValueError`` naming the bad one."""
        for name, value in (("trend", trend), ("slope", slope), ("log", log)):
            if not isinstance(value, bool | np.bool_):
                raise ValueError(f"{name} must be True or False, got {value!r}")
        key = str(cov).strip().lower() if isinstance(cov, str) else None
        if key not in _COV_ALIASES:
            raise ValueError(
                f"cov must be 'driscoll-kraay' (or 'dk'), 'cluster' or 'ar1-mmc', got {cov!r}"
            )
        if isinstance(level, bool) or not isinstance(level, int | float | np.floating):
            raise ValueError(f"level must be a number in (0.5, 1), got {level!r}")
        if not 0.5 < float(level) < 1:
            raise ValueError(f"level must be in (0.5, 1), got {level!r}")
        if bandwidth is not None and (
            isinstance(bandwidth, bool)
            or not isinstance(bandwidth, int | np.integer)
            or int(bandwidth) < 0
        ):
            raise ValueError(f"bandwidth must be a whole number of lags >= 0, got {bandwidth!r}")
        if (
            isinstance(confounder_window, bool)
            or not isinstance(confounder_window, int | np.integer)
            or int(confounder_window) < 0
        ):
            raise ValueError(
                f"confounder_window must be a whole number of years >= 0, got {confounder_window!r}"
            )
        return cls(
            trend=bool(trend),
            slope=bool(slope),
            log=bool(log),
            cov=_COV_ALIASES[key],
            level=float(level),
            bandwidth=None if bandwidth is None else int(bandwidth),
            confounder_window=int(confounder_window),
        )

    @property
    def n_time_params(self) -> int:
        """Parameters per unit's time series: intercept [, trend], shift [, slope change]."""
        return 2 + int(self.trend) + int(self.slope)


# ----------------------------------------------------------------------------- inputs


def _as_matrix(panel: Any, dim: str, time: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """``(Y[T, N], years, units, y name)`` from a DataArray or a wide DataFrame, strictly."""
    import pandas as pd
    import xarray as xr

    if isinstance(panel, xr.DataArray):
        missing = [d for d in (dim, time) if d not in panel.dims]
        if missing:
            raise ValueError(
                f"{', '.join(repr(m) for m in missing)} not among the panel's dimensions "
                f"{tuple(map(str, panel.dims))}: pass dim= (units) and time= (years)"
            )
        extra = [str(d) for d in panel.dims if d not in (dim, time)]
        if extra:
            raise ValueError(
                f"the panel has further dimensions {extra}: select one value of each "
                f"(e.g. panel.sel({extra[0]}=...)) so that only {dim!r} and {time!r} remain"
            )
        da = panel.transpose(time, dim)
        frame = pd.DataFrame(
            da.values, index=pd.Index(da[time].values), columns=pd.Index(da[dim].values)
        )
        name = str(panel.name) if panel.name is not None else "y"
    elif isinstance(panel, pd.DataFrame):
        frame = panel
        name = "y"
    else:
        raise ValueError(
            "panel must be an xarray.DataArray with dimensions (unit, year) or a pandas "
            f"DataFrame with years on the index and one column per unit, got "
            f"{type(panel).__name__}"
        )
    units = np.asarray(frame.columns)
    raw_years = np.asarray(frame.index)
    if len(units) < 2:
        raise ValueError(
            f"a panel effect needs at least two units; the panel has {len(units)} "
            f"({', '.join(map(str, units))})"
        )
    for what, labels in (("year", raw_years), ("unit", units)):
        idx = pd.Index(labels)
        dup = idx[idx.duplicated()]
        if len(dup):
            raise ValueError(
                f"duplicate {what}s ({what} x unit cells given twice): "
                f"{', '.join(map(str, dup.unique()[:5]))}"
            )
    years_num = pd.to_numeric(pd.Series(raw_years), errors="coerce").to_numpy()
    if np.isnan(years_num).any() or not np.all(years_num % 1 == 0):
        bad = [str(y) for y, v in zip(raw_years, years_num, strict=True) if not v % 1 == 0]
        raise ValueError(f"time labels must be whole years; not years: {', '.join(bad[:5])}")
    years = years_num.astype(np.int64)
    if np.any(np.diff(years) <= 0):
        raise ValueError("years must be sorted in increasing order")
    gaps = [int(y) for y in np.arange(years[0], years[-1] + 1) if y not in set(years.tolist())]
    if gaps:
        raise ValueError(f"years must be consecutive; missing: {', '.join(map(str, gaps[:8]))}")
    values = numeric_matrix(frame.to_numpy(), units, years, allow_bool=False)
    holes = missing_cells(values, units, years)
    if holes:
        raise ValueError(
            f"unbalanced panel: {holes[0]} unit-years are missing or not finite: "
            f"{holes[1]}; select units and years with complete data"
        )
    return values, years, units, name


def _event_year(event: Any) -> tuple[str | None, str, int]:
    """(catalogue id or None, description, first affected year)."""
    if event is None or isinstance(event, bool):
        raise ValueError(f"event must be a catalogue event id or a year, got {event!r}")
    if isinstance(event, _events.Event):
        ev = event
    elif isinstance(event, str) and event.strip() and not event.strip()[:1].isdigit():
        ev = _events.get(event.strip())
    elif isinstance(event, int | np.integer) or (
        isinstance(event, str) and event.strip().isdigit()
    ):
        year = int(event)
        return None, f"year {year}", year
    else:
        raise ValueError(f"event must be a catalogue event id or a year, got {event!r}")
    with warnings.catch_warnings():
        warnings.simplefilter("error", _events.ImpreciseEventDateWarning)
        first = _events.first_affected_period(ev, "year")
    return ev.id, f"{ev.id} ({ev.label}, {ev.kind}): {ev.title}", int(first)  # type: ignore[arg-type]


def _window(window: Any, years: np.ndarray) -> tuple[int, int]:
    if window is None:
        return int(years[0]), int(years[-1])
    try:
        start, end = window
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise ValueError(f"window must be a pair of years (start, end), got {window!r}") from None
    if start > end:
        raise ValueError(f"window start {start} is after its end {end}")
    if start < years[0] or end > years[-1]:
        raise ValueError(
            f"window {start}..{end} reaches beyond the panel's years {years[0]}..{years[-1]}"
        )
    return start, end


# ----------------------------------------------------------------------------- confounders


def _confounders(
    event_id: str | None,
    t0: int,
    years: np.ndarray,
    window: int,
    jurisdiction: str | None,
) -> tuple[list[str], list[str]]:
    """Warnings naming catalogue events that may confound the shift, as ``effect`` gives.

    (1) any other catalogue event dated within ``window`` years of ``t0`` (both sides);
    (2) any ``statistical`` event whose first affected year lies inside the years used
    (after the first): the series' definition changes there.
    """
    lo, hi = t0 - window, t0 + window
    desc = f"{lo} .. {hi} (first affected year {t0} +- {window})"
    exclude = (event_id,) if event_id else ()
    out: list[str] = []
    ids: list[str] = []
    for e in _events.events_in_window(str(lo), str(hi), exclude=exclude):
        if not _events.concerns(e, jurisdiction):
            continue
        ids.append(e.id)
        out.append(
            f"confounding event inside the window {desc}: {e.id} ({e.label}, {e.kind}, "
            f"{e.jurisdiction}): {e.title}"
            + ("; a change in how the series is compiled" if e.kind == "statistical" else "")
        )
    for e in _events.all_events():
        if e.kind != "statistical" or e.id in ids or e.id == event_id:
            continue
        if not _events.concerns(e, jurisdiction):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                first = int(_events.first_affected_period(e, "year", allow_imprecise=True))  # type: ignore[arg-type]
            except ValueError:
                continue
        if not years[0] < first <= years[-1]:
            continue
        part = "pre-period" if first < t0 else "post-period"
        ids.append(e.id)
        out.append(
            f"statistical change inside the estimation sample: {e.id} ({e.label}, "
            f"{e.jurisdiction}) first affects {first}, in the {part}: {e.title}; the series' "
            "definition changes there, so a trend fitted across it mixes two definitions"
        )
    return out, ids


# ----------------------------------------------------------------------------- kernel


def default_bandwidth(n_periods: int) -> int:
    """Bartlett lags by linearmodels' rule of thumb, ``floor(4 (T / 100) ** (2 / 9))``."""
    return int(math.floor(4 * (n_periods / 100) ** (2 / 9)))


@dataclass(frozen=True)
class _Fit:
    params: np.ndarray  # shift [, slope change]
    cov: np.ndarray
    bandwidth: int | None
    resid: np.ndarray  # (T, N)


def _fit(Y: np.ndarray, years: np.ndarray, t0: int, opts: _Options, units: np.ndarray) -> _Fit:
    """PanelOLS with entity effects, unit trends as regressors, common shift [and slope]."""
    import pandas as pd
    from linearmodels.panel import PanelOLS

    T, N = Y.shape
    post = (years >= t0).astype(np.float64)
    cols: dict[str, np.ndarray] = {"shift": np.repeat(post[None, :], N, axis=0).ravel()}
    if opts.slope:
        ramp = post * (years - t0)
        cols["slope_change"] = np.repeat(ramp[None, :], N, axis=0).ravel()
    if opts.trend:
        tc = (years - years.mean()).astype(np.float64)
        for j in range(N):
            z = np.zeros((N, T))
            z[j] = tc
            cols[f"trend_{j}"] = z.ravel()
    index = pd.MultiIndex.from_product(
        [np.arange(N), years.astype(np.int64)], names=["unit", "year"]
    )
    exog = pd.DataFrame(cols, index=index)
    dep = pd.Series(Y.T.ravel(), index=index, name="y")
    model = PanelOLS(dep, exog, entity_effects=True)
    if opts.cov == "driscoll-kraay":
        # linearmodels' rule of thumb, computed here so that the result can report it
        bw = opts.bandwidth if opts.bandwidth is not None else default_bandwidth(T)
        if bw >= T:
            raise ValueError(f"bandwidth must be below the number of years ({T}), got {bw}")
        res = model.fit(cov_type="kernel", kernel="bartlett", bandwidth=bw)
    else:
        res = model.fit(cov_type="clustered", cluster_entity=True, group_debias=True)
        bw = None
    k = 1 + int(opts.slope)
    names = list(exog.columns[:k])
    params = res.params[names].to_numpy()
    cov = res.cov.loc[names, names].to_numpy()
    resid = res.resids.to_numpy().reshape(N, T).T
    return _Fit(params=params, cov=cov, bandwidth=bw, resid=resid)


def shift_kernel(
    Y: np.ndarray,
    years: np.ndarray,
    t0: int,
    *,
    trend: bool = True,
    bandwidth: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Common shift and its two variances for panels ``Y[..., T, N]``, vectorised.

    The same numbers as :func:`panel_effect` gets from linearmodels (checked in the tests),
    computed through the Frisch-Waugh-Lovell form that an identical design in every unit
    allows: with ``d`` the shift dummy residualised on ``[1, t]`` and ``c = d / d'd``, the
    estimate is ``mean_i c'y_i``, its score in unit ``i`` and year ``t`` is
    ``c_t e_it / N`` (``e`` the residuals of the full fit). Driscoll-Kraay: Bartlett
    long-run variance of the year sums of the scores times ``NT / (NT - N - K)``; cluster:
    the sum over units of the squared unit sums of the scores times
    ``(N / (N - 1)) ((NT - 1) / (NT - K))``, ``K`` the regressors other than the absorbed
    unit effects (``1 + N`` with trends). These are linearmodels' ``debiased=True`` (the
    ``PanelOLS.fit`` default) and, for the clusters, ``group_debias=True``. Used for the simulations of size and power.

    Returns
    -------
    (estimate, var_driscoll_kraay, var_cluster), each of shape ``Y.shape[:-2]``.
    """
    Y = np.asarray(Y, dtype=np.float64)
    T, N = Y.shape[-2:]
    post = (np.asarray(years) >= t0).astype(np.float64)
    tc = np.asarray(years, dtype=np.float64) - np.mean(years)
    Z = np.column_stack([np.ones(T), tc] if trend else [np.ones(T)])
    d = post - Z @ np.linalg.lstsq(Z, post, rcond=None)[0]
    c = d / (d @ d)
    M = np.eye(T) - Z @ np.linalg.pinv(Z)
    est = np.einsum("t,...tn->...", c, Y) / N
    # residuals of the pooled fit: each unit's detrended series less the common shift
    E = np.einsum("st,...tn->...sn", M, Y) - d[:, None] * est[..., None, None]
    h = c * E.sum(axis=-1) / N  # year sums of the scores, (..., T)
    bw = default_bandwidth(T) if bandwidth is None else int(bandwidth)
    lrv = np.einsum("...t,...t->...", h, h)
    for lag in range(1, bw + 1):
        w = 1.0 - lag / (bw + 1.0)
        lrv = lrv + 2.0 * w * np.einsum("...t,...t->...", h[..., lag:], h[..., :-lag])
    n, k = N * T, 1 + N * int(trend)  # k: regressors besides the absorbed unit effects
    var_dk = lrv * n / (n - N - k)
    g = np.einsum("t,...tn->...n", c, E) / N  # unit sums of the scores, (..., N)
    var_cl = np.einsum("...n,...n->...", g, g) * N / (N - 1) * (n - 1) / (n - k)
    return est, var_dk, var_cl


def _infer_mmc(
    Y: np.ndarray, years: np.ndarray, t0: int, opts: _Options
) -> tuple[dict[str, Any], dict[str, Any] | None, int, None]:
    """Shift [and slope change] from the cross-section mean series, with maximised Monte
    Carlo p-values and intervals (:mod:`policyts.models._mmc_series`). The estimates equal
    the fixed-effects ones: every unit has the same design, so the pooled shift is the
    shift of the mean series."""
    from policyts.models._mmc_series import mmc_t_test

    post = (years >= t0).astype(np.float64)
    cols = [np.ones(len(years))]
    if opts.trend:
        cols.append((years - years.mean()).astype(np.float64))
    cols.append(post)
    if opts.slope:
        cols.append(post * (years - t0))
    X = np.column_stack(cols)
    ybar = Y.mean(axis=1)
    j = 1 + int(opts.trend)

    def one(col: int) -> dict[str, Any]:
        r = mmc_t_test(ybar, X, col, level=opts.level)
        return {
            "estimate": r.estimate,
            "se": r.se,
            "stat": r.stat,
            "pvalue": r.pvalue,
            "ci": [r.ci[0], r.ci[1]],
            "critical_value": r.crit,
            "least_favourable": {"phi": r.worst[0], "ar_share": r.worst[1]},
        }

    main = one(j)
    return main, (one(j + 1) if opts.slope else None), len(years) - X.shape[1], None


# ----------------------------------------------------------------------------- result


@dataclass(frozen=True, repr=False)
class PanelEffect(SummaryMixin):
    """A common shift of a panel at a national event, with robust standard errors.

    Attributes
    ----------
    estimate : float
        Common level shift ``delta`` in the first affected year, in units of the analysed
        variable (log points with ``log=True``; ``percent`` gives ``100 (exp - 1)``).
    se, ci, pvalue, stat, df : float, (float, float), float, float, int
        Standard error, ``level`` interval, two-sided p-value of ``delta = 0``, its t
        statistic and the degrees of freedom of the t reference (``T - p`` for
        Driscoll-Kraay, ``N - 1`` for cluster).
    nobs, n_units, n_periods : int
        Unit-years used, units and years (after ``window``).
    cov : str
        ``"driscoll-kraay"`` or ``"cluster"``.
    warnings : tuple of str
        Confounding catalogue events and statistical changes (as ``effect`` gives them),
        and warnings about the inference.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> from policyts.models import panel_effect
    >>> rng = np.random.default_rng(0)
    >>> years = np.arange(1991, 2021)
    >>> path = 0.05 * (years - 1991) + 0.3 * (years >= 2006)
    >>> panel = xr.DataArray(
    ...     path + rng.normal(scale=0.05, size=(6, 30)),
    ...     dims=("province", "year"),
    ...     coords={"province": list("abcdef"), "year": years},
    ... )
    >>> res = panel_effect(panel, event=2006)
    >>> res.n_units, res.n_periods, res.cov
    (6, 30, 'driscoll-kraay')
    >>> [round(x, 2) for x in res.ci]
    [0.27, 0.34]
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    pvalue: float
    stat: float
    df: int
    nobs: int
    n_units: int
    n_periods: int
    cov: str
    warnings: tuple[str, ...]
    event: str
    event_id: str | None
    first_affected: int
    years: tuple[int, int]
    trend: bool
    slope: bool
    log: bool
    level: float
    bandwidth: int | None
    slope_change: dict[str, Any] | None = None
    confounders: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    y: str = "y"
    units: tuple[str, ...] = field(default=(), compare=False)

    @property
    def percent(self) -> float | None:
        """With ``log=True``, the shift as a percentage change, ``100 (exp(estimate) - 1)``."""
        return 100.0 * math.expm1(self.estimate) if self.log else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": self.estimate,
            "se": self.se,
            "ci": list(self.ci),
            "pvalue": self.pvalue,
            "stat": self.stat,
            "df": self.df,
            "percent": self.percent,
            "nobs": self.nobs,
            "n_units": self.n_units,
            "n_periods": self.n_periods,
            "cov": self.cov,
            "bandwidth": self.bandwidth,
            "level": self.level,
            "event": self.event,
            "event_id": self.event_id,
            "first_affected": self.first_affected,
            "years": list(self.years),
            "trend": self.trend,
            "slope": self.slope,
            "log": self.log,
            "y": self.y,
            "slope_change": self.slope_change,
            "confounders": list(self.confounders),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        f = format_number
        scale = "log points" if self.log else "units of y"
        cov = {
            "driscoll-kraay": f"Driscoll-Kraay (Bartlett, bandwidth {self.bandwidth})",
            "cluster": "clustered by unit",
            "ar1-mmc": "OLS on the cross-section means, maximised Monte Carlo p-value "
            "(AR(1)-plus-noise errors, AR 0..0.95)",
        }[self.cov]
        lines = [
            "Panel effect of a national event (unit fixed effects"
            + (", unit trends" if self.trend else "")
            + (", common slope change" if self.slope else "")
            + ")",
            f"  y: {self.y}; event: {self.event}",
            f"  first affected year: {self.first_affected}; years {self.years[0]}..{self.years[1]}",
            f"  units: {self.n_units}, years: {self.n_periods}, unit-years: {self.nobs}",
            f"  common shift ({scale}): {f(self.estimate)}  se {f(self.se)}  "
            f"t({self.df}) {f(self.stat, 3)}  p {f(self.pvalue)}",
            f"  {round(100 * self.level)}% interval: [{f(self.ci[0])}, {f(self.ci[1])}]",
        ]
        if self.log and self.percent is not None:
            lines.append(f"  as a percentage change: {self.percent:.1f}%")
        if self.slope_change is not None:
            s = self.slope_change
            lines.append(
                f"  common slope change per year: {f(s['estimate'])}  se {f(s['se'])}  "
                f"p {f(s['pvalue'])}"
            )
        lines.append(f"  standard errors: {cov}")
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        for n in self.notes:
            lines.append(f"  note: {n}")
        return "\n".join(lines)


# ----------------------------------------------------------------------------- public


def panel_effect(
    panel: Any,
    *,
    dim: str = "province",
    time: str = "year",
    event: Any,
    trend: bool = True,
    slope: bool = False,
    log: bool = False,
    cov: str = "driscoll-kraay",
    window: tuple[int, int] | None = None,
    level: float = 0.95,
    bandwidth: int | None = None,
    confounder_window: int = 1,
    jurisdiction: str | None = None,
) -> PanelEffect:
    """Common shift of every unit of a panel at a national event (see the module docstring).

    Parameters
    ----------
    panel : xarray.DataArray or pandas.DataFrame
        A balanced panel: a DataArray with dimensions ``dim`` (units) and ``time`` (whole
        years), e.g. ``load("cn_provincial_patents").applications.sel(kind="invention")``,
        or a DataFrame with years on the index and one column per unit.
    dim, time : str
        Unit and year dimensions of a DataArray (ignored for a DataFrame).
    event : str, Event or int
        A catalogue event id (its first affected year by
        :func:`policyts.events.first_affected_period` with ``"year"``, majority rule) or a
        year, the first year of the new regime.
    trend : bool
        Unit-specific linear trends (default True).
    slope : bool
        Also estimate a common change of slope from ``t0`` (``slope_change`` in the
        result); ``estimate`` stays the shift in the first affected year.
    log : bool
        Analyse the natural log (values must be positive); the estimate is in log points.
    cov : {"driscoll-kraay", "dk", "cluster", "ar1-mmc"}
        Standard errors: Driscoll-Kraay (cross-sectional dependence and serial
        correlation), clustered by unit, or ``"ar1-mmc"``: the OLS t on the cross-section
        means with a maximised Monte Carlo p-value over AR(1)-plus-noise errors, the one
        that holds its size with a common factor at T = 14 (see the module docstring).
    window : (int, int), optional
        First and last year used (both included).
    level : float
        Confidence level of the interval.
    bandwidth : int, optional
        Bartlett lags of the Driscoll-Kraay estimate (default: linearmodels' automatic
        choice).
    confounder_window : int
        Years on each side of the first affected year in which other catalogue events are
        reported as confounders.
    jurisdiction : str, optional
        Only events of this jurisdiction (and national events for a province code) count
        as confounders.

    Returns
    -------
    PanelEffect

    Raises
    ------
    ValueError
        For a panel that is not two-dimensional, unbalanced (missing or non-finite
        unit-years), has one unit, duplicate units or years, non-numeric cells or
        non-positive values with ``log=True``; an unknown event id; an event outside the
        years used or one that leaves too few years before it (3 with unit trends, 2
        without) or none after it (2 with ``slope=True``); a bad option.

    Examples
    --------
    Six provinces on trends, all shifted up by 0.3 from 2006:

    >>> import numpy as np
    >>> import xarray as xr
    >>> from policyts.models import panel_effect
    >>> rng = np.random.default_rng(0)
    >>> years = np.arange(1991, 2021)
    >>> path = 0.05 * (years - 1991) + 0.3 * (years >= 2006)
    >>> panel = xr.DataArray(
    ...     path + rng.normal(scale=0.05, size=(6, 30)),
    ...     dims=("province", "year"),
    ...     coords={"province": list("abcdef"), "year": years},
    ... )
    >>> res = panel_effect(panel, event=2006)
    >>> res.first_affected, round(res.estimate, 2)
    (2006, 0.31)
    """
    from scipy import stats

    opts = _Options.resolve(
        trend=trend,
        slope=slope,
        log=log,
        cov=cov,
        level=level,
        bandwidth=bandwidth,
        confounder_window=confounder_window,
    )
    Y, years, units, name = _as_matrix(panel, dim, time)
    start, end = _window(window, years)
    keep = (years >= start) & (years <= end)
    Y, years = Y[keep], years[keep]
    event_id, event_text, t0 = _event_year(event)
    if not years[0] <= t0 <= years[-1]:
        raise ValueError(
            f"event {event_text} first affects {t0}, outside the years used {years[0]}..{years[-1]}"
        )
    n_pre = int((years < t0).sum())
    n_post = int((years >= t0).sum())
    min_pre = 3 if opts.trend else 2
    min_post = 2 if opts.slope else 1
    if n_pre < min_pre:
        raise ValueError(
            f"event {event_text} first affects {t0}: only {n_pre} year(s) before it in "
            f"{years[0]}..{years[-1]}; at least {min_pre} are needed"
            + (" with unit trends" if opts.trend else "")
        )
    if n_post < min_post:
        raise ValueError(
            f"event {event_text} first affects {t0}: {n_post} year(s) from it to "
            f"{years[-1]}; at least {min_post} are needed"
            + (" to estimate a slope change" if opts.slope else "")
        )
    if opts.log:
        bad = np.argwhere(Y <= 0)
        if bad.size:
            cells = ", ".join(f"{units[j]} {years[i]} ({Y[i, j]:g})" for i, j in bad[:5].tolist())
            raise ValueError(f"log=True needs positive values; not positive: {cells}")
        Y = np.log(Y)
        name = f"log({name})"
    T, N = Y.shape
    if opts.cov == "ar1-mmc":
        main, slope_change, df, bw = _infer_mmc(Y, years, t0, opts)
    else:
        fit = _fit(Y, years, t0, opts, units)
        df = T - opts.n_time_params if opts.cov == "driscoll-kraay" else N - 1
        q = float(stats.t.ppf(0.5 + opts.level / 2, df))
        bw = fit.bandwidth

        def infer(b: float, v: float) -> dict[str, Any]:
            se = math.sqrt(max(v, 0.0))
            t = b / se if se > 0 else math.nan
            p = float(2 * stats.t.sf(abs(t), df)) if se > 0 else math.nan
            return {"estimate": b, "se": se, "stat": t, "pvalue": p, "ci": [b - q * se, b + q * se]}

        main = infer(float(fit.params[0]), float(fit.cov[0, 0]))
        slope_change = infer(float(fit.params[1]), float(fit.cov[1, 1])) if opts.slope else None
    warn, ids = _confounders(event_id, t0, years, opts.confounder_window, jurisdiction)
    if opts.cov == "ar1-mmc":
        warn.append(
            "the test on the cross-section means holds its size for any stationary AR(1) "
            "common shock (coefficient up to 0.95) plus noise, so it cannot tell a shift "
            "from a persistent common shock: with a common factor its power is low"
        )
    elif opts.cov == "driscoll-kraay":
        warn.append(
            f"Driscoll-Kraay errors rest on {T} years: with so few periods they are too "
            "small; in simulated 31 x 14 panels without an effect this test rejected "
            "16-35% at a nominal 5% (even with t(T - p)), so its p-value is far too small; "
            "with noise that is unit-specific only, cov='cluster' holds its size, and "
            "cov='ar1-mmc' (--cov ar1-mmc) holds it with a common AR(1) shock as well"
        )
    else:
        warn.append(
            "cluster-robust errors treat units as independent: a shock common to all units "
            "(a common factor) is not in them; in simulated 31 x 14 panels with a common "
            "AR(1) factor this test rejected about 70% at a nominal 5% (4% without one)"
        )
    notes = (
        "a national event has no untreated unit: the shift is measured against each unit's "
        "own pre-event path, and a common shock in the first affected year is not told apart "
        "from the event",
        (
            f"p-value and interval: OLS t on the {T} cross-section means against the largest "
            "Monte Carlo critical value over AR(1)-plus-noise errors (AR 0..0.95)"
            if opts.cov == "ar1-mmc"
            else f"p-value and interval from Student's t with {df} degrees of freedom"
        ),
    )
    return PanelEffect(
        estimate=main["estimate"],
        se=main["se"],
        ci=(main["ci"][0], main["ci"][1]),
        pvalue=main["pvalue"],
        stat=main["stat"],
        df=int(df),
        nobs=T * N,
        n_units=N,
        n_periods=T,
        cov=opts.cov,
        warnings=tuple(warn),
        event=event_text,
        event_id=event_id,
        first_affected=t0,
        years=(int(years[0]), int(years[-1])),
        trend=opts.trend,
        slope=opts.slope,
        log=opts.log,
        level=opts.level,
        bandwidth=bw,
        slope_change=slope_change,
        confounders=tuple(ids),
        notes=notes,
        y=name,
        units=tuple(str(u) for u in units),
    )
