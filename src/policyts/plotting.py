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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from policyts._plot_axes import (
    _DERIVED,
    _OBSERVED,
    _TARGET,
    _axes,
    _decimal_year,
    _draw_event_lines,
    _event_objects,
    _labels,
    _year_axis,
    axis_label,
    events_on_axis,
    mark_events,
    save_figure,
)
from policyts._plot_overview import overview
from policyts._plot_results import counterfactual, cusum, f_path, regimes, timeseries
from policyts._plot_text import (
    cjk_font,
    font_family,
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
