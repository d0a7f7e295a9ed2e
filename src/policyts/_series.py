"""Input coercion and validation for one time series on a single regular time axis.

Every public entry point (datasets loaders, models, CLI) passes user input through
:func:`as_series` so that bad input fails early with a ``ValueError`` that names the
problem, instead of a traceback from deep inside numpy or a silently wrong number.

Accepted inputs are a 1-D numpy array (time labels are positions 0..n-1), a pandas
Series (labels from its index) or a 1-D xarray DataArray (labels from its only
dimension's coordinate, or positions when it has none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Series1D", "as_series", "infer_frequency", "as_exog"]


@dataclass(frozen=True)
class Series1D:
    """A validated series: float values, their time labels, frequency and metadata.

    Attributes
    ----------
    values : numpy.ndarray
        Float64 values, one per time label.
    labels : pandas.Index
        Time labels, strictly increasing and unique.
    freq : str
        ``"year"`` for integer year labels, ``"position"`` for labels 0..n-1 of a bare
        array, otherwise a pandas frequency alias (``"M"``, ``"Q"``, ``"D"`` ...).
    name : str
        Name of the series (used in messages and output).
    dim : str
        Name of the time dimension (``"time"`` unless the input said otherwise).
    attrs : dict
        Metadata carried over from the input (xarray attrs, pandas ``Series.attrs``).
    """

    values: np.ndarray
    labels: pd.Index
    freq: str
    name: str = "y"
    dim: str = "time"
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.values.shape[0])

    def label(self, i: int) -> Any:
        """Return time label ``i`` as a plain Python scalar (int, str or Timestamp)."""
        return _plain(self.labels[i])

    def position(self, label: Any) -> int:
        """0-based position of ``label``; ``ValueError`` naming the label if absent."""
        try:
            loc = self.labels.get_loc(_match_label(label, self.labels))
        except (KeyError, TypeError, ValueError):
            raise ValueError(
                f"time label {label!r} is not in the series {self.name!r} "
                f"(labels run from {self.label(0)!r} to {self.label(self.n - 1)!r})"
            ) from None
        if not isinstance(loc, int | np.integer):
            raise ValueError(f"time label {label!r} does not identify a single period")
        return int(loc)


def _plain(x: Any) -> Any:
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, pd.Period):
        return str(x)
    if isinstance(x, np.datetime64):
        return pd.Timestamp(x)
    return x


def _match_label(label: Any, labels: pd.Index) -> Any:
    if isinstance(labels, pd.PeriodIndex):
        return pd.Period(label, freq=labels.freqstr)
    if isinstance(labels, pd.DatetimeIndex):
        return pd.Timestamp(label)
    if pd.api.types.is_integer_dtype(labels.dtype):
        if isinstance(label, str) and label.strip().lstrip("-").isdigit():
            return int(label)
        if isinstance(label, float) and float(label).is_integer():
            return int(label)
    return label


def infer_frequency(labels: pd.Index, *, name: str = "y") -> str:
    """Return the frequency of ``labels`` or raise ``ValueError`` if it is not regular.

    Integer labels must be consecutive (years, or positions); datetime labels must have
    one pandas frequency; period labels carry theirs.
    """
    n = len(labels)
    if isinstance(labels, pd.PeriodIndex):
        freqstr = labels.freqstr
        if n > 1 and not (np.diff(labels.asi8) == 1).all():
            raise ValueError(
                f"series {name!r} has gaps in its {freqstr} periods; missing periods must be "
                "present with NaN values, never skipped"
            )
        return str(freqstr)
    if isinstance(labels, pd.DatetimeIndex):
        if n < 3:
            return "D" if n < 2 else _two_point_freq(labels)
        freq = _infer_freq(labels)
        if freq is None:
            raise ValueError(
                f"series {name!r} mixes frequencies or has irregular dates "
                f"({labels[0].date()} .. {labels[-1].date()}); give one regular time axis"
            )
        return str(freq)
    if pd.api.types.is_integer_dtype(labels.dtype):
        if n > 1:
            steps = np.diff(labels.to_numpy())
            if not (steps == 1).all():
                bad = int(np.flatnonzero(steps != 1)[0])
                raise ValueError(
                    f"series {name!r} is not on a regular yearly axis: label "
                    f"{_plain(labels[bad])!r} is followed by {_plain(labels[bad + 1])!r}; "
                    "missing years must be "
                    "present with NaN values, never skipped"
                )
        first = int(labels[0]) if n else 0
        return "year" if 1000 <= first <= 3000 else "position"
    raise ValueError(
        f"series {name!r} has time labels of type {labels.dtype}; use integer years, "
        "dates or pandas periods"
    )


def _infer_freq(labels: pd.DatetimeIndex) -> str | None:
    """``pd.infer_freq`` as a frequency string, without pandas' deprecation warning about
    its future return type."""
    try:
        with pd.option_context("future.infer_freq_returns_offset", False):
            return pd.infer_freq(labels)
    except (KeyError, pd.errors.OptionError):  # pandas without that option
        return pd.infer_freq(labels)


def _two_point_freq(labels: pd.DatetimeIndex) -> str:
    days = (labels[1] - labels[0]).days
    if 365 <= days <= 366:
        return "YS" if labels[0].is_year_start else "YE"
    return "D"


def _check_labels(labels: pd.Index, name: str) -> None:
    if labels.hasnans:
        raise ValueError(f"series {name!r} has missing time labels")
    if labels.has_duplicates:
        dup = labels[labels.duplicated()][0]
        raise ValueError(f"series {name!r} has duplicate time label {_plain(dup)!r}")
    if not labels.is_monotonic_increasing:
        pos = int(np.flatnonzero(np.diff(np.arange(len(labels))[labels.argsort()]) < 0)[0])
        raise ValueError(
            f"series {name!r} has unsorted time labels (first out of order near "
            f"{_plain(labels[pos])!r}); sort it by time first"
        )


def _to_float(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype == object:
        converted = pd.to_numeric(pd.Series(arr.ravel()), errors="coerce").to_numpy()
        bad = np.flatnonzero(pd.isna(converted) & ~pd.isna(pd.Series(arr.ravel())).to_numpy())
        if bad.size:
            raise ValueError(
                f"series {name!r} has a non-numeric value {arr.ravel()[bad[0]]!r} "
                f"at position {int(bad[0])}"
            )
        arr = converted.reshape(arr.shape)
    if arr.dtype.kind in "bOSUV" or arr.dtype.kind == "M":
        raise ValueError(f"series {name!r} is not numeric (dtype {arr.dtype})")
    if arr.dtype.kind == "c":
        raise ValueError(f"series {name!r} is complex; give real values")
    return arr.astype(np.float64)


def as_series(
    data: Any,
    *,
    name: str | None = None,
    allow_nan: bool = False,
    min_obs: int = 1,
) -> Series1D:
    """Validate one time series and return it as a :class:`Series1D`.

    Parameters
    ----------
    data : array_like, pandas.Series or xarray.DataArray
        One-dimensional series. Lists and numpy arrays get positional labels 0..n-1.
    name : str, optional
        Name used in error messages; defaults to the input's own name or ``"y"``.
    allow_nan : bool
        If False (default) a NaN anywhere raises ``ValueError``: nothing is dropped
        silently. If True, NaN values are kept as they are.
    min_obs : int
        Minimum number of observations.

    Raises
    ------
    ValueError
        For an empty series, non-numeric values, more than one dimension, duplicate or
        unsorted time labels, gaps or mixed frequencies in the time axis, NaN when not
        allowed, or fewer than ``min_obs`` observations.
    """
    attrs: dict[str, Any] = {}
    dim = "time"
    if hasattr(data, "dims") and hasattr(data, "coords"):  # xarray.DataArray
        if data.ndim != 1:
            raise ValueError(
                f"expected a 1-D series, got a DataArray with dims {tuple(data.dims)}; "
                "use the xarray accessor or pass one series at a time"
            )
        dim = str(data.dims[0])
        nm = name or (str(data.name) if data.name is not None else "y")
        labels = (
            data.indexes[dim] if dim in data.indexes else pd.RangeIndex(data.sizes[dim], name=dim)
        )
        values = data.values
        attrs = {str(k): v for k, v in data.attrs.items()}
    elif isinstance(data, pd.DataFrame):
        if data.shape[1] != 1:
            raise ValueError(
                f"expected one series, got a DataFrame with {data.shape[1]} columns "
                f"{list(data.columns)[:5]}; select the column to analyse"
            )
        return as_series(data.iloc[:, 0], name=name, allow_nan=allow_nan, min_obs=min_obs)
    elif isinstance(data, pd.Series):
        nm = name or (str(data.name) if data.name is not None else "y")
        labels = data.index
        if isinstance(labels, pd.MultiIndex):
            raise ValueError(f"series {nm!r} has a MultiIndex; give one time axis")
        dim = str(labels.name) if labels.name is not None else "time"
        values = data.to_numpy()
        attrs = {str(k): v for k, v in data.attrs.items()}
    else:
        nm = name or "y"
        values = np.asarray(data)
        if values.ndim != 1:
            raise ValueError(
                f"expected a 1-D series, got an array of shape {values.shape}; "
                "pass one series at a time or use the xarray interface"
            )
        labels = pd.RangeIndex(values.shape[0], name="time")
    if len(values) == 0:
        raise ValueError(f"series {nm!r} is empty")
    labels = pd.Index(labels)
    if labels.dtype == object or isinstance(labels.dtype, pd.StringDtype):
        # Text labels: object dtype, or pandas' string dtype (the default for text in
        # pandas 3).
        labels = _parse_object_labels(labels, nm)
    _check_labels(labels, nm)
    freq = infer_frequency(labels, name=nm)
    arr = _to_float(values, nm)
    if not allow_nan:
        nan_pos = np.flatnonzero(~np.isfinite(arr))
        if nan_pos.size:
            where = ", ".join(repr(_plain(labels[i])) for i in nan_pos[:5])
            raise ValueError(
                f"series {nm!r} has {nan_pos.size} missing or non-finite value(s) at {where}; "
                "the analysis never drops or fills them silently: select a sub-period "
                "without gaps (or fill them yourself) and say so"
            )
    if arr.shape[0] < min_obs:
        raise ValueError(
            f"series {nm!r} has {arr.shape[0]} observations; at least {min_obs} needed"
        )
    return Series1D(values=arr, labels=labels, freq=freq, name=nm, dim=dim, attrs=attrs)


def _parse_object_labels(labels: pd.Index, name: str) -> pd.Index:
    """Turn string labels ("1999", "2020-03", "2021Q1") into years or periods."""
    as_str = pd.Index(np.asarray(labels.astype(str), dtype=object), dtype=object)
    # Integers of up to 18 digits fit in int64: years or period numbers of any length.
    if as_str.str.fullmatch(r"[+-]?\d{1,18}").all():
        return pd.Index(as_str.str.lstrip("+").astype(np.int64), name=labels.name)
    for freq in ("Q", "M", "D"):
        try:
            parsed = pd.PeriodIndex(as_str, freq=freq, name=labels.name)
        except (ValueError, TypeError, OverflowError):
            continue
        if (parsed.astype(str) == as_str).all() or freq == "D":
            return parsed
    raise ValueError(
        f"series {name!r} has time labels that do not parse as years, months, quarters or "
        f"dates (first: {as_str[0]!r})"
    )


def as_exog(exog: Any, y: Series1D, *, name: str = "exog") -> tuple[np.ndarray, list[str]]:
    """Validate regressors against the series ``y`` and return ``(X, names)``.

    ``exog`` may be a 1-D or 2-D array (rows = time), a pandas Series/DataFrame (aligned
    on ``y``'s labels; a mismatch raises) or an xarray DataArray/Dataset.
    """
    if exog is None:
        return np.empty((y.n, 0)), []
    if hasattr(exog, "data_vars"):  # xarray.Dataset
        exog = exog.to_dataframe()
    elif hasattr(exog, "dims") and hasattr(exog, "coords"):
        exog = exog.to_pandas()
    if isinstance(exog, pd.Series):
        exog = exog.to_frame(name=exog.name if exog.name is not None else "x1")
    if isinstance(exog, pd.DataFrame):
        idx = exog.index
        if isinstance(y.labels, pd.RangeIndex) and isinstance(idx, pd.RangeIndex):
            pass
        elif len(idx) != y.n or not (pd.Index(idx).astype(str) == y.labels.astype(str)).all():
            raise ValueError(
                f"{name} is not aligned with the time labels of {y.name!r}: "
                f"{name} has {len(idx)} rows, the series {y.n}; align them first"
            )
        names = [str(c) for c in exog.columns]
        arr = _to_float(exog.to_numpy(), name)
    else:
        arr = _to_float(exog, name)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise ValueError(f"{name} must be 1-D or 2-D (time x regressors), got {arr.ndim}-D")
        names = [f"x{j + 1}" for j in range(arr.shape[1])]
    if arr.shape[0] != y.n:
        raise ValueError(f"{name} has {arr.shape[0]} rows but the series {y.name!r} has {y.n}")
    if not np.isfinite(arr).all():
        row = int(np.flatnonzero(~np.isfinite(arr).all(axis=1))[0])
        raise ValueError(f"{name} has a missing or non-finite value at {y.label(row)!r}")
    return arr, names
