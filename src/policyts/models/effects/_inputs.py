"""Event alignment, estimation windows, control series and confounding events.

Everything here turns what the user gave (a series, an event, controls) into positions on
the series' own time axis, or raises a ``ValueError`` that names the problem.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from policyts import events as _events
from policyts._series import Series1D, as_series

__all__ = [
    "MIN_PRE",
    "Alignment",
    "align_event",
    "as_controls",
    "confounder_warnings",
    "label_text",
]

MIN_PRE = 3
"""Fewest pre-period observations any effect model accepts."""

ROLE_PRE, ROLE_POST, ROLE_EXCLUDED = 0, 1, -1


@dataclass(frozen=True)
class Alignment:
    """Where an event falls on a series and which periods each part of the analysis uses.

    Attributes
    ----------
    event_id : str or None
        Catalogue id when the event was given as an id or an :class:`~policyts.events.Event`.
    event_text : str
        How the event is described in output.
    by_rule : int
        Position of the first affected period by the catalogue rule (before anticipation).
    t0 : int
        Position of the first treated period (``by_rule - anticipation``).
    role : numpy.ndarray
        One int8 per period: 0 pre-period (used), 1 post-period (used), -1 excluded.
    exclude : tuple of int
        Periods excluded before and from ``t0``: ``(before, after)``.
    notes : tuple of str
        What the alignment did (imprecise dates, anticipation, exclusions).
    """

    event_id: str | None
    event_text: str
    by_rule: int
    t0: int
    role: np.ndarray
    exclude: tuple[int, int]
    anticipation: int
    rule: str
    notes: tuple[str, ...]

    @property
    def pre(self) -> np.ndarray:
        return np.flatnonzero(self.role == ROLE_PRE)

    @property
    def post(self) -> np.ndarray:
        return np.flatnonzero(self.role == ROLE_POST)

    @property
    def excluded(self) -> np.ndarray:
        return np.flatnonzero(self.role == ROLE_EXCLUDED)

    @property
    def first_out(self) -> int:
        """First position after the last pre-period observation used."""
        return int(self.pre[-1]) + 1


def label_text(x: Any) -> str:
    """A time label as text: ``2017``, ``2017Q2``, ``2017-03``, ``2017-03-31``."""
    if isinstance(x, pd.Timestamp):
        return str(x.date()) if x == x.normalize() else str(x)
    if isinstance(x, np.integer):
        return str(int(x))
    return str(x)


def label_periods(series: Series1D) -> pd.PeriodIndex | None:
    """Each label of ``series`` as a calendar period, or None for positional labels."""
    labels = series.labels
    if series.freq == "position":
        return None
    if series.freq == "year":  # consecutive integer years (checked by as_series)
        return pd.period_range(start=str(int(labels[0])), periods=len(labels), freq="Y-DEC")
    if isinstance(labels, pd.PeriodIndex):
        return labels
    if isinstance(labels, pd.DatetimeIndex):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return pd.DatetimeIndex(labels, freq=series.freq).to_period()
            except (ValueError, TypeError):
                return labels.to_period(series.freq)
    return None


def _position_of_period(
    series: Series1D, first: Any, what: str, periods: pd.PeriodIndex | None = None
) -> int:
    periods = label_periods(series) if periods is None else periods
    if periods is None:  # pragma: no cover - positional series are handled by the caller
        raise ValueError(f"{what}: the series has positional labels")
    p = pd.Period(year=int(first), freq="Y-DEC") if isinstance(first, int) else first
    shown = label_text(first)
    first_label, last_label = label_text(series.label(0)), label_text(series.label(series.n - 1))
    if p.freqstr != periods.freqstr:
        p = p.asfreq(periods.freqstr) if p.freqstr[:1] == periods.freqstr[:1] else p
    hits = np.flatnonzero(periods == p)
    if hits.size:
        return int(hits[0])
    if p < periods[0]:
        raise ValueError(
            f"{what} maps to first treated period {shown}, before the first observation "
            f"{first_label}: there is no pre-period; give a series that starts earlier"
        )
    if p > periods[-1]:
        raise ValueError(
            f"{what} maps to first treated period {shown}, after the last observation "
            f"{last_label}: the post-period has zero length; the series must include at "
            "least one period on or after the first treated period"
        )
    raise ValueError(  # pragma: no cover - regular axes contain every period in range
        f"{what} maps to {shown}, which is not a period of the series ({first_label} .. "
        f"{last_label})"
    )


def _describe(event: Any) -> tuple[str | None, str, Any]:
    """(catalogue id or None, description, the object first_affected_period accepts)."""
    if isinstance(event, _events.Event):
        known = event.id in _events.CATALOGUE
        return (event.id if known else None), f"{event.id} ({event.label}, {event.kind})", event
    if isinstance(event, str) and event.strip() and not event.strip()[:1].isdigit():
        ev = _events.get(event.strip())
        return ev.id, f"{ev.id} ({ev.label}, {ev.kind}): {ev.title}", ev
    if isinstance(event, bool) or event is None:
        raise ValueError(
            f"event must be a catalogue id, a date or a period label of the series, got {event!r}"
        )
    return None, f"date {label_text(event)}", event


def align_event(
    series: Series1D,
    event: Any,
    *,
    rule: str = "majority",
    anticipation: int = 0,
    exclude: tuple[int, int] | None = None,
    allow_imprecise: bool = False,
) -> Alignment:
    """Map ``event`` to the first treated position of ``series`` and split the periods.

    Raises
    ------
    ValueError
        For an unknown event id or an unparseable date, an event before the first or after
        the last observation, a negative anticipation or exclusion, or when an exclusion
        swallows the whole pre- or post-period.
    """
    if isinstance(anticipation, bool) or not isinstance(anticipation, int | np.integer):
        raise ValueError(f"anticipation must be a whole number of periods, got {anticipation!r}")
    if anticipation < 0:
        raise ValueError(f"anticipation must be >= 0 periods, got {anticipation}")
    before, after = _check_exclude(exclude)
    notes: list[str] = []
    event_id, text, target = _describe(event)
    if series.freq == "position":
        if isinstance(target, int | np.integer) and not isinstance(target, bool):
            by_rule = int(target)
            if not 0 <= by_rule < series.n:
                raise ValueError(
                    f"event position {by_rule} is outside the series (positions 0..{series.n - 1})"
                )
            text = f"position {by_rule}"
        else:
            raise ValueError(
                "the series has positional labels (0..n-1): give the event as the position of "
                "the first treated period, or give the series time labels (years, dates or "
                "periods) to use catalogue events and dates"
            )
    else:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", _events.ImpreciseEventDateWarning)
            first = _events.first_affected_period(
                target, series.freq, rule=rule, allow_imprecise=allow_imprecise
            )
        for w in caught:
            if issubclass(w.category, _events.ImpreciseEventDateWarning):
                notes.append(f"imprecise event date: {w.message}")
            else:  # pragma: no cover - other warnings pass through unchanged
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        by_rule = _position_of_period(series, first, f"event {text}")
    t0 = by_rule - int(anticipation)
    if t0 < 0:
        raise ValueError(
            f"anticipation of {anticipation} period(s) moves the first treated period before "
            f"the first observation {label_text(series.label(0))}"
        )
    if anticipation:
        notes.append(
            f"anticipation: treatment starts {anticipation} period(s) before the first "
            f"affected period by rule {rule!r} ({label_text(series.label(by_rule))}), "
            f"i.e. at {label_text(series.label(t0))}"
        )
    role = np.where(np.arange(series.n) >= t0, ROLE_POST, ROLE_PRE).astype(np.int8)
    lo, hi = max(t0 - before, 0), min(t0 + after, series.n)
    role[lo:hi] = ROLE_EXCLUDED
    n_pre = int((role == ROLE_PRE).sum())
    n_post = int((role == ROLE_POST).sum())
    if before or after:
        dropped = ", ".join(label_text(series.label(i)) for i in range(lo, hi)) or "none"
        notes.append(
            f"excluded from estimation ({before} period(s) before and {after} from the first "
            f"treated period): {dropped}"
        )
    if n_post == 0:
        raise ValueError(
            f"the post-period has zero length: the first treated period is "
            f"{label_text(series.label(t0))}, the last observation "
            f"{label_text(series.label(series.n - 1))}"
            + (f", and the exclusion of {after} period(s) from it leaves none" if after else "")
        )
    if n_pre < MIN_PRE:
        raise ValueError(
            f"only {n_pre} pre-period observation(s) before the first treated period "
            f"{label_text(series.label(t0))}; at least {MIN_PRE} are needed: give a series that "
            "starts earlier" + (" or exclude fewer periods" if before else "")
        )
    return Alignment(
        event_id=event_id,
        event_text=text,
        by_rule=by_rule,
        t0=t0,
        role=role,
        exclude=(before, after),
        anticipation=int(anticipation),
        rule=rule,
        notes=tuple(notes),
    )


def _check_exclude(exclude: Any) -> tuple[int, int]:
    if exclude is None:
        return 0, 0
    msg = (
        "exclude must be a pair (before, after) of whole numbers of periods: `before` periods "
        "just before the first treated period and `after` periods from it are dropped from "
        f"estimation; got {exclude!r}"
    )
    if isinstance(exclude, str) or not isinstance(exclude, Sequence) or len(exclude) != 2:
        raise ValueError(msg)
    out = []
    for v in exclude:
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 0:
            raise ValueError(msg)
        out.append(int(v))
    return out[0], out[1]


# --------------------------------------------------------------------------- controls


def as_controls(
    controls: Any, series: Series1D, *, what: str = "controls"
) -> tuple[np.ndarray, list[str]]:
    """Control series aligned on the labels of ``series``: ``(values (n, J), names)``.

    Accepts a pandas DataFrame (index = time, one column per control), a mapping of names
    to series, an xarray Dataset (one variable per control) or a 2-D xarray DataArray with
    the series' time dimension and one other dimension naming the controls.

    Raises
    ------
    ValueError
        When a control misses a period of the series, has a missing value there, is not
        numeric, or is not on a regular time axis.
    """
    if controls is None:
        return np.empty((series.n, 0)), []
    items = _control_items(controls, series, what)
    if not items:
        raise ValueError(f"{what} is empty: give at least one control series or None")
    cols, names = [], []
    for name, obj in items:
        c = as_series(obj, name=name, allow_nan=True)
        cols.append(_align_control(c, series, what))
        names.append(name)
    if len(set(names)) != len(names):
        raise ValueError(f"{what} has duplicate names: {names}")
    return np.column_stack(cols), names


def _control_items(controls: Any, series: Series1D, what: str) -> list[tuple[str, Any]]:
    if hasattr(controls, "data_vars"):  # xarray.Dataset
        return [(str(k), controls[k]) for k in controls.data_vars]
    if hasattr(controls, "dims") and hasattr(controls, "coords"):  # xarray.DataArray
        if controls.ndim == 1:
            return [(str(controls.name) if controls.name is not None else "control", controls)]
        if controls.ndim != 2:
            raise ValueError(
                f"{what} must be 2-D (time x control), got dims {tuple(controls.dims)}"
            )
        tdim = series.dim if series.dim in controls.dims else None
        if tdim is None:
            raise ValueError(
                f"{what} has dims {tuple(controls.dims)} but the series' time dimension is "
                f"{series.dim!r}; give the controls the same time dimension"
            )
        other = next(d for d in controls.dims if d != tdim)
        keys = controls[other].values if other in controls.coords else range(controls.sizes[other])
        return [(str(k), controls.isel({other: i})) for i, k in enumerate(keys)]
    if isinstance(controls, pd.DataFrame):
        return [(str(c), controls[c]) for c in controls.columns]
    if isinstance(controls, pd.Series):
        return [(str(controls.name) if controls.name is not None else "control", controls)]
    if isinstance(controls, Mapping):
        return [(str(k), v) for k, v in controls.items()]
    raise ValueError(
        f"{what} must be a pandas DataFrame, a mapping of names to series, an xarray Dataset "
        f"or a 2-D DataArray (time x control), got {type(controls).__name__}"
    )


def _align_control(c: Series1D, series: Series1D, what: str) -> np.ndarray:
    if c.freq == "position" and series.freq == "position":
        if c.n != series.n:
            raise ValueError(
                f"{what}: control {c.name!r} has {c.n} values but the series has {series.n}"
            )
        values = c.values
    else:
        if c.freq != series.freq:
            raise ValueError(
                f"{what}: control {c.name!r} has frequency {c.freq!r} but the series "
                f"{series.name!r} has {series.freq!r}; give controls on the same time axis"
            )
        cs = pd.Series(c.values, index=[label_text(x) for x in c.labels])
        keys = [label_text(x) for x in series.labels]
        missing = [k for k in keys if k not in cs.index]
        if missing:
            raise ValueError(
                f"{what}: control {c.name!r} has no value for {_span_text(missing)} "
                f"(it covers {label_text(c.label(0))} .. {label_text(c.label(c.n - 1))}); "
                "select the periods that the series and every control share"
            )
        values = cs.loc[keys].to_numpy(dtype=float)
    bad = [label_text(series.label(int(i))) for i in np.flatnonzero(~np.isfinite(values))]
    if bad:
        raise ValueError(
            f"{what}: control {c.name!r} has missing values at {_span_text(bad)}; nothing is "
            "filled silently: select the periods where every control is observed"
        )
    return values


def _span_text(keys: list[str]) -> str:
    if len(keys) <= 4:
        return ", ".join(keys)
    return f"{keys[0]}, {keys[1]}, ..., {keys[-1]} ({len(keys)} periods)"


# --------------------------------------------------------------------------- confounders


def confounder_warnings(
    series: Series1D,
    align: Alignment,
    *,
    window: int = 1,
    jurisdiction: str | None = None,
) -> tuple[list[str], list[str], str]:
    """Warnings naming catalogue events that may confound the effect.

    Two checks: (1) any catalogue event other than the one tested whose date lies within
    ``window`` periods of the first treated period (both sides, that period included);
    (2) any event of kind ``"statistical"`` elsewhere in the sample whose first affected
    period (same rule) falls inside the periods used: the series' definition changes there.

    Returns
    -------
    (warnings, confounder ids, description of the window)
    """
    periods = label_periods(series)
    if periods is None:
        return [], [], "none (positional labels carry no calendar dates)"
    lo_p, hi_p = periods[align.t0] - window, periods[align.t0] + window
    start: dt.date = lo_p.start_time.date()
    end: dt.date = hi_p.end_time.date()
    t0_text = label_text(series.label(align.t0))
    desc = f"{label_text(lo_p if series.freq != 'year' else lo_p.year)} .. " + (
        f"{label_text(hi_p if series.freq != 'year' else hi_p.year)} "
        f"(first treated period {t0_text} +- {window})"
    )
    exclude = (align.event_id,) if align.event_id else ()
    found = [
        e
        for e in _events.events_in_window(start, end, exclude=exclude)
        if _events.concerns(e, jurisdiction)
    ]
    out: list[str] = []
    ids: list[str] = []
    for e in found:
        ids.append(e.id)
        out.append(
            f"confounding event inside the window {desc}: {e.id} ({e.label}, {e.kind}, "
            f"{e.jurisdiction}): {e.title}"
            + ("; a change in how the series is compiled" if e.kind == "statistical" else "")
        )
    used = np.flatnonzero(align.role != ROLE_EXCLUDED)
    for e in _events.all_events():
        if e.kind != "statistical" or e.id in ids or e.id == align.event_id:
            continue
        if not _events.concerns(e, jurisdiction):
            continue
        lo_span, hi_span = e.span
        if hi_span < periods[0].start_time.date() or lo_span > periods[-1].end_time.date():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                first = _events.first_affected_period(
                    e, series.freq, rule=align.rule, allow_imprecise=True
                )
            pos = _position_of_period(series, first, f"event {e.id}", periods)
        except ValueError:
            continue
        if pos not in used or pos == used[0]:
            continue
        part = "pre-period" if pos < align.t0 else "post-period"
        ids.append(e.id)
        out.append(
            f"statistical change inside the estimation sample: {e.id} ({e.label}, "
            f"{e.jurisdiction}) first affects {label_text(series.label(pos))}, in the {part}: "
            f"{e.title}; the series' definition changes there, so a trend fitted across it "
            "mixes two definitions"
        )
    return out, ids, desc
