"""Axes-level figures: claims with their intervals, F-statistic paths, fitted regimes,
fluctuation processes and counterfactuals, each with policy events marked.

Every function has the form ``f(data, *, ax=None, **kwargs) -> Axes``: it draws into
``ax`` (the current axes when omitted), touches nothing outside it, and returns it.
matplotlib is imported only when a function is called, so ``import policyts`` never loads
it.

Conventions
-----------
* Axis labels are ``long_name [units]`` from the data's attributes (:func:`axis_label`),
  the unit code written in words (:func:`unit_words`: ``[patents]``, ``[share of GDP]``).
* Axes of years tick whole years without an offset; a single point gets a year either
  side. Event names and claim values are placed where they fit without overlapping
  (broken at an underscore, shortened or left out otherwise). Text with Chinese characters
  is drawn in a CJK font when one is installed (:func:`cjk_font`).
* :func:`overview` is the one figure-level function: small multiples of several series.
* A break is drawn at the **first period of the new regime**; a Bai (1997) interval for a
  break date, which strucchange states for the old regime's last period, is shifted by one
  period to the same convention before it is shaded.
* On a series axis (annual, quarterly ... labels) a policy event is drawn at its **first
  affected period** (:func:`policyts.events.first_affected_period`, rule ``"majority"``),
  so an event line and a break line coincide exactly when the break is dated to the
  event. On a continuous time axis (claims, :func:`indicator`) an event is drawn at its
  date, at the precision the catalogue gives.
* Claims (:func:`indicator`) are drawn over their reference period: a horizontal segment
  spans the period, a vertical bar the interval the qualifier implies. A bound that is
  exclusive ("more than", "less than") has an open marker; an unbounded side ("more than
  4,000": no upper bound) has an arrow pointing to it. Targets are stars, derived values
  grey diamonds.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import policyts.indicators as pi
>>> from policyts import plotting
>>> ax = plotting.indicator(pi.get("defence_patents_declassified"),
...                         events=["declassified_patents_2017"])
>>> print(ax.get_ylabel())
national defence patents declassified in
one batch [patents]
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from policyts._plot_overview import overview
from policyts._plot_text import (
    EVENT,
    FITTED,
    OBSERVED,
    cjk_font,
    fit_label,
    font_family,
    text_props,
    text_width_pt,
    unit_words,
)

if TYPE_CHECKING:
    import xarray as xr
    from matplotlib.axes import Axes

__all__ = [
    "axis_label",
    "cjk_font",
    "counterfactual",
    "cusum",
    "events_on_axis",
    "f_path",
    "font_family",
    "indicator",
    "mark_events",
    "overview",
    "regimes",
    "save_figure",
    "timeseries",
    "unit_words",
]

_OBSERVED, _FITTED, _EVENT = OBSERVED, FITTED, EVENT
_BAND = "#e8a33d"
_TARGET = "#7b3fa0"
_DERIVED = "#8c8c8c"


# --------------------------------------------------------------------------- shared pieces


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def axis_label(data: Any, default: str = "", *, width: int | None = None) -> str:
    """``"long_name [units in words]"`` from the attributes of ``data``.

    Parameters
    ----------
    data : xarray.DataArray, pandas.Series or mapping
        Anything with ``attrs`` (or a mapping of attributes).
    default : str
        Used for ``long_name`` when there is none (and then the name of ``data``).
    width : int, optional
        Wrap the label onto several lines of at most ``width`` characters.

    Returns
    -------
    str
        ``long_name [units]``, ``long_name`` when there are no units. The unit code is
        written in words (:func:`unit_words`): ``[patents]``, not ``[count:patents]``;
        ``[share of GDP]``, not ``[1]``.

    Examples
    --------
    >>> import xarray as xr
    >>> from policyts.plotting import axis_label
    >>> y = xr.DataArray([1.0, 2.0], attrs={"long_name": "Invention applications", "units": "count:applications"})
    >>> axis_label(y)
    'Invention applications [applications]'
    """
    attrs = data if isinstance(data, dict) else dict(getattr(data, "attrs", {}) or {})
    name = attrs.get("long_name") or default or str(getattr(data, "name", "") or "")
    units = attrs.get("units")
    if units in (None, ""):
        text = str(name)
    else:
        text = f"{name} [{unit_words(units, str(name))}]"
    return "\n".join(textwrap.wrap(text, width)) if width else text


def _axes_size_pt(ax: Axes) -> tuple[float, float]:
    """Width and height of the axes box in points."""
    fig = cast(Any, ax.figure)
    pos = ax.get_position()
    w_in, h_in = fig.get_size_inches()
    return float(pos.width * w_in * 72.0), float(pos.height * h_in * 72.0)


def _year_axis(ax: Axes, x: Any, *, axis: str = "x") -> None:
    """Integer year ticks without offset; a one-year window around a single point.

    matplotlib's default puts an offset on a narrow axis of years ("+2.02e3"), may tick
    half years (2020.5) and widens the limits of one point by 5 % of its value (1925 to
    2125 around 2025). Years are whole numbers here, printed as they are.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    # About one tick label per 32 points of axis, so four-digit years never touch.
    length = _axes_size_pt(ax)[0 if axis == "x" else 1]
    nbins = int(max(2, min(10, length // 32)))
    target.set_major_locator(MaxNLocator(nbins=nbins, integer=True, min_n_ticks=1))
    target.set_major_formatter(FuncFormatter(_year_text))
    vals = np.asarray(x, dtype=float)
    vals = vals[np.isfinite(vals)]
    if vals.size and float(vals.max() - vals.min()) < 1.0:
        lo, hi = float(vals.min()) - 1.0, float(vals.max()) + 1.0
        (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi)


def _year_text(v: float, _pos: Any = None) -> str:
    return f"{int(round(v))}"


def _single_point_ylim(ax: Axes, y: Any) -> None:
    """For one finite value, limits of +-10 % (or +-1 at zero), not matplotlib's +-5 % ticks."""
    vals = np.asarray(y, dtype=float)
    vals = vals[np.isfinite(vals)]
    if vals.size and float(vals.max() - vals.min()) == 0.0:
        v = float(vals[0])
        pad = 0.1 * abs(v) if v else 1.0
        ax.set_ylim(v - pad, v + pad)


def save_figure(
    fig: Any,
    path: Any,
    *,
    dpi: int = 200,
    fmt: str | None = None,
    compress_level: int = 6,
    palette: bool = False,
) -> None:
    """Save ``fig`` as PNG or SVG whose bytes depend only on what was drawn.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : path-like or binary file object
    dpi : int
        Resolution of a PNG (200: sharp in print at the figure's size).
    fmt : {"png", "svg"}, optional
        Default: from the suffix of ``path``, else PNG.
    compress_level : int
        zlib level of a PNG, 0-9 (Pillow's default 6; 1 writes a third faster and about
        10 % larger, 9 three times slower and 2 % smaller).
    palette : bool
        Write a PNG with a 256-colour palette (median cut, deterministic): about 2.5
        times smaller than RGBA for line figures; colours of antialiased edges are
        rounded to the palette.

    Notes
    -----
    The ``Software`` metadata (the matplotlib version) is left out of PNGs and the
    ``Date``/``Creator`` out of SVGs, whose element ids come from a fixed salt, so the same
    drawing gives the same bytes on every run.

    Examples
    --------
    Into a binary file object (a path works the same way):

    >>> import io
    >>> from matplotlib.figure import Figure
    >>> from policyts.plotting import save_figure
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.add_subplot().plot([0, 1])
    >>> buf = io.BytesIO()
    >>> save_figure(fig, buf, fmt="png", dpi=50)
    >>> buf.getvalue()[1:4]
    b'PNG'
    """
    if fmt is None:
        suffix = str(getattr(path, "suffix", "") or "")
        if not suffix and isinstance(path, str):
            suffix = "." + path.rsplit(".", 1)[-1] if "." in path else ""
        fmt = "svg" if suffix.lower() == ".svg" else "png"
    if fmt not in ("png", "svg"):
        raise ValueError(f"fmt must be 'png' or 'svg', not {fmt!r}")
    if not 0 <= compress_level <= 9:
        raise ValueError(f"compress_level must be an integer 0-9, got {compress_level}")
    if fmt == "svg":
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "policyts", "svg.fonttype": "none"}):
            fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
        return
    if not palette:
        fig.savefig(
            path,
            format="png",
            dpi=dpi,
            metadata={"Software": None},
            pil_kwargs={"compress_level": compress_level},
        )
        return
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="raw", dpi=dpi)
    w_in, h_in = fig.get_size_inches()
    size = (int(round(w_in * dpi)), int(round(h_in * dpi)))
    img = Image.frombuffer("RGBA", size, buf.getvalue(), "raw", "RGBA", 0, 1)
    flat = Image.new("RGB", size, "white")
    flat.paste(img, mask=img.getchannel("A"))
    quant = flat.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    quant.save(path, format="png", compress_level=compress_level, pnginfo=None)


def _event_objects(events: Iterable[Any]) -> list[Any]:
    from policyts import events as ev

    out = []
    for e in events:
        out.append(e if isinstance(e, ev.Event) else ev.get(e))
    return out


def _decimal_year(d: dt.date) -> float:
    start = dt.date(d.year, 1, 1)
    days = (dt.date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


def _label_kind(labels: Sequence[Any]) -> str:
    """``"year"``, ``"period"``, ``"datetime"`` or ``"position"`` for a list of labels."""
    vals = list(labels)
    if not vals:
        raise ValueError("there is nothing to plot: the series has no time labels")
    if all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in vals):
        return "year" if 1000 <= min(int(v) for v in vals) <= 3000 else "position"
    if all(isinstance(v, pd.Period) for v in vals):
        return "period"
    if all(isinstance(v, pd.Timestamp | np.datetime64 | dt.date) for v in vals):
        return "datetime"
    if all(isinstance(v, str) for v in vals):
        try:
            [pd.Period(v) for v in vals]
        except (ValueError, TypeError):
            return "position"
        return "period"
    return "position"


def _xvalues(labels: Sequence[Any]) -> Any:
    """Values to plot time labels at: numbers for years and positions, timestamps else."""
    kind = _label_kind(labels)
    vals = list(labels)
    if kind == "year":
        return np.asarray([int(v) for v in vals], dtype=float)
    if kind == "period":
        return pd.DatetimeIndex([pd.Period(v).to_timestamp() for v in vals])
    if kind == "datetime":
        return pd.DatetimeIndex([pd.Timestamp(v) for v in vals])
    return np.arange(len(vals), dtype=float)


def _event_x(event: Any, labels: Sequence[Any]) -> Any:
    """Where an event goes on an axis of these labels: its first affected period."""
    from policyts import events as ev

    kind = _label_kind(labels)
    if kind == "year":
        year = ev.first_affected_period(event, "year")
        return float(year.year if isinstance(year, pd.Period) else year)
    if kind == "period":
        freq = pd.Period(list(labels)[0]).freqstr
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ev.ImpreciseEventDateWarning)
            p = ev.first_affected_period(event, freq, allow_imprecise=True)
        return p.to_timestamp() if isinstance(p, pd.Period) else p
    if kind == "datetime":
        return pd.Timestamp(event.date)
    raise ValueError(
        "events cannot be placed on an axis of bare positions 0..n-1: give the series "
        "time labels (years, periods or dates) or leave events out"
    )


def _draw_event_lines(
    ax: Axes, placed: list[tuple[Any, Any]], *, label_events: bool, fontsize: float = 7.0
) -> list[tuple[float, float, float, float]]:
    """Dotted lines at ``placed`` (x, Event); labels that fit the axes and do not overlap.

    Events at the same place share one label. Each label runs down from the top of the
    axes beside its line, on the left unless it would cross the previous label, then on
    the right; a label with room on neither side is left out (its line stays, with the
    event id as its ``gid``). A label longer than the axes is high is broken at an
    underscore or shortened with an ellipsis. Returns the labels' boxes (left, bottom,
    right, top) in points from the axes' lower left corner.
    """
    from matplotlib.transforms import blended_transform_factory

    trans = blended_transform_factory(ax.transData, ax.transAxes)
    groups: dict[float, tuple[Any, list[Any]]] = {}
    for x, e in placed:
        ax.axvline(x, color=_EVENT, linestyle=":", linewidth=1.1, zorder=1, gid=f"event:{e.id}")
        try:
            key = float(ax.convert_xunits(x))
        except (TypeError, ValueError):
            continue
        groups.setdefault(key, (x, []))[1].append(e)
    boxes: list[tuple[float, float, float, float]] = []
    if not label_events or not groups:
        return boxes
    x0, x1 = (float(v) for v in ax.convert_xunits(ax.get_xlim()))
    width_pt, height_pt = _axes_size_pt(ax)
    if x1 == x0 or width_pt <= 0:
        return boxes
    line_pt = 1.25 * fontsize
    taken: list[tuple[float, float]] = []  # horizontal extents of placed labels, in points
    for key in sorted(groups):
        x, evs = groups[key]
        at = (key - x0) / (x1 - x0) * width_pt
        text = "\n".join(fit_label(e.id, 0.94 * height_pt, fontsize) for e in evs)
        thick = line_pt * text.count("\n") + fontsize + 2.0
        sides = [("right", (at - thick, at)), ("left", (at, at + thick))]
        if at - thick < 0:
            sides.reverse()  # no room left of a line at the left edge
        for ha, (a, b) in sides:
            if a >= -1 and b <= width_pt + 1 and all(b <= s or a >= t for s, t in taken):
                taken.append((a, b))
                length = max(text_width_pt(text, fontsize), 1.0)
                boxes.append((a, 0.98 * height_pt - length, b, 0.98 * height_pt))
                ax.text(
                    x,
                    0.98,
                    text,
                    transform=trans,
                    rotation=90,
                    va="top",
                    ha=ha,
                    fontsize=fontsize,
                    color=_EVENT,
                    clip_on=False,
                    gid="event_label",
                    bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 0.5},
                )
                break
    return boxes


def events_on_axis(events: Iterable[Any], labels: Sequence[Any]) -> list[Any]:
    """The events whose first affected period lies within ``labels`` (first to last).

    Parameters
    ----------
    events : iterable of str or Event
    labels : sequence
        Time labels of a series (years, periods or dates).

    Returns
    -------
    list of Event
        In the order given; events before the first or after the last label are left
        out (drawn, they would stretch the axis beyond the data).

    Raises
    ------
    ValueError
        For an unknown event id, or labels that are bare positions (no calendar).

    Examples
    --------
    >>> from policyts.plotting import events_on_axis
    >>> years = list(range(2005, 2016))
    >>> [ev.id for ev in events_on_axis(["ip_strategy_2008", "china_india_border_conflict_1962"], years)]
    ['ip_strategy_2008']
    """
    out: list[Any] = []
    vals = list(labels)
    if not vals:
        return out
    first, last = _event_bounds(vals)
    for e in _event_objects(events):
        x = _event_x(e, vals)
        if first <= x <= last:
            out.append(e)
    return out


def _event_bounds(labels: Sequence[Any]) -> tuple[Any, Any]:
    x = _xvalues(labels)
    return x[0], x[-1]


def _time_axis(ax: Axes, labels: Sequence[Any], y: Any = None) -> None:
    """Integer year ticks on an axis of years; limits for a single point."""
    if _label_kind(labels) == "year":
        _year_axis(ax, [int(v) for v in labels])
    if y is not None:
        _single_point_ylim(ax, y)


def _labels(
    ax: Axes, *, x: str | None = None, y: str | None = None, title: str | None = None
) -> None:
    """Axis labels and title, in a CJK-capable font when they hold CJK characters."""
    if x is not None:
        ax.set_xlabel(x, **text_props(x))
    if y is not None:
        ax.set_ylabel(y, **text_props(y))
    if title is not None:
        ax.set_title(title, **text_props(title))


def mark_events(
    ax: Axes,
    events: Iterable[Any],
    *,
    labels: Sequence[Any] | None = None,
    label_events: bool = True,
) -> Axes:
    """Draw dotted vertical lines for policy events.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw into.
    events : iterable of str or Event
        Event ids from :mod:`policyts.events` (or :class:`~policyts.events.Event` objects).
    labels : sequence, optional
        The time labels of the series on this axis. Given: each event is drawn at its first
        affected period (integer years, periods, dates), and events whose first affected
        period lies before the first or after the last label are not drawn
        (:func:`events_on_axis`), so the axis keeps the span of the data. Omitted: the axis
        is continuous time in decimal years and each event is drawn at its date.
    label_events : bool
        Write each event's id beside its line, where it fits without overlapping another
        label (see Notes).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For an unknown event id, or labels that are bare positions (no calendar).

    Notes
    -----
    Each line has the gid ``"event:<id>"``. Events at the same place share one label.
    A label runs down from the top of the axes beside its line, on the left unless it
    would cross the label before it, then on the right; with room on neither side it is
    left out (the line stays). A label longer than the axes is high is broken at an
    underscore, or shortened with an ellipsis. Room is measured with the font's metrics
    at the figure's size when the function is called.

    Examples
    --------
    Events outside the labels of the series are not drawn:

    >>> from matplotlib.figure import Figure
    >>> from policyts.plotting import mark_events
    >>> ax = Figure().add_subplot()
    >>> ax = mark_events(ax, ["patent_law_amendment_2008", "ip_strategy_2008"], labels=range(2010, 2021))
    >>> len(ax.lines)
    0
    """
    if labels is None:
        placed = [(_decimal_year(e.date), e) for e in _event_objects(events)]
    else:
        placed = [(_event_x(e, labels), e) for e in events_on_axis(events, labels)]
    _draw_event_lines(ax, placed, label_events=label_events)
    return ax


# --------------------------------------------------------------------------- claims


def _claim_marker(qualifier: str, lower_open: bool, upper_open: bool) -> dict[str, Any]:
    if qualifier == "target":
        return {"marker": "*", "markersize": 11, "color": _TARGET, "fillstyle": "full"}
    if qualifier == "derived":
        return {"marker": "D", "markersize": 5, "color": _DERIVED, "fillstyle": "full"}
    hollow = (qualifier == "more_than" and lower_open) or (qualifier == "less_than" and upper_open)
    return {
        "marker": "o",
        "markersize": 6,
        "color": _OBSERVED,
        "fillstyle": "none" if hollow else "full",
    }


_QUALIFIER_PREFIX = {
    "exact": "",
    "about": "~",
    "nearly": "nearly ",
    "more_than": ">",
    "at_least": "\u2265",
    "less_than": "<",
    "target": "target ",
    "derived": "derived ",
}


def _compact(value: float, unit: str) -> str:
    if not math.isfinite(value):
        return str(value)
    if unit == "1":
        return f"{100 * value:.3g}%"
    if unit == "growth_rate":
        return f"{100 * value:+.3g}%" if value else "0%"
    mag = abs(value)
    for div, suffix in ((1e12, " trn"), (1e9, " bn"), (1e6, " m")):
        if mag >= div:
            return f"{value / div:.4g}{suffix}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.4g}"


def indicator(
    data: xr.Dataset,
    *,
    ax: Axes | None = None,
    events: Iterable[Any] = (),
    series: Any = None,
    annotate: bool | None = None,
    **kwargs: Any,
) -> Axes:
    """One indicator's claims with the intervals their qualifiers imply.

    Parameters
    ----------
    data : xarray.Dataset
        An indicator as returned by :func:`policyts.indicators.get`: dimension ``claim``,
        the values in the variable named by ``attrs["indicator"]`` and its ``_lower``,
        ``_upper`` and ``_qualifier`` companions, and a ``period`` coordinate.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into (current axes when omitted).
    events : iterable of str or Event
        Policy events to mark at their dates (decimal years).
    series : xarray.DataArray, optional
        An annual statistical series (integer ``year`` labels) to draw beneath the claims,
        at mid-year, so it lines up with claims about whole years.
    annotate : bool, optional
        Write each claim's stated value beside it ("~3,000", ">4,000"), right of, above,
        below or left of its marker, wherever it overlaps no other label, marker or event
        name (a value with no free place is left out). Default: when there are at most
        eight dated claims.
    **kwargs
        Passed to the matplotlib calls that draw the claim markers.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``data`` is not an indicator dataset, or has no dated claim to place in time.

    Notes
    -----
    Claims are placed at the middle of their reference period (a claim about 2017 at
    2017.5, one about 2018-04-26 on that day); several claims at the same place are spread
    sideways by a few hundredths of a year so each stays visible. Undated claims cannot be
    placed and are counted in the title. Checked by drawing the declassified defence
    patents (about 3,000 / more than 3,000 in 2017, 4,038 / more than 4,038 in 2018): the
    test suite counts the markers, open markers and arrows.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from policyts.indicators import get
    >>> from policyts.plotting import indicator
    >>> ax = indicator(get("defence_patents_declassified"), ax=Figure().add_subplot())
    >>> type(ax).__name__
    'Axes'
    """
    from matplotlib.transforms import offset_copy

    from policyts.indicators import parse_period

    name = data.attrs.get("indicator")
    if not name or name not in data or "claim" not in data.dims:
        raise ValueError(
            "indicator() needs a dataset from policyts.indicators.get(id): dimension 'claim' "
            "and the variable named by attrs['indicator']"
        )
    for suffix in ("_lower", "_upper", "_qualifier"):
        if f"{name}{suffix}" not in data:
            raise ValueError(f"the indicator dataset lacks the variable {name + suffix!r}")
    ax = _axes(ax)
    values = np.asarray(data[name].values, dtype=float)
    lower = np.asarray(data[f"{name}_lower"].values, dtype=float)
    upper = np.asarray(data[f"{name}_upper"].values, dtype=float)
    meanings = str(data[f"{name}_qualifier"].attrs.get("flag_meanings", "")).split()
    quals = [meanings[int(c)] for c in data[f"{name}_qualifier"].values]
    unit = str(data[name].attrs.get("units", ""))
    periods = [parse_period(str(p)) for p in data["period"].values]
    dated = [i for i, p in enumerate(periods) if p.is_dated]
    undated = len(periods) - len(dated)
    if not dated:
        raise ValueError(
            f"indicator {name!r} has no dated claim, so nothing can be placed on a time axis"
        )
    if annotate is None:
        annotate = len(dated) <= 8
    # Where each claim goes: mid-period, spread sideways when several share a place.
    mids: dict[int, float] = {}
    for i in dated:
        p = periods[i]
        assert p.start is not None and p.end is not None
        a = _decimal_year(p.start)
        b = _decimal_year(p.end + dt.timedelta(days=1))
        mids[i] = (a + b) / 2
    groups: dict[float, list[int]] = {}
    for i in dated:
        groups.setdefault(round(mids[i], 3), []).append(i)
    xpos: dict[int, float] = {}
    repeat: set[int] = set()
    for members in groups.values():
        stated: set[tuple[float, str]] = set()
        for j, i in enumerate(members):
            xpos[i] = mids[i] + 0.12 * (j - (len(members) - 1) / 2)
            key = (float(values[i]), quals[i])
            if key in stated:
                repeat.add(i)  # same value and wording as a claim beside it: label it once
            stated.add(key)

    if series is not None:
        years = np.asarray(series[series.dims[0]].values)
        ax.plot(
            years.astype(float) + 0.5,
            np.asarray(series.values, dtype=float),
            color="#9bb7d4",
            linewidth=1.5,
            zorder=1,
            label=axis_label(series, width=50).split("\n")[0] + " (statistics)",
        )

    finite = np.concatenate(
        [
            values[dated],
            lower[dated][np.isfinite(lower[dated])],
            upper[dated][np.isfinite(upper[dated])],
        ]
    )
    kinds: set[str] = set()
    value_labels: list[tuple[float, float, str, str, bool]] = []
    for i in dated:
        p = periods[i]
        assert p.start is not None and p.end is not None
        x = xpos[i]
        v, lo, hi, q = values[i], lower[i], upper[i], quals[i]
        lo_open = q in ("more_than",) or not math.isfinite(lo)
        hi_open = q in ("less_than",) or not math.isfinite(hi)
        style = _claim_marker(q, lo_open, hi_open)
        color = style["color"]
        span = (_decimal_year(p.start), _decimal_year(p.end + dt.timedelta(days=1)))
        if span[1] - span[0] > 0.02:
            ax.hlines(v, span[0], span[1], color=color, linewidth=1.0, alpha=0.45, zorder=2)
        lo_f = lo if math.isfinite(lo) else v
        hi_f = hi if math.isfinite(hi) else v
        if hi_f > lo_f:
            ax.vlines(x, lo_f, hi_f, color=color, linewidth=2.0, alpha=0.8, zorder=3)
            for end in (lo_f, hi_f):
                ax.hlines(end, x - 0.05, x + 0.05, color=color, linewidth=1.2, zorder=3)
        if q in ("target", "derived"):
            kinds.add(q)
        else:
            kinds.add("open" if style["fillstyle"] == "none" else "stated")
        ax.plot(
            [x],
            [v],
            linestyle="none",
            zorder=4,
            gid=f"claim:{data['claim'].values[i]}",
            **{**style, **kwargs},
        )
        for direction, unbounded in ((1, not math.isfinite(hi)), (-1, not math.isfinite(lo))):
            if not unbounded:
                continue
            head = offset_copy(
                ax.transData, fig=cast(Any, ax.figure), x=0, y=0.3 * direction, units="inches"
            )
            ax.annotate(
                "",
                xy=(x, v),
                xycoords=head,
                xytext=(x, v),
                textcoords="data",
                arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 1.3},
                gid="unbounded",
            )
            kinds.add("arrow")
        if annotate and i not in repeat:
            value_labels.append(
                (x, v, _QUALIFIER_PREFIX.get(q, "") + _compact(v, unit), color, math.isfinite(hi))
            )
    xs = [xpos[i] for i in dated]
    lo_x, hi_x = min(xs) - 1.0, max(xs) + 1.0
    ax.set_xlim(lo_x, hi_x)
    _year_axis(ax, xs)
    fmax = 0.0
    if finite.size:
        fmin, fmax = float(finite.min()), float(finite.max())
        pad = 0.25 * (fmax - fmin) if fmax > fmin else 0.25 * max(abs(fmax), 1.0)
        ax.set_ylim(fmin - pad, fmax + 1.4 * pad)
    evs = [e for e in _event_objects(events) if lo_x <= _decimal_year(e.date) <= hi_x]
    boxes = _draw_event_lines(ax, [(_decimal_year(e.date), e) for e in evs], label_events=True)
    points = [(xpos[i], float(values[i])) for i in dated]
    _place_value_labels(ax, value_labels, obstacles=boxes, points=points)
    _labels(ax, y=axis_label(data[name], width=40))
    ax.set_xlabel("time [year; claims at the middle of their reference period]")
    title = str(name)
    if undated:
        title += f"  ({undated} undated claim(s) not shown)"
    ax.set_title(title, fontsize=9)
    _claim_axis_format(ax, unit, fmax)
    handles = [h for h in ax.get_lines() if not str(h.get_label()).startswith("_")]
    handles += _claim_legend(kinds)
    ax.legend(handles=handles, loc="best", fontsize=7, frameon=False)
    return ax


def _place_value_labels(
    ax: Axes,
    labels: list[tuple[float, float, str, str, bool]],
    fontsize: float = 7.0,
    *,
    obstacles: Sequence[tuple[float, float, float, float]] = (),
    points: Sequence[tuple[float, float]] = (),
) -> None:
    """Write value labels beside their points where they overlap no label placed before.

    Each label ``(x, y, text, colour, bounded_above)`` is tried right of its point, then
    above, below and left of it; one that overlaps an earlier label, a marker at
    ``points``, a box in ``obstacles`` (event labels; points from the axes' lower left
    corner) or leaves the axes in every place is left out.
    Needs the final axis limits: call it after they are set.
    """
    fig = cast(Any, ax.figure)
    to_pt = 72.0 / float(fig.dpi)
    box = ax.get_window_extent()  # the axes in display pixels, known without drawing
    x_ax, y_ax = box.x0 * to_pt, box.y0 * to_pt
    w_ax, h_ax = box.width * to_pt, box.height * to_pt
    taken: list[tuple[float, float, float, float]] = list(obstacles)
    for x, y in points:  # the markers themselves, about 6 points across
        px, py = ax.transData.transform((x, y))
        px, py = px * to_pt - x_ax, py * to_pt - y_ax
        taken.append((px - 3.5, py - 3.5, px + 3.5, py + 3.5))
    height = 1.2 * fontsize
    for x, y, text, color, bounded in labels:
        px, py = ax.transData.transform((x, y))
        px, py = px * to_pt - x_ax, py * to_pt - y_ax
        width = text_width_pt(text, fontsize)
        # Offsets (points) of the label's lower-left corner from its point: right, then
        # above (not where an arrow points up), below, left.
        tries = [(5.0, -height / 2), (-width / 2, 6.0), (-width / 2, -6.0 - height)]
        tries.append((-5.0 - width, -height / 2))
        if not bounded:
            tries = [t for t in tries if t[1] <= 0] + [(5.0, 14.0)]
        for dx, dy in tries:
            a, b = px + dx, py + dy
            rect = (a, b, a + width, b + height)
            inside = a >= 0 and b >= 0 and rect[2] <= w_ax and rect[3] <= h_ax
            free = all(
                rect[2] <= r[0] or rect[0] >= r[2] or rect[3] <= r[1] or rect[1] >= r[3]
                for r in taken
            )
            if inside and free:
                taken.append(rect)
                ax.annotate(
                    text,
                    xy=(x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    va="bottom",
                    ha="left",
                    fontsize=fontsize,
                    color=color,
                    gid="value_label",
                )
                break


def _claim_legend(kinds: set[str]) -> list[Any]:
    from matplotlib.lines import Line2D

    entries: list[tuple[str, dict[str, Any], str]] = [
        ("stated", {"marker": "o", "color": _OBSERVED}, "stated value"),
        ("open", {"marker": "o", "color": _OBSERVED, "fillstyle": "none"}, "bound excluded"),
        ("arrow", {"marker": "$\\uparrow$", "color": _OBSERVED}, "no bound on that side"),
        ("target", {"marker": "*", "color": _TARGET, "markersize": 9}, "target (a plan)"),
        ("derived", {"marker": "D", "color": _DERIVED, "markersize": 5}, "derived from claims"),
    ]
    return [
        Line2D([], [], linestyle="none", label=label, **style)
        for key, style, label in entries
        if key in kinds
    ]


def _claim_axis_format(ax: Axes, unit: str, top: float) -> None:
    """Tick labels in the claim's terms: percentages for shares, 'bn'/'trn' for amounts."""
    from matplotlib.ticker import FuncFormatter

    if unit in ("1", "growth_rate") or (unit in ("CNY", "USD") and abs(top) >= 1e6):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _compact(v, unit)))
    elif unit.startswith("count:") and abs(top) >= 1e6:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _compact(v, unit)))


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
