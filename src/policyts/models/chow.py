"""Known-date tests: the Chow F test, its Wald version with robust covariance, and the
Chow predictive (forecast) test for post-event samples shorter than the model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from policyts._series import Series1D, as_series
from policyts.models._degenerate import check_design, exact_zero, regressor_problem, rss_floor
from policyts.models._design import DIFFERENCE_NOTE, Design, build_design
from policyts.models._kernels import segment_rss_exact
from policyts.models._many import (
    Ctx,
    Group,
    GroupResult,
    Out,
    array_input,
    attr_value,
    check_shared_common,
    is_panel,
    make_ctx,
    prepare,
    run,
    run_array,
)
from policyts.models._results import HypothesisTest
from policyts.models._robust import robust_cov
from policyts.models._seasonal_design import partial_rss, seasonal_dummies, seasonal_note

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["chow", "chow_array", "chow_panel", "chow_predictive"]

_COV_TYPES = ("nonrobust", "HC0", "HC1", "HAC")


def _check_cov_type(cov_type: str) -> None:
    if cov_type not in _COV_TYPES:
        raise ValueError(f"cov_type must be one of {_COV_TYPES}, not {cov_type!r}")


def _break_position(design: Design, at: Any, *, allow_int_position: bool = True) -> int:
    """Turn ``at`` (a time label, the first period of the new regime) into a position."""
    s = design.series
    if s.freq == "position" and allow_int_position:
        try:
            pos = int(at)
        except (TypeError, ValueError):
            raise ValueError(f"break date {at!r} must be a position 0..{s.n - 1}") from None
        if not 0 <= pos < s.n:
            raise ValueError(f"break date {at!r} is outside the series (positions 0..{s.n - 1})")
        return pos
    return s.position(at)


def chow(
    y: Any,
    exog: Any = None,
    *,
    at: Any,
    const: bool = True,
    trend: bool = False,
    cov_type: str = "nonrobust",
    maxlags: int | None = None,
    kernel: str = "bartlett",
    difference: bool = False,
    seasonal: bool = False,
) -> HypothesisTest:
    """Chow test for a structural break at a known date.

    The regime change happens at ``at``: the time label of the **first period of the new
    regime**.  All coefficients (intercept, trend, regressors) may change.

    Parameters
    ----------
    y : array_like, pandas.Series or xarray.DataArray
        The series.
    exog : array_like, optional
        Further regressors (rows = time).
    at : label
        First period of the new regime (a year, date or period label; a position for bare
        arrays).
    const, trend : bool
        Include an intercept / a linear trend 1..n.
    cov_type : {"nonrobust", "HC0", "HC1", "HAC"}
        ``"nonrobust"`` gives the classical F test, ``F = ((RSS_0 - RSS_1 - RSS_2)/k) /
        ((RSS_1 + RSS_2)/(n - 2k))`` with ``(k, n - 2k)`` degrees of freedom.  The others give
        a Wald test of equal coefficients in the fully interacted model with a
        heteroskedasticity (HC) or heteroskedasticity-and-autocorrelation consistent (HAC)
        covariance, referred to chi-square(k); its ``stat`` is on the Wald scale.
    maxlags : int, optional
        HAC truncation lag; default ``floor(4 (n/100)^(2/9))`` (Newey-West rule).
    kernel : {"bartlett", "quadratic-spectral"}
        HAC kernel: Bartlett (Newey & West 1987) or quadratic spectral (Andrews 1991).
    difference : bool
        Test the first differences ``dy_t = y_t - y_{t-1}``, each labelled by its later
        period t: ``at`` is then the first period of the new growth rate (a break in the
        mean of ``dy`` from ``at`` on).  ``exog`` rows are matched by label, not
        differenced.
    seasonal : bool
        For monthly or quarterly series: add ``s - 1`` seasonal dummies (from the time
        labels) with one coefficient over both regimes; only the intercept, trend and
        ``exog`` coefficients may change (partial structural change). F then compares
        ``RSS_0`` of the model with common coefficients and ``RSS_1`` of the model with
        regime-specific non-seasonal coefficients (both with the common dummies), with
        ``(k, n - 2k - p)`` degrees of freedom for ``p`` dummies; the robust versions test
        the same ``k`` differences.  ``ValueError`` on annual or non-calendar data.

    Returns
    -------
    HypothesisTest
        ``stat`` is F (scale ``"F"``) or Wald (scale ``"Wald"``), ``df``, ``pvalue``.
        When the model with the break fits exactly (a noise-free step) F is infinite and
        the p-value 0; ``note`` says so.

    Raises
    ------
    ValueError
        If either regime has fewer observations than regressors plus one (use
        :func:`chow_predictive` for a short post-period), on a degenerate series (constant,
        one deviating value, fitted exactly without a break, values too large to square:
        :mod:`policyts.models._degenerate`), or on bad input.

    References
    ----------
    Chow, G. C. (1960). Tests of equality between sets of coefficients in two linear
    regressions. Econometrica 28(3), 591-605.

    Notes
    -----
    The F version is tested against R strucchange 1.5-3, ``sctest(type = "Chow")``.

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import chow
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> res = chow(y, at=20)
    >>> round(res.stat, 2), res.df
    (283.26, (1.0, 38.0))
    >>> bool(res.pvalue < 0.001)
    True
    """
    if is_panel(y):  # many series: an xarray.Dataset of results over the other dims
        if seasonal:
            raise ValueError(
                "seasonal=True applies to one series; loop over the panel's series (each "
                "gets its seasonal dummies from its time labels)"
            )
        if difference:
            raise ValueError(
                "difference=True is for one series; for many, difference along time "
                "first: y.diff(dim) labels each difference by its later period"
            )
        return chow_panel(  # type: ignore[return-value]
            y,
            exog,
            at=at,
            const=const,
            trend=trend,
            cov_type=cov_type,
            maxlags=maxlags,
            kernel=kernel,
        )
    design = build_design(y, exog, const=const, trend=trend, difference=difference)
    n, k = design.n, design.k
    b = _break_position(design, at, allow_int_position=not difference)
    n1, n2 = b, n - b
    if n1 < k + 1 or n2 < k + 1:
        side = "before" if n1 < k + 1 else "after"
        raise ValueError(
            f"Chow date {design.series.label(b)!r} is too near an end: {min(n1, n2)} "
            f"observation(s) {side} it, but each regime needs more than the {k} regressors; "
            "use chow_predictive() for a short post-period"
        )
    _check_cov_type(cov_type)
    check_design(design, test="The Chow test")
    yv, X = design.y, design.X
    floor = rss_floor(yv)
    notes = [DIFFERENCE_NOTE] if difference else []
    D = np.empty((n, 0))
    if seasonal:
        D, dnames = seasonal_dummies(design.series)
        problem = regressor_problem(np.column_stack([X, D]), (*design.names, *dnames))
        if problem is not None:
            raise ValueError(f"with seasonal=True: {problem}")
        if n - 2 * k - D.shape[1] < 1:
            raise ValueError(
                f"n = {n} observations are too few for {k} changing coefficients in two "
                f"regimes plus {D.shape[1]} seasonal dummies"
            )
        rss0, rss1 = partial_rss(yv, X, D, b)
        rss1 = exact_zero(rss1, floor)
        notes.append(seasonal_note(dnames, design.names))
    else:
        rss0 = segment_rss_exact(yv, X, [(0, n - 1)])
        rss1 = exact_zero(segment_rss_exact(yv, X, [(0, b - 1), (b, n - 1)]), floor)
    p = D.shape[1]
    label = design.series.label(b)
    details: dict[str, Any] = {
        "first period of new regime": label,
        "last period of old regime": design.series.label(b - 1),
        "n_before": n1,
        "n_after": n2,
        "rss_restricted": rss0,
        "rss_unrestricted": rss1,
    }
    h0 = f"coefficients {list(design.names)} are equal before and after {label}"
    h1 = f"coefficients change at {label} (first period of the new regime)"
    if rss1 == 0:
        notes.append(
            f"the model with a break at {label} fits exactly (zero residuals): the statistic "
            "is infinite and the p-value 0"
        )
        return HypothesisTest(
            name="Chow F test"
            if cov_type == "nonrobust"
            else f"Chow Wald test ({cov_type if cov_type != 'HAC' else f'HAC ({kernel})'} "
            "covariance)",
            stat=float("inf"),
            pvalue=0.0,
            scale="F" if cov_type == "nonrobust" else "Wald",
            null_hypothesis=h0,
            alternative_hypothesis=h1,
            df=(float(k), float(n - 2 * k - p)) if cov_type == "nonrobust" else (float(k),),
            distribution="F" if cov_type == "nonrobust" else "chi2",
            details=details,
            note="; ".join(notes),
        )
    from scipy import stats  # here: importing a test should not load scipy.stats

    if cov_type == "nonrobust":
        df2 = n - 2 * k - p
        f = ((rss0 - rss1) / k) / (rss1 / df2)
        return HypothesisTest(
            name="Chow F test",
            stat=float(f),
            pvalue=float(stats.f.sf(f, k, df2)),
            scale="F",
            null_hypothesis=h0,
            alternative_hypothesis=h1,
            df=(float(k), float(df2)),
            distribution="F",
            details=details,
            note="; ".join(notes),
        )
    d = (np.arange(n) >= b).astype(float)[:, None]
    Z = np.hstack([X, X * d, D])
    coef, *_ = np.linalg.lstsq(Z, yv, rcond=None)
    resid = yv - Z @ coef
    V = robust_cov(Z, resid, cov_type=cov_type, maxlags=maxlags, kernel=kernel)
    delta = coef[k : 2 * k]
    Vd = V[k : 2 * k, k : 2 * k]
    wald = float(delta @ np.linalg.solve(Vd, delta))
    details["cov_type"] = cov_type if cov_type != "HAC" else f"HAC ({kernel})"
    return HypothesisTest(
        name=f"Chow Wald test ({details['cov_type']} covariance)",
        stat=wald,
        pvalue=float(stats.chi2.sf(wald, k)),
        scale="Wald",
        null_hypothesis=h0,
        alternative_hypothesis=h1,
        df=(float(k),),
        distribution="chi2",
        details=details,
        note="; ".join(notes),
    )


def chow_predictive(
    y: Any,
    exog: Any = None,
    *,
    at: Any,
    const: bool = True,
    trend: bool = False,
) -> HypothesisTest:
    """Chow predictive (forecast) test: do the periods from ``at`` on fit the model
    estimated on the periods before?

    Valid when the post-period has fewer observations than regressors (one or two years
    after a recent policy event), where :func:`chow` cannot be computed.

    ``F = ((RSS_all - RSS_pre) / n_2) / (RSS_pre / (n_1 - k))`` with ``(n_2, n_1 - k)``
    degrees of freedom, where the model is fitted on the ``n_1`` pre-period observations
    and on all ``n = n_1 + n_2`` observations.

    Parameters
    ----------
    at : label
        First period of the post-event sample (first period of the new regime).

    References
    ----------
    Chow, G. C. (1960), Econometrica 28(3), 591-605, section 4 ("predictive" test).

    Examples
    --------
    The last five periods are predicted from a model fitted to the first 35:

    >>> import numpy as np
    >>> from policyts.models import chow_predictive
    >>> rng = np.random.default_rng(0)
    >>> y = rng.normal(size=40)
    >>> res = chow_predictive(y, at=35)
    >>> res.df
    (5.0, 34.0)
    >>> round(res.pvalue, 3)
    0.318
    """
    design = build_design(y, exog, const=const, trend=trend)
    n, k = design.n, design.k
    b = _break_position(design, at)
    n1, n2 = b, n - b
    check_design(design, test="The Chow predictive test")
    if n2 < 1:
        raise ValueError("the post-period is empty: 'at' must be at or before the last period")
    if n1 <= k:
        raise ValueError(
            f"only {n1} observation(s) before {design.series.label(b)!r}; the pre-period "
            f"must have more than the {k} regressors"
        )
    yv, X = design.y, design.X
    rss_pre = exact_zero(segment_rss_exact(yv, X, [(0, b - 1)]), rss_floor(yv[:b]))
    rss_all = segment_rss_exact(yv, X, [(0, n - 1)])
    df2 = n1 - k
    note = ""
    if rss_pre == 0:
        # The pre-period is fitted exactly, the whole sample is not (check_design).
        f = float("inf")
        note = "the pre-period model fits exactly (zero residuals): F is infinite, p-value 0"
    else:
        f = ((rss_all - rss_pre) / n2) / (rss_pre / df2)
    from scipy import stats

    label = design.series.label(b)
    return HypothesisTest(
        name="Chow predictive (forecast) F test",
        stat=float(f),
        pvalue=float(stats.f.sf(f, n2, df2)),
        scale="F",
        null_hypothesis=f"the {n2} period(s) from {label} follow the pre-{label} model",
        alternative_hypothesis=f"the periods from {label} depart from the pre-period model",
        df=(float(n2), float(df2)),
        distribution="F",
        details={
            "first period of new regime": label,
            "n_before": n1,
            "n_after": n2,
            "rss_pre": rss_pre,
            "rss_all": rss_all,
        },
        note=note,
    )


# --------------------------------------------------------------------------------------
# many series: chow_panel (xarray) and chow_array (numpy) on the engine of _many
# --------------------------------------------------------------------------------------

_CHOW_OUTPUTS = [
    Out("stat", (), np.float64, np.nan, {"units": "1"}),
    Out("pvalue", (), np.float64, np.nan, {"long_name": "p-value", "units": "1"}),
    Out("df_num", (), np.float64, np.nan, {"long_name": "numerator degrees of freedom"}),
    Out(
        "df_denom",
        (),
        np.float64,
        np.nan,
        {"long_name": "denominator degrees of freedom (NaN for the chi-square Wald test)"},
    ),
    Out("rss_restricted", (), np.float64, np.nan, {"long_name": "RSS, one regime"}),
    Out("rss_unrestricted", (), np.float64, np.nan, {"long_name": "RSS, two regimes"}),
    Out("n_before", (), np.int64, -1, {"long_name": "observations in the old regime"}),
    Out("n_after", (), np.int64, -1, {"long_name": "observations in the new regime"}),
]


def _rss(Yseg: np.ndarray, Xseg: np.ndarray) -> np.ndarray:
    """Exact OLS RSS of every row of ``Yseg`` on the shared ``Xseg`` (one lstsq)."""
    coef, *_ = np.linalg.lstsq(Xseg, Yseg.T, rcond=None)
    resid = Yseg - (Xseg @ coef).T
    return np.einsum("ij,ij->i", resid, resid)


def _chow_group(Yg: np.ndarray, g: Group, ctx: Ctx) -> GroupResult:
    p = ctx.params
    k = g.X.shape[1]
    b = p["position"] - g.start
    n1, n2 = b, g.n - b
    if not 0 < b < g.n:
        return "the break date is outside the series' sample"
    if n1 < k + 1 or n2 < k + 1:
        return (
            f"the break date is too near an end of the sample: {max(min(n1, n2), 0)} "
            f"observation(s) on one side, each regime needs more than {k}"
        )
    S = Yg.shape[0]
    res: dict[str, np.ndarray] = {
        "n_before": np.full(S, n1, dtype=np.int64),
        "n_after": np.full(S, n2, dtype=np.int64),
        "df_num": np.full(S, float(k)),
    }
    if p["cov_type"] == "nonrobust":
        from scipy import stats  # here: importing the models should not load scipy.stats

        rss0 = _rss(Yg, g.X)
        rss1 = _rss(Yg[:, :b], g.X[:b]) + _rss(Yg[:, b:], g.X[b:])
        df2 = g.n - 2 * k
        f = ((rss0 - rss1) / k) / (rss1 / df2)
        res.update(
            stat=f,
            pvalue=stats.f.sf(f, k, df2),
            df_denom=np.full(S, float(df2)),
            rss_restricted=rss0,
            rss_unrestricted=rss1,
        )
        return res
    # Robust covariances: the single-series test, series by series.
    stat = np.full(S, np.nan)
    pval = np.full(S, np.nan)
    rss0 = np.full(S, np.nan)
    rss1 = np.full(S, np.nan)
    reason = np.full(S, "", dtype=object)
    for r, row in enumerate(Yg):
        try:
            t = chow(
                row,
                g.exog,
                at=b,
                const=ctx.const,
                trend=ctx.trend,
                cov_type=p["cov_type"],
                maxlags=p["maxlags"],
                kernel=p["kernel"],
            )
        except ValueError as err:
            reason[r] = str(err)
            continue
        stat[r], pval[r] = t.stat, t.pvalue
        rss0[r] = t.details["rss_restricted"]
        rss1[r] = t.details["rss_unrestricted"]
    res.update(
        stat=stat,
        pvalue=pval,
        df_denom=np.full(S, np.nan),
        rss_restricted=rss0,
        rss_unrestricted=rss1,
        reason=reason,
    )
    return res


def _chow_setup(
    series: Series1D, labels: np.ndarray, at: Any, k: int, cov_type: str, span: str
) -> tuple[int, list[Out], dict[str, Any]]:
    _check_cov_type(cov_type)
    if series.freq == "position":
        try:
            pos = int(at)
        except (TypeError, ValueError):
            raise ValueError(f"break date {at!r} must be a position 0..{series.n - 1}") from None
        if not 0 <= pos < series.n:
            raise ValueError(f"break date {at!r} is outside the time axis (0..{series.n - 1})")
    else:
        pos = series.position(at)
    n = series.n
    if span == "common" and (pos < k + 1 or n - pos < k + 1):
        raise ValueError(
            f"Chow date {series.label(pos)!r} is too near an end: {min(pos, n - pos)} "
            f"observation(s) on one side, but each regime needs more than the {k} "
            "regressors; use chow_predictive() on the series for a short post-period"
        )
    robust = cov_type != "nonrobust"
    stat_attrs = {
        "long_name": (
            f"Chow Wald statistic ({cov_type} covariance), chi-square(k)"
            if robust
            else "Chow F statistic, F(k, n - 2k)"
        ),
        "units": "1",
    }
    outs = [
        Out(o.name, o.core, o.dtype, o.fill, stat_attrs) if o.name == "stat" else o
        for o in _CHOW_OUTPUTS
    ]
    attrs: dict[str, Any] = {
        "test": "Chow test for a break at a known date",
        "scale": "Wald" if robust else "F",
        "distribution": "chi2" if robust else "F",
        "cov_type": cov_type,
        "break_position": pos,
        "break_label": attr_value(labels[pos]),
        "break_end_label": attr_value(labels[pos - 1]) if pos > 0 else "",
        "conventions": (
            "break_label is the first period of the new regime, break_end_label the last "
            "period of the old regime"
        ),
        "references": "Chow (1960), Econometrica 28(3)",
    }
    return pos, outs, attrs


def chow_panel(
    y: Any,
    exog: Any = None,
    *,
    at: Any,
    dim: str | None = None,
    const: bool = True,
    trend: bool = False,
    cov_type: str = "nonrobust",
    maxlags: int | None = None,
    kernel: str = "bartlett",
    span: str = "common",
) -> xr.Dataset:
    """Chow test for a break at a known date, for every series in ``y``.

    Parameters
    ----------
    y, exog, dim, span
        As in :func:`sup_f_panel`.
    at : label
        First period of the new regime (a label of the time coordinate; a position when
        the time dimension has no coordinate).
    const, trend, cov_type, maxlags, kernel
        As in :func:`policyts.models.chow`.  ``"nonrobust"`` is computed for all series
        together; the robust covariances run :func:`policyts.models.chow` series by series.

    Returns
    -------
    xarray.Dataset
        ``stat`` (F, or Wald for a robust covariance; attrs ``scale``), ``pvalue``,
        ``df_num``, ``df_denom``, ``rss_restricted``, ``rss_unrestricted``, ``n_before``,
        ``n_after``, ``n_obs``, ``sample_start``, ``sample_end`` and ``reason``.  The break
        date is in the attrs (``break_label``: first period of the new regime).

    Notes
    -----
    Each series' F, p-value and RSS equal :func:`policyts.models.chow` on that series to
    a relative 1e-10 (tests/test_panel.py).

    References
    ----------
    Chow, G. C. (1960). Tests of equality between sets of coefficients in two linear
    regressions. Econometrica 28(3), 591-605.

    Examples
    --------
    Three series with level shifts of 2, 3 and 1.5 in 2006:

    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import chow_panel
    >>> res = chow_panel(y, at=2006)
    >>> res.attrs["break_label"], res["df_denom"].values.tolist()
    (2006, [28.0, 28.0, 28.0])
    >>> bool((res["pvalue"] < 0.001).all())
    True
    """
    prep = prepare(y, exog, dim, const, trend, span, "chow_panel")
    k = int(const) + int(trend) + len(prep.exog_names)
    pos, outs, attrs = _chow_setup(prep.series, prep.labels, at, k, cov_type, span)
    ctx = make_ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        position=pos,
        cov_type=cov_type,
        maxlags=maxlags,
        kernel=kernel,
    )
    return run(prep, ctx, _chow_group, outs, attrs)


def chow_array(
    y: Any,
    exog: Any = None,
    *,
    at: int,
    const: bool = True,
    trend: bool = False,
    cov_type: str = "nonrobust",
    maxlags: int | None = None,
    kernel: str = "bartlett",
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`chow_panel` (see :func:`sup_f_array` for the layout);
    ``at`` is a label of ``labels`` (a position when ``labels`` is not given)."""
    Y, E, lab, names = array_input(y, exog, labels, span)
    import xarray as xr

    n = Y.shape[-1]
    series = as_series(xr.DataArray(np.zeros(n), dims="time", coords={"time": lab}), name="time")
    ctx0 = make_ctx(n, const, trend, span, names, lab)
    check_shared_common(E, ctx0)
    pos, outs, _ = _chow_setup(series, lab, at, ctx0.k, cov_type, span)
    ctx = make_ctx(
        n,
        const,
        trend,
        span,
        names,
        lab,
        position=pos,
        cov_type=cov_type,
        maxlags=maxlags,
        kernel=kernel,
    )
    return run_array(Y, E, ctx, _chow_group, outs)
