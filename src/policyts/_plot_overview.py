"""The figure-level overview: small multiples of several series, their events and regimes.

Kept apart from :mod:`policyts.plotting` (which re-exports :func:`overview`) so each file
stays readable; it draws each panel with the axes-level functions that module re-exports
(from :mod:`policyts._plot_results` and :mod:`policyts._plot_axes`).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from policyts._plot_axes import events_on_axis
from policyts._plot_results import regimes, timeseries
from policyts._plot_text import EVENT, FITTED, OBSERVED, text_props, unit_words


def _panel(item: Any) -> tuple[Any, Any, str | None, Any]:
    """``(series, BaiPerron or None, title or None, events or None)`` from one item."""
    from policyts.models import BaiPerron

    if isinstance(item, Mapping):
        unknown = set(item) - {"y", "bai_perron", "title", "events"}
        if unknown or "y" not in item:
            raise ValueError(
                "an overview panel given as a mapping needs 'y' and may have 'bai_perron', "
                f"'title' and 'events'; got keys {sorted(map(str, item))}"
            )
        bp = item.get("bai_perron")
        if bp is not None and not isinstance(bp, BaiPerron):
            raise ValueError(f"'bai_perron' must be a BaiPerron result, not {type(bp).__name__}")
        return item["y"], bp, item.get("title"), item.get("events")
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], BaiPerron):
        return item[0], item[1], None, None
    if isinstance(item, BaiPerron):
        raise ValueError(
            "a BaiPerron result alone cannot be drawn: give (y, result) or "
            "{'y': y, 'bai_perron': result}"
        )
    return item, None, None, None


def overview(
    panels: Sequence[Any],
    *,
    events: Iterable[Any] = (),
    ncols: int = 3,
    panel_size: tuple[float, float] = (3.2, 2.1),
    fig: Any = None,
) -> Any:
    """Small multiples: one panel per series with its events and fitted regimes.

    Parameters
    ----------
    panels : sequence
        One item per panel, each one of: a series (xarray.DataArray or pandas.Series,
        drawn with :func:`policyts.plotting.timeseries`); a pair ``(y, result)`` with a
        :class:`~policyts.models.BaiPerron` result estimated on ``y`` (drawn with
        :func:`policyts.plotting.regimes`); or a mapping with ``"y"`` and optionally
        ``"bai_perron"``, ``"title"`` and ``"events"`` (that panel's own events).
    events : iterable of str or Event
        Events for every panel without its own; each panel marks those whose first
        affected period lies within its series (:func:`policyts.plotting.events_on_axis`).
    ncols : int
        Panels per row (fewer when there are fewer panels).
    panel_size : (float, float)
        Width and height of one panel in inches.
    fig : matplotlib.figure.Figure, optional
        Figure to draw into (emptied first); by default a new ``Figure`` (not registered
        with pyplot, so nothing needs closing).

    Returns
    -------
    matplotlib.figure.Figure
        With one axes per panel, in the order given, titled by the series' ``long_name``
        (or the mapping's ``"title"``); the y label carries the units in words. One
        legend, below the grid, explains the line styles.

    Raises
    ------
    ValueError
        For no panels, ``ncols < 1``, a malformed panel, or a result that does not match
        its series (as :func:`policyts.plotting.regimes`).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from policyts.plotting import overview
    >>> rng = np.random.default_rng(0)
    >>> a = pd.Series(rng.normal(size=20), index=range(2001, 2021), name="a")
    >>> b = pd.Series(rng.normal(size=20), index=range(2001, 2021), name="b")
    >>> fig = overview([a, b], ncols=2, fig=Figure())
    >>> type(fig).__name__, len(fig.axes)
    ('Figure', 2)
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from policyts._series import as_series

    items = [_panel(p) for p in panels]
    if not items:
        raise ValueError("overview() needs at least one series to draw")
    if int(ncols) != ncols or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    common = list(events)
    cols = min(int(ncols), len(items))
    rows = math.ceil(len(items) / cols)
    size = (panel_size[0] * cols, panel_size[1] * rows + 0.45)
    if fig is None:
        fig = Figure(figsize=size)
    else:
        fig.clear()
        fig.set_size_inches(*size)
    # Fixed margins (in inches, so any grid looks alike) rather than a layout engine.
    w, h = size
    fig.subplots_adjust(
        left=0.55 / w,
        right=1 - 0.1 / w,
        bottom=0.5 / h,
        top=1 - 0.32 / h,
        wspace=0.62 / max(panel_size[0] - 0.62, 0.5),
        hspace=0.62 / max(panel_size[1] - 0.62, 0.5),
    )
    axes = fig.subplots(rows, cols, squeeze=False)
    any_regimes = False
    for k, (y, bp, title, own) in enumerate(items):
        ax = axes[k // cols][k % cols]
        evs = common if own is None else list(own)
        s = as_series(y, allow_nan=True)
        labels = [s.label(i) for i in range(s.n)]
        shown = events_on_axis(evs, labels) if evs else []
        if bp is not None:
            regimes(bp, y=y, ax=ax, events=shown, markersize=2)
            any_regimes = True
            ax.set_xlabel("")
        else:
            timeseries(y, ax=ax, events=shown, markersize=2)
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
        attrs = dict(getattr(y, "attrs", {}) or {})
        name = str(title or attrs.get("long_name") or s.name)
        # About 17 characters of 7.5-point text per inch of axes; two lines at most.
        lines = textwrap.wrap(name, max(int((panel_size[0] - 0.55) * 17), 12))
        text = "\n".join(lines[:2]) + ("\u2026" if len(lines) > 2 else "")
        ax.set_title(text, fontsize=7.5, loc="left", **text_props(text))
        units = attrs.get("units")
        ylab = unit_words(units, name) if units not in (None, "") else ""
        ax.set_ylabel(ylab, fontsize=7, **text_props(ylab))
        ax.set_xlabel("")
        ax.tick_params(labelsize=6.5)
    for k in range(len(items), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    handles = [Line2D([], [], color=OBSERVED, marker="o", markersize=2, label="observed")]
    if any_regimes:
        handles.append(Line2D([], [], color=FITTED, linewidth=2, label="fitted regimes"))
    handles.append(
        Line2D([], [], color=EVENT, linestyle=":", label="event (first affected period)")
    )
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=len(handles),
        fontsize=7,
        frameon=False,
        bbox_to_anchor=(0.5, 0.0),
    )
    return fig
