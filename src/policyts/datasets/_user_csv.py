"""Read a user's CSV file of time series into an :class:`xarray.Dataset`, strictly.

A file is accepted only if every selected value is a number or empty, the time column is
one frequency (years, quarters, months or ISO dates), sorted, unique and without gaps.
Every failure is a ``ValueError`` that names the file, the column and the line.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from policyts._series import as_series

__all__ = ["read_csv", "MISSING_TOKENS"]

#: Cell contents read as a missing value (NaN). Anything else must parse as a number.
MISSING_TOKENS = frozenset({"", "NA", "NaN", "nan"})

_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("year", re.compile(r"[+-]?\d{1,4}")),
    ("quarter", re.compile(r"\d{4}-?[Qq][1-4]")),
    ("month", re.compile(r"\d{4}-\d{2}")),
    ("date", re.compile(r"\d{4}-\d{2}-\d{2}")),
)


def _label_format(label: str) -> str | None:
    for fmt, pattern in _FORMATS:
        if pattern.fullmatch(label):
            return fmt
    return None


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path.name}: is not UTF-8 text ({exc.reason} at byte {exc.start}); "
            "save it as UTF-8 CSV"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if not row:  # a blank line holds no data
                continue
            cells = [c.strip() for c in row]
            if header is None:
                header = cells
            else:
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise ValueError(f"{path.name}: line {reader.line_num} is not valid CSV ({exc})") from None
    if header is None:
        raise ValueError(f"{path.name}: the file is empty; it needs a header row and data rows")
    return header, rows


def _check_header(header: list[str], path: Path) -> None:
    for j, name in enumerate(header):
        if name == "":
            raise ValueError(f"{path.name}: column {j + 1} of the header has no name; name it")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise ValueError(f"{path.name}: column name {name!r} appears twice in the header")
        seen.add(name)


def _select(header: list[str], time: str, columns: list[str] | None, path: Path) -> list[str]:
    available = ", ".join(repr(h) for h in header)
    if time not in header:
        raise ValueError(
            f"{path.name}: time column {time!r} not found; available columns: {available}"
        )
    if columns is None:
        chosen = [h for h in header if h != time]
    else:
        if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
            raise ValueError("columns must be a list of column names (strings)")
        chosen = list(columns)
        for col in chosen:
            if col not in header:
                raise ValueError(
                    f"{path.name}: column {col!r} not found; available columns: {available}"
                )
        if time in chosen:
            raise ValueError(f"{path.name}: {time!r} is the time column; do not list it in columns")
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"{path.name}: columns lists a column more than once: {chosen}")
    if not chosen:
        raise ValueError(f"{path.name}: no value columns besides the time column {time!r}")
    return chosen


def _parse_time(labels: list[str], lines: list[int], time: str, path: Path) -> pd.Index:
    formats: list[str] = []
    for label, line in zip(labels, lines, strict=True):
        if label == "":
            raise ValueError(
                f"{path.name}: line {line} has an empty time label in column {time!r}; "
                "every row needs one"
            )
        fmt = _label_format(label)
        if fmt is None:
            raise ValueError(
                f"{path.name}: time label {label!r} on line {line} is not a year (2015), "
                "quarter (2015Q1), month (2015-03) or ISO date (2015-03-31)"
            )
        formats.append(fmt)
    first = formats[0]
    for fmt, label, line in zip(formats, labels, lines, strict=True):
        if fmt != first:
            raise ValueError(
                f"{path.name}: the time column {time!r} mixes frequencies: {labels[0]!r} "
                f"(line {lines[0]}) is a {first} but {label!r} (line {line}) is a {fmt}; "
                "use one frequency"
            )
    if first == "year":
        return pd.Index([int(x) for x in labels], dtype=np.int64, name=time)
    if first == "date":
        parsed = [pd.to_datetime(x, format="%Y-%m-%d", errors="coerce") for x in labels]
    else:
        freq = "Q" if first == "quarter" else "M"
        norm = [x.upper().replace("-Q", "Q") if first == "quarter" else x for x in labels]
        parsed = [_period_or_nat(x, freq) for x in norm]
    for p_, label, line in zip(parsed, labels, lines, strict=True):
        if pd.isna(p_):
            raise ValueError(f"{path.name}: {label!r} on line {line} is not a valid {first}")
    if first == "date":
        return pd.DatetimeIndex(parsed, name=time)
    return pd.PeriodIndex(parsed, name=time)


def _period_or_nat(label: str, freq: str) -> Any:
    try:
        return pd.Period(label, freq=freq)
    except ValueError:
        return pd.NaT


def _check_order(index: pd.Index, lines: list[int], time: str, path: Path) -> None:
    first_line: dict[Any, int] = {}
    for k, line in zip(index, lines, strict=True):
        if k in first_line:
            raise ValueError(
                f"{path.name}: duplicate time label {str(k)!r} in column {time!r} on lines "
                f"{first_line[k]} and {line}; each period must appear once"
            )
        first_line[k] = line
    for i in range(1, len(index)):
        if index[i] < index[i - 1]:
            raise ValueError(
                f"{path.name}: time labels in column {time!r} are not sorted: "
                f"{str(index[i])!r} on line {lines[i]} comes after {str(index[i - 1])!r}; "
                "sort the file by time"
            )
    # Years and periods must be consecutive; irregular dates are left to as_series.
    if isinstance(index, pd.PeriodIndex):
        steps = np.diff(index.asi8)
    elif pd.api.types.is_integer_dtype(index.dtype):
        steps = np.diff(index.to_numpy())
    else:
        return
    gaps = np.flatnonzero(steps != 1)
    if gaps.size:
        i = int(gaps[0])
        raise ValueError(
            f"{path.name}: time label {str(index[i])!r} on line {lines[i]} is followed by "
            f"{str(index[i + 1])!r} on line {lines[i + 1]}; missing periods (years) must be "
            "present as rows with empty cells (NaN), never skipped"
        )


def _parse_values(
    rows: list[tuple[int, list[str]]], j: int, col: str, labels: list[str], path: Path
) -> np.ndarray:
    out = np.empty(len(rows), dtype=np.float64)
    for i, (line, cells) in enumerate(rows):
        cell = cells[j]
        if cell in MISSING_TOKENS:
            out[i] = np.nan
            continue
        try:
            value = float(cell)
        except ValueError:
            value = None
        if value is None or not np.isfinite(value):
            raise ValueError(
                f"{path.name}: column {col!r} has a non-numeric value {cell!r} on line {line} "
                f"(time {labels[i]!r}); write plain numbers without thousands separators, "
                "units or percent signs, and leave missing values empty"
            )
        out[i] = value
    return out


def read_csv(
    path: str | os.PathLike[str], *, time: str, columns: list[str] | None = None
) -> xr.Dataset:
    """Read time series from a CSV file, refusing anything ambiguous.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file with a header row.
    time : str
        Name of the time column. Labels may be integer years (``2015``), quarters
        (``2015Q1``), months (``2015-03``) or ISO dates (``2015-03-31``), one format per
        file.
    columns : list of str, optional
        Value columns to read; all columns except ``time`` by default. With the default
        every other column must be numeric, so no column is left out unannounced.

    Returns
    -------
    xarray.Dataset
        One float64 variable per value column over one dimension, named ``year`` when the
        time column is called ``year`` (its labels must then be integer years) and ``time``
        otherwise. The coordinate holds integer years, quarter or month labels as strings
        (``"2015Q1"``, ``"2015-03"``, which :func:`policyts._series.as_series` parses back
        into periods) or ``datetime64`` dates. Empty cells and the tokens ``NA``, ``NaN``,
        ``nan`` become NaN; nothing is filled or dropped. ``attrs`` record the file, the
        time column and the frequency.

    Raises
    ------
    ValueError
        If the file is missing or empty, has no data rows, a column is missing (the message
        lists the available ones), a header name is empty or repeated, a row has the wrong
        number of fields, a time label is empty, unparseable, duplicated or out of order,
        the time axis mixes frequencies or has a gap (missing periods must be present as
        rows with empty cells), or a value is not a number (the message names the column
        and the line).

    Notes
    -----
    After the line-level checks each column goes through
    :func:`policyts._series.as_series` (``allow_nan=True``), the same validation the models
    apply, so a file that loads here is accepted by them up to its NaN values.

    Examples
    --------
    >>> ds = read_csv("applications.csv", time="year")  # doctest: +SKIP
    >>> ds["resident"].sel(year=2016)  # doctest: +SKIP
    """
    p = Path(path)
    if not p.exists():
        raise ValueError(f"CSV file {str(p)!r} does not exist; check the path")
    if p.is_dir():
        raise ValueError(f"{str(p)!r} is a directory, not a CSV file")
    if not isinstance(time, str) or time == "":
        raise ValueError("time must be the name of the time column (a non-empty string)")
    header, rows = _read_rows(p)
    _check_header(header, p)
    chosen = _select(header, time, columns, p)
    if not rows:
        raise ValueError(f"{p.name}: the file has a header but no data rows")
    for line, cells in rows:
        if len(cells) != len(header):
            raise ValueError(
                f"{p.name}: line {line} has {len(cells)} fields but the header has "
                f"{len(header)}; every row needs one cell per column (empty for missing)"
            )
    lines = [line for line, _ in rows]
    t = header.index(time)
    labels = [cells[t] for _, cells in rows]
    index = _parse_time(labels, lines, time, p)
    dim = "year" if time == "year" else "time"
    if dim == "year" and not pd.api.types.is_integer_dtype(index.dtype):
        raise ValueError(
            f"{p.name}: the column 'year' must hold integer years, got {labels[0]!r} on line "
            f"{lines[0]}; rename the column if it holds quarters, months or dates"
        )
    _check_order(index, lines, time, p)
    data: dict[str, Any] = {}
    freq = ""
    for col in chosen:
        values = _parse_values(rows, header.index(col), col, labels, p)
        try:
            # Keep infer_freq's string result under pandas 3 (it warns about a change).
            with pd.option_context("future.infer_freq_returns_offset", False):
                series = as_series(
                    pd.Series(values, index=index.rename(dim)), name=col, allow_nan=True
                )
        except ValueError as exc:
            raise ValueError(f"{p.name}: {exc}") from None
        freq = series.freq
        data[col] = (dim, values, {"long_name": col, "source": f"user file {p.name}"})
    # Periods are stored as their labels ("2015Q1", "2015-03"): xarray has no period dtype,
    # and as_series parses these labels back into periods.
    coord = index.astype(str).to_numpy() if isinstance(index, pd.PeriodIndex) else index.to_numpy()
    ds = xr.Dataset(data, coords={dim: (dim, coord, {"long_name": time})})
    ds.attrs = {"source_file": str(p), "time_column": time, "frequency": freq}
    return ds
