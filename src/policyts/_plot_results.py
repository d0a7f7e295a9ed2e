"""Figures of series and of break-test and effect results: :func:`timeseries`,
:func:`f_path`, :func:`regimes`, :func:`cusum` and :func:`counterfactual` (re-exported by
:mod:`policyts.plotting`; import them from there).  The conventions are those of
:mod:`policyts.plotting`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from policyts._plot_axes import (
    _BAND,
    _EVENT,
    _FITTED,
    _OBSERVED,
    _axes,
    _labels,
    _time_axis,
    _xvalues,
    axis_label,
    mark_events,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes


# --------------------------------------------------------------------------- series


def timeseries(
    data: Any,
    *,
    ax: Axes | None = None,
    events: Iterable[Any] = (),
    **kwargs: Any,
) -> Axes:
    """A labelled series with policy events at their first affected periods.

    Parameters
    ----------
    data : xarray.DataArray or pandas.Series
        One series over one time dimension; its ``long_name``/``units`` label the y axis.
    ax : matplotlib.axes.Axes, optional
    events : iterable of str or Event
        Events to mark (see :func:`mark_events`).
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from policyts.datasets import load
    >>> from policyts.plotting import timeseries
    >>> y = load("cn_invention_applications")["resident"]
    >>> ax = timeseries(y, ax=Figure().add_subplot(), events=["patent_law_amendment_2008"])
    >>> type(ax).__name__, len(ax.lines)
    ('Axes', 2)
    >>> print(ax.get_ylabel())
    Invention patent applications by
    residents [applications]
    """
    from policyts._series import as_series

    s = as_series(data, allow_nan=True)
    ax = _axes(ax)
    labels = [s.label(i) for i in range(s.n)]
    x = _xvalues(labels)
    style = {"color": _OBSERVED, "marker": "o", "markersize": 3, "linewidth": 1.3}
    ax.plot(x, s.values, **{**style, **kwargs})
    _time_axis(ax, labels, s.values)
    mark_events(ax, events, labels=labels)
    _labels(ax, y=axis_label(data, default=s.name, width=40), x=s.dim)
    return ax


def f_path(
    data: Any,
    *,
    ax: Axes | None = None,
    level: float = 0.95,
    events: Iterable[Any] = (),
    **kwargs: Any,
) -> Axes:
    """The Chow F statistic at every candidate break date, with the sup-F critical value.

    Parameters
    ----------
    data : FPath or SupF
        From :func:`policyts.models.f_path` or :func:`policyts.models.sup_f`.
    ax : matplotlib.axes.Axes, optional
    level : float
        Level of the critical value drawn (Hansen 1997 asymptotic distribution of sup-F,
        for the path's k and trimming), in (0, 1).
    events : iterable of str or Event
        Events to mark at their first affected periods.
    **kwargs
        Passed to ``Axes.plot`` for the path.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The path is drawn on the F scale (Wald / k) and the critical value is converted to it;
    the x axis is the first period of the new regime. The largest F is marked: it is the
    sup-F break date.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from policyts.models import f_path as chow_path
    >>> from policyts.plotting import f_path
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> ax = f_path(chow_path(y), ax=Figure().add_subplot())
    >>> type(ax).__name__
    'Axes'
    """
    from policyts.models import FPath, SupF

    if isinstance(data, SupF):
        path = data.path
    elif isinstance(data, FPath):
        path = data
    else:
        raise ValueError(f"f_path() draws an FPath or SupF result, not {type(data).__name__}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level}")
    ax = _axes(ax)
    x = _xvalues(path.labels)
    f = np.asarray(path.f, dtype=float)
    style = {"color": _OBSERVED, "linewidth": 1.5, "label": "Chow F at each candidate date"}
    ax.plot(x, f, **{**style, **kwargs})
    crit = path.critical_value(level, scale="f")
    ax.axhline(
        crit,
        color=_FITTED,
        linestyle="--",
        linewidth=1.1,
        label=f"sup-F critical value, {1 - level:.0%} level (Hansen 1997)",
    )
    i = int(np.argmax(f))
    ax.plot([x[i]], [f[i]], marker="o", color=_FITTED, linestyle="none")
    ax.annotate(
        f"sup at {path.labels[i]}",
        xy=(x[i], f[i]),
        xytext=(6, -2),
        textcoords="offset points",
        fontsize=7,
        color=_FITTED,
    )
    _time_axis(ax, list(path.labels))
    ax.set_ylim(bottom=0)
    mark_events(ax, events, labels=path.labels)
    ax.set_xlabel("candidate break [first period of the new regime]")
    ax.set_ylabel("Chow F statistic [no unit]")
    ax.legend(loc="best", fontsize=7, frameon=False)
    return ax


def regimes(
    data: Any,
    *,
    y: Any,
    exog: Any = None,
    ax: Axes | None = None,
    events: Iterable[Any] = (),
    **kwargs: Any,
) -> Axes:
    """A series with its Bai-Perron regimes: fitted lines, break dates and their intervals.

    Parameters
    ----------
    data : BaiPerron
        From :func:`policyts.models.bai_perron`.
    y : array_like, pandas.Series or xarray.DataArray
        The series the result was estimated on (same length and labels); its
        ``long_name``/``units`` label the y axis.
    exog : array_like, optional
        The extra regressors the result was estimated with, if any.
    ax : matplotlib.axes.Axes, optional
    events : iterable of str or Event
        Events to mark at their first affected periods.
    **kwargs
        Passed to ``Axes.plot`` for the observed series.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``y`` does not match the result (length or labels), or ``exog`` is missing
        for a result with extra regressors.

    Notes
    -----
    Fitted values are ``X_t' beta_j`` with each regime's coefficients from the result, so
    the lines are the model that was estimated, not a smoother. Each break is a solid
    vertical line at the first period of its new regime; its Bai (1997) interval (for the
    old regime's last period in strucchange's convention) is shifted by one period to the
    same convention and shaded.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from policyts.models import bai_perron
    >>> from policyts.plotting import regimes
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> ax = regimes(bai_perron(y, max_breaks=2), y=y, ax=Figure().add_subplot())
    >>> type(ax).__name__, len(ax.lines) >= 2
    ('Axes', True)
    """
    from policyts.models import BaiPerron
    from policyts.models._design import build_design

    if not isinstance(data, BaiPerron):
        raise ValueError(f"regimes() draws a BaiPerron result, not {type(data).__name__}")
    names = tuple(data.names)
    extra = [nm for nm in names if nm not in ("const", "trend")]
    if extra and exog is None:
        raise ValueError(
            f"the result has regressors {extra} besides const/trend: pass them as exog= "
            "to draw the fitted regimes"
        )
    design = build_design(y, exog, const="const" in names, trend="trend" in names)
    labels = [design.series.label(i) for i in range(design.n)]
    if design.n != data.n_obs or [str(v) for v in labels] != [str(v) for v in data.labels]:
        raise ValueError(
            f"y does not match the result: {design.n} observations labelled "
            f"{labels[0]!r}..{labels[-1]!r}, the result has {data.n_obs} labelled "
            f"{data.labels[0]!r}..{data.labels[-1]!r}"
        )
    if tuple(design.names) != names:
        raise ValueError(f"regressors {list(design.names)} differ from the result's {list(names)}")
    ax = _axes(ax)
    x = _xvalues(labels)
    style = {
        "color": _OBSERVED,
        "marker": "o",
        "markersize": 3,
        "linewidth": 0.8,
        "label": "observed",
    }
    ax.plot(x, design.y, **{**style, **kwargs})
    edges = [0, *[b.index for b in data.breaks], design.n]
    for j, regime in enumerate(data.regimes):
        s, e = edges[j], edges[j + 1]
        beta = np.array([regime.coef[nm] for nm in names])
        fitted = design.X[s:e] @ beta
        ax.plot(
            x[s:e],
            fitted,
            color=_FITTED,
            linewidth=2.0,
            label="fitted regimes" if j == 0 else None,
        )
    for j, b in enumerate(data.breaks):
        ax.axvline(x[b.index], color=_FITTED, linewidth=1.0, alpha=0.8)
        if b.ci_index is not None:
            lo_i = min(b.ci_index[0] + 1, design.n - 1)
            hi_i = min(b.ci_index[1] + 1, design.n - 1)
            ax.axvspan(
                x[lo_i],
                x[hi_i],
                color=_FITTED,
                alpha=0.12,
                linewidth=0,
                label=(f"{b.level:.0%} interval (first period of new regime)" if j == 0 else None),
            )
    _time_axis(ax, labels, design.y)
    mark_events(ax, events, labels=labels)
    _labels(
        ax,
        y=axis_label(y, default=design.series.name, width=40),
        x=f"{design.series.dim} [breaks at the first period of the new regime]",
    )
    ax.legend(loc="best", fontsize=7, frameon=False)
    return ax


def cusum(
    data: Any,
    *,
    ax: Axes | None = None,
    events: Iterable[Any] = (),
    **kwargs: Any,
) -> Axes:
    """A fluctuation process (OLS-CUSUM, recursive CUSUM, OLS-MOSUM) with its boundaries.

    Parameters
    ----------
    data : FluctuationTest
        From :func:`policyts.models.cusum` (or ``ols_cusum``, ``rec_cusum``,
        ``ols_mosum``).
    ax : matplotlib.axes.Axes, optional
    events : iterable of str or Event
        Events to mark at their first affected periods.
    **kwargs
        Passed to ``Axes.plot`` for the process.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The boundary is ``+-b`` (OLS processes) or ``+-b (1 + 2t)`` (recursive CUSUM) at the
    result's level ``alpha``; where ``|process|`` exceeds it the test rejects, and the
    first crossing is marked.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from policyts.models import ols_cusum
    >>> from policyts.plotting import cusum
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> ax = cusum(ols_cusum(y), ax=Figure().add_subplot())
    >>> type(ax).__name__
    'Axes'
    """
    from policyts.models import FluctuationTest

    if not isinstance(data, FluctuationTest):
        raise ValueError(f"cusum() draws a FluctuationTest result, not {type(data).__name__}")
    ax = _axes(ax)
    labels = list(data.labels)
    plain = [str(v) if isinstance(v, pd.Period) else v for v in labels]
    plain = [int(v) if isinstance(v, np.integer) else v for v in plain]
    x = _xvalues(plain)
    proc = np.asarray(data.process, dtype=float)
    bound = np.asarray(data.boundary, dtype=float)
    style = {"color": _OBSERVED, "linewidth": 1.5, "label": data.name.replace(" test", " process")}
    ax.plot(x, proc, **{**style, **kwargs})
    ax.plot(
        x,
        bound,
        color=_FITTED,
        linestyle="--",
        linewidth=1.0,
        label=f"boundary, {data.alpha:g} level",
    )
    ax.plot(x, -bound, color=_FITTED, linestyle="--", linewidth=1.0)
    ax.axhline(0.0, color="0.7", linewidth=0.8)
    ax.margins(y=0.2)
    over = np.flatnonzero(np.abs(proc) > bound)
    if over.size:
        i = int(over[0])
        ax.plot([x[i]], [proc[i]], marker="o", color=_FITTED, linestyle="none")
        ax.annotate(
            f"first crossing {plain[i]}",
            xy=(x[i], proc[i]),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=7,
            color=_FITTED,
        )
    _time_axis(ax, plain)
    mark_events(ax, events, labels=plain)
    ax.set_xlabel(data.dim)
    ax.set_ylabel("standardised process [no unit]")
    ax.legend(loc="best", fontsize=7, frameon=False)
    return ax


_CF_BANDS = (("lower", "upper"), ("counterfactual_lower", "counterfactual_upper"))


def counterfactual(
    data: Any,
    *,
    ax: Axes | None = None,
    events: Iterable[Any] = (),
    logy: bool | None = None,
    **kwargs: Any,
) -> Axes:
    """Observed values against a counterfactual path and its band.

    Parameters
    ----------
    data : EffectResult or xarray.Dataset
        A result of :func:`policyts.models.effects.effect`, or a dataset over one time
        dimension with variables ``observed``, ``counterfactual`` and the band as
        ``counterfactual_lower``/``counterfactual_upper`` (what
        ``EffectResult.to_dataset()`` holds) or ``lower``/``upper``. The band's level is
        read from the attribute ``confidence_level`` (or ``level``); the first treated
        period from ``first_treated``.
    ax : matplotlib.axes.Axes, optional
    events : iterable of str or Event
        Events to mark at their first affected periods. Without events the first treated
        period of the dataset (attribute ``first_treated``) is marked.
    logy : bool, optional
        Logarithmic y axis; by default when ``data`` is a result of a log model.
    **kwargs
        Passed to ``Axes.plot`` for the observed series.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a variable is missing or the dataset is not one-dimensional.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from policyts.datasets import load
    >>> from policyts.models import effect
    >>> from policyts.plotting import counterfactual
    >>> apps = load("cn_invention_applications")["resident"]
    >>> res = effect(apps, event="ip_strategy_2008", log=True, placebo=False)
    >>> ax = counterfactual(res, ax=Figure().add_subplot())
    >>> type(ax).__name__, len(ax.lines) >= 2
    ('Axes', True)
    """
    ds = data.to_dataset() if hasattr(data, "to_dataset") else data
    names = set(getattr(ds, "data_vars", {}))
    band = next((b for b in _CF_BANDS if set(b) <= names), None)
    missing = [v for v in ("observed", "counterfactual") if v not in names]
    if band is None:
        missing.append("counterfactual_lower/counterfactual_upper (or lower/upper)")
    if missing:
        raise ValueError(
            f"counterfactual() needs the observed, counterfactual and band; missing {missing}"
        )
    assert band is not None
    dims = ds["observed"].dims
    if len(dims) != 1:
        raise ValueError(f"counterfactual() draws one series; 'observed' has dimensions {dims}")
    ax = _axes(ax)
    raw = ds[dims[0]].values
    labels = [v.item() if hasattr(v, "item") else v for v in raw]
    x = _xvalues(labels)
    lo = np.asarray(ds[band[0]].values, dtype=float)
    hi = np.asarray(ds[band[1]].values, dtype=float)
    level = ds.attrs.get("confidence_level", ds.attrs.get("level"))
    band_text = f"{float(level):.0%} prediction interval" if level is not None else "interval"
    ok = np.isfinite(lo) & np.isfinite(hi)
    ax.fill_between(x, lo, hi, where=ok, color=_BAND, alpha=0.3, linewidth=0, label=band_text)
    ax.plot(
        x,
        np.asarray(ds["counterfactual"].values, dtype=float),
        color=_BAND,
        linestyle="--",
        linewidth=1.8,
        label="counterfactual (no event)",
    )
    style = {
        "color": _OBSERVED,
        "marker": "o",
        "markersize": 3,
        "linewidth": 1.3,
        "label": "observed",
    }
    ax.plot(x, np.asarray(ds["observed"].values, dtype=float), **{**style, **kwargs})
    _time_axis(ax, labels, np.asarray(ds["observed"].values, dtype=float))
    evs = list(events)
    if evs:
        mark_events(ax, evs, labels=labels)
    elif ds.attrs.get("first_treated") not in (None, ""):
        first = str(ds.attrs["first_treated"])
        keys = [str(v) for v in labels]
        if first in keys:
            ax.axvline(x[keys.index(first)], color=_EVENT, linestyle=":", linewidth=1.1)
    if logy if logy is not None else bool(getattr(data, "log", False)):
        ax.set_yscale("log")
    _labels(ax, y=axis_label(ds["observed"], default="observed", width=40), x=str(dims[0]))
    ax.legend(loc="best", fontsize=7, frameon=False)
    return ax
