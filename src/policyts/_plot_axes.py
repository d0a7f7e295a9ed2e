"""Axes-level pieces shared by the figures of :mod:`policyts.plotting` and the overview grid:
the axes to draw into, ``long_name [units]`` labels, year axes, saving a figure, and policy
events placed on a time axis.  The public names are re-exported by :mod:`policyts.plotting`;
import them from there."""

from __future__ import annotations

import datetime as dt
import textwrap
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from policyts._plot_text import (
    EVENT,
    FITTED,
    OBSERVED,
    fit_label,
    text_props,
    text_width_pt,
    unit_words,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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
