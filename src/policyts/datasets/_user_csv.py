"""Read a user's CSV file of time series into an :class:`xarray.Dataset`, strictly.

A file is accepted only if every selected value is a number or empty, the time column is
one frequency (integer years or period numbers, quarters, months or ISO dates), sorted,
unique and without gaps. Every failure is a ``ValueError`` that names the file, the column
and the line.

The file is tokenised by Apache Arrow's CSV reader (all cells as text) and every check runs
on whole columns; line numbers, which Arrow does not keep, are recovered only when a
message needs one, by re-reading the file with Python's :mod:`csv` module up to that row.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from policyts._progress import progress
from policyts._series import as_series

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["read_csv", "read_frame", "MISSING_TOKENS"]

#: Cell contents read as a missing value (NaN). Anything else must parse as a number.
MISSING_TOKENS = frozenset({"", "NA", "NaN", "nan"})

# A plain decimal number: optional sign, digits with at most one decimal point, optional
# exponent. No thousands separators, underscores, units, percent signs, hex or "inf".
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"

# Time label formats, tried in this order. Integers are years (2015) or period numbers
# (t = 1, 2, ...); at most 18 digits so that they fit in int64.
_FORMATS: tuple[tuple[str, str], ...] = (
    ("year", r"^[+-]?\d{1,18}$"),
    ("quarter", r"^\d{4}-?[Qq][1-4]$"),
    ("month", r"^\d{4}-\d{2}$"),
    ("date", r"^\d{4}-\d{2}-\d{2}$"),
)
_NOT_A_LABEL = (
    "is not a year (2015), quarter (2015Q1), month (2015-03) or ISO date (2015-03-31), "
    "nor an integer period number (1, 2, 3, ...)"
)

#: Files larger than this show a progress bar while read (when one may be shown at all).
_PROGRESS_BYTES = 32 * 1024 * 1024
_BLOCK_BYTES = 4 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n|$)")
_YEARLIKE = re.compile(r"\s*\"?\s*(1[5-9]\d\d|20\d\d)\s*\"?\s*")


# ------------------------------------------------------------------------------ lines


def _lines(data: bytes, start: int) -> Iterator[tuple[str, int]]:
    """Physical lines of ``data`` from byte ``start``, with their endings (``\\n``,
    ``\\r\\n`` or ``\\r``), each with the byte offset just past it."""
    pos = start
    n = len(data)
    while pos < n:
        m = _LINE.match(data, pos)
        assert m is not None  # the pattern matches the empty string
        end = m.end()
        yield data[pos:end].decode("utf-8"), end
        pos = end


def _records(data: bytes, start: int, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records from byte ``start`` as ``(line, stripped cells)``; ``line`` is
    the physical line (1-based, counting from the start of the file) where the record
    ends, as :attr:`csv.reader.line_num` counts it. ``first_line`` is the number of lines
    before ``start``."""
    reader = csv.reader((text for text, _ in _lines(data, start)))
    for row in reader:
        if row:
            yield first_line + reader.line_num, [c.strip() for c in row]


def _header(data: bytes, start: int) -> tuple[list[str] | None, int, int]:
    """Header cells, the byte offset just past the header record and its last line."""
    offset = start
    pulled = 0

    def feed() -> Iterator[str]:
        nonlocal offset, pulled
        for text, end in _lines(data, start):
            offset = end
            pulled += 1
            yield text

    reader = csv.reader(feed())
    for row in reader:
        if row:
            return [c.strip() for c in row], offset, pulled
    return None, offset, pulled


# ------------------------------------------------------------------------------ hints


def _layout_hint(data: bytes, start: int) -> str:
    """A sentence on why the layout may be wrong (other delimiter, wide table), or ""."""
    try:
        head = data[start : start + 65536].decode("utf-8", errors="replace")
        lines = [ln for ln in head.splitlines()[:30] if ln.strip()]
        if not lines:
            return ""
        first = lines[0]
        for sep, name in ((";", "semicolon (;)"), ("\t", "tab")):
            counts = [ln.count(sep) for ln in lines[:10]]
            if counts[0] > 0 and counts[0] >= first.count(",") and min(counts) > 0:
                return (
                    f"; the file looks {name}-separated (line 1: {first[:80]!r}), but "
                    "policyts reads comma-separated files: save it as CSV with commas, e.g. "
                    f"pandas.read_csv(path, sep={sep!r}).to_csv(new_path, index=False)"
                )
        for i, ln in enumerate(head.splitlines()[:30]):
            cells = next(csv.reader([ln]), [])
            years = [c.strip().strip('"') for c in cells if _YEARLIKE.fullmatch(c)]
            if len(years) >= 3:
                return (
                    f"; the file looks wide: line {i + 1} has "
                    f"{len(years)} columns named like years ({years[0]} .. {years[-1]}), as "
                    "World Bank downloads do; policyts needs one row per period and one "
                    "column per series: drop the metadata lines and reshape it first, e.g. "
                    "pandas.melt(id_vars=[...], var_name='year'), keeping one series per column"
                )
    except Exception:  # a hint must never hide the error it decorates
        return ""
    return ""


# ------------------------------------------------------------------------------ checks


def _check_header(header: list[str], path: Path, hint: str) -> None:
    for j, name in enumerate(header):
        if name == "":
            raise ValueError(
                f"{path.name}: column {j + 1} of the header has no name; name it{hint}"
            )
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise ValueError(f"{path.name}: column name {name!r} appears twice in the header{hint}")
        seen.add(name)


def _select(
    header: list[str], time: str, columns: list[str] | None, path: Path, hint: str
) -> list[str]:
    available = ", ".join(repr(h) for h in header)
    if time not in header:
        raise ValueError(
            f"{path.name}: time column {time!r} not found; available columns: {available}{hint}"
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


class _File:
    """The bytes of the file and where its data records start, for line look-ups."""

    def __init__(self, path: Path, data: bytes, start: int, header_lines: int) -> None:
        self.path = path
        self.data = data
        self.start = start
        self.header_lines = header_lines

    def lines(self, *rows: int) -> dict[int, int]:
        """Physical line of each 0-based data record in ``rows`` (one pass over the file)."""
        want = set(rows)
        out: dict[int, int] = {}
        if not want:
            return out
        last = max(want)
        for i, (line, _) in enumerate(_records(self.data, self.start, self.header_lines)):
            if i in want:
                out[i] = line
            if i >= last:
                break
        return out

    def line(self, row: int) -> int:
        return self.lines(row).get(row, 0)

    def diagnose(self, ncols: int, hint: str, detail: str) -> ValueError:
        """The message for a file Arrow could not tokenise, found by the :mod:`csv` module."""
        name = self.path.name
        reader_line = self.header_lines
        try:
            for line, cells in _records(self.data, self.start, self.header_lines):
                reader_line = line
                if len(cells) != ncols:
                    return ValueError(
                        f"{name}: line {line} has {len(cells)} fields but the header has "
                        f"{ncols}; every row needs one cell per column (empty for missing){hint}"
                    )
        except csv.Error as exc:
            return ValueError(f"{name}: line {reader_line + 1} is not valid CSV ({exc})")
        return ValueError(f"{name}: the file is not valid CSV ({detail.splitlines()[0]})")


def _tokenise(f: _File, header: list[str], include: list[str], hint: str) -> pa.Table:
    """Arrow table of the ``include`` columns, every cell as text, rows in file order."""
    names = [f"c{j}" for j in range(len(header))]
    wanted = [names[header.index(c)] for c in include]
    read = pacsv.ReadOptions(
        column_names=names, use_threads=False, block_size=_BLOCK_BYTES, encoding="utf8"
    )
    parse = pacsv.ParseOptions(
        delimiter=",",
        quote_char='"',
        double_quote=True,
        escape_char=False,
        newlines_in_values=True,
        ignore_empty_lines=True,
    )
    convert = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in wanted},
        include_columns=wanted,
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        check_utf8=True,
    )
    body = pa.py_buffer(f.data)[f.start :]
    size = len(body)
    try:
        if size == 0:
            return pa.table({c: pa.array([], pa.string()) for c in wanted})
        with progress(size, f"reading {f.path.name}", unit="B", show=size > _PROGRESS_BYTES) as bar:
            stream = pacsv.open_csv(
                pa.BufferReader(body),
                read_options=read,
                parse_options=parse,
                convert_options=convert,
            )
            batches = []
            done = 0
            for batch in stream:
                batches.append(batch)
                step = min(_BLOCK_BYTES, size - done)
                done += step
                bar.update(step)
            table = pa.Table.from_batches(batches, schema=stream.schema)
    except pa.ArrowException as exc:
        raise f.diagnose(len(header), hint, str(exc)) from None
    return table.rename_columns(include)


def _first(mask: np.ndarray) -> int:
    """Index of the first True in ``mask`` (which must have one)."""
    return int(np.argmax(mask))


def _strip(arr: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.utf8_trim_whitespace(arr)


def _np_bool(arr: Any) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def _text(arr: pa.ChunkedArray, i: int) -> str:
    return str(arr[i].as_py())


def _parse_time(lab: pa.ChunkedArray, f: _File, time: str) -> tuple[pd.Index, str, np.ndarray]:
    """Time index, its format and int64 keys (integers, period ordinals or datetimes)."""
    name = f.path.name
    fmt = ""
    for candidate, pattern in _FORMATS:
        if pc.match_substring_regex(lab[0:1], pattern)[0].as_py():
            fmt = candidate
            break
    patterns = dict(_FORMATS)
    if not fmt or not pc.all(pc.match_substring_regex(lab, patterns[fmt])).as_py():
        codes = np.zeros(len(lab), dtype=np.int8)
        for code, (_, pattern) in reversed(list(enumerate(_FORMATS, start=1))):
            codes[_np_bool(pc.match_substring_regex(lab, pattern))] = code
        if (codes == 0).any():  # the first label of no format, empty or not
            i = _first(codes == 0)
            if _text(lab, i) == "":
                raise ValueError(
                    f"{name}: line {f.line(i)} has an empty time label in column {time!r}; "
                    "every row needs one"
                )
            raise ValueError(
                f"{name}: time label {_text(lab, i)!r} on line {f.line(i)} {_NOT_A_LABEL}"
            )
        j = _first(codes != codes[0])
        lines = f.lines(0, j)
        other = _FORMATS[int(codes[j]) - 1][0]
        raise ValueError(
            f"{name}: the time column {time!r} mixes frequencies: {_text(lab, 0)!r} "
            f"(line {lines.get(0, 0)}) is a {fmt} but {_text(lab, j)!r} (line {lines.get(j, 0)}) "
            f"is a {other}; use one frequency"
        )
    if fmt == "year":
        keys = pc.cast(pc.replace_substring_regex(lab, r"^\+", ""), pa.int64()).to_numpy()
        keys = np.asarray(keys, dtype=np.int64)
        return pd.Index(keys, dtype=np.int64, name=time), fmt, keys
    if fmt == "date":
        parsed = pd.to_datetime(
            np.asarray(lab.to_numpy(zero_copy_only=False), dtype=object),
            format="%Y-%m-%d",
            errors="coerce",
        )
        bad = np.asarray(pd.isna(parsed))
        if bad.any():
            i = _first(bad)
            raise ValueError(f"{name}: {_text(lab, i)!r} on line {f.line(i)} is not a valid date")
        dates = pd.DatetimeIndex(parsed, name=time)
        return dates, fmt, dates.asi8
    year = np.asarray(pc.cast(pc.utf8_slice_codeunits(lab, 0, 4), pa.int64()).to_numpy())
    last = pc.utf8_slice_codeunits(lab, -1 if fmt == "quarter" else -2)
    sub = np.asarray(pc.cast(last, pa.int64()).to_numpy())
    per_year = 4 if fmt == "quarter" else 12
    bad = (year < 1) | (sub < 1) | (sub > per_year)
    if bad.any():
        i = _first(bad)
        raise ValueError(f"{name}: {_text(lab, i)!r} on line {f.line(i)} is not a valid {fmt}")
    # pandas period ordinals count from 1970Q1 / 1970-01 = 0.
    ordinals = (year - 1970) * per_year + (sub - 1)
    ordinals = np.asarray(ordinals, dtype=np.int64)
    dtype = pd.PeriodDtype("Q" if fmt == "quarter" else "M")
    periods = pd.PeriodIndex(pd.arrays.PeriodArray(ordinals, dtype=dtype), name=time)
    return periods, fmt, ordinals


def _check_order(index: pd.Index, keys: np.ndarray, fmt: str, f: _File, time: str) -> None:
    name = f.path.name
    steps = np.diff(keys)
    if (steps > 0).all():
        if fmt == "date":
            return  # irregular dates are left to as_series
        gaps = steps != 1
        if gaps.any():
            i = _first(gaps)
            lines = f.lines(i, i + 1)
            raise ValueError(
                f"{name}: time label {str(index[i])!r} on line {lines.get(i, 0)} is followed by "
                f"{str(index[i + 1])!r} on line {lines.get(i + 1, 0)}; missing periods (years) "
                "must be present as rows with empty cells (NaN), never skipped"
            )
        return
    dup = pd.Index(keys).duplicated()
    if dup.any():
        j = _first(np.asarray(dup))
        i = _first(keys == keys[j])
        lines = f.lines(i, j)
        raise ValueError(
            f"{name}: duplicate time label {str(index[j])!r} in column {time!r} on lines "
            f"{lines.get(i, 0)} and {lines.get(j, 0)}; each period must appear once"
        )
    i = _first(steps < 0) + 1
    raise ValueError(
        f"{name}: time labels in column {time!r} are not sorted: "
        f"{str(index[i])!r} on line {f.line(i)} comes after {str(index[i - 1])!r}; "
        "sort the file by time"
    )


def _parse_values(cells: pa.ChunkedArray, col: str, lab: pa.ChunkedArray, f: _File) -> np.ndarray:
    cells = _strip(cells)
    missing = pc.is_in(cells, value_set=pa.array(sorted(MISSING_TOKENS), pa.string()))
    number = pc.match_substring_regex(cells, _NUMBER)
    valid = pc.or_(missing, number)
    values = np.asarray(
        pc.cast(pc.if_else(number, cells, pa.scalar(None, pa.string())), pa.float64()).to_numpy(
            zero_copy_only=False
        ),
        dtype=np.float64,
    )
    # Overflow ("1e999") parses as infinity: not a usable number either.
    bad = ~_np_bool(valid) | np.isinf(values)
    if bad.any():
        i = _first(bad)
        raise ValueError(
            f"{f.path.name}: column {col!r} has a non-numeric value {_text(cells, i)!r} on line "
            f"{f.line(i)} (time {_text(lab, i)!r}); write plain numbers without thousands "
            "separators, units or percent signs, and leave missing values empty"
        )
    return values


def _read_bytes(p: Path) -> tuple[bytes, int]:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ValueError(f"{str(p)!r} cannot be read ({exc.strerror or exc})") from None
    start = len(_BOM) if data.startswith(_BOM) else 0
    if not data.isascii():
        try:
            data[start:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{p.name}: is not UTF-8 text ({exc.reason} at byte {exc.start + start}); "
                "save it as UTF-8 CSV"
            ) from None
    return data, start


def read_csv(
    path: str | os.PathLike[str], *, time: str, columns: list[str] | None = None
) -> xr.Dataset:
    """Read time series from a CSV file, refusing anything ambiguous.

    Parameters
    ----------
    path : str or path-like
        A UTF-8, comma-separated file with a header row.
    time : str
        Name of the time column. Labels may be integers (years such as ``2015``, or period
        numbers ``1, 2, 3, ...`` of any length), quarters (``2015Q1``), months
        (``2015-03``) or ISO dates (``2015-03-31``), one format per file.
    columns : list of str, optional
        Value columns to read; all columns except ``time`` by default. With the default
        every other column must be numeric, so no column is left out unannounced.

    Returns
    -------
    xarray.Dataset
        One float64 variable per value column over one dimension, named ``year`` when the
        time column is called ``year`` (its labels must then be integers) and ``time``
        otherwise. The coordinate holds the integers, quarter or month labels as strings
        (``"2015Q1"``, ``"2015-03"``, which :func:`policyts._series.as_series` parses back
        into periods) or ``datetime64`` dates. Empty cells and the tokens ``NA``, ``NaN``,
        ``nan`` become NaN; nothing is filled or dropped. ``attrs`` record the file, the
        time column and the frequency (``"year"`` for integers from 1000 to 3000,
        ``"position"`` for other integers, else a pandas frequency).

    Raises
    ------
    ValueError
        If the file is missing, unreadable, not UTF-8 or empty, has no data rows, a column
        is missing (the message lists the available ones), a header name is empty or
        repeated, a row has the wrong number of fields, a time label is empty, unparseable,
        duplicated or out of order, the time axis mixes frequencies or has a gap (missing
        periods must be present as rows with empty cells), or a value is not a number (the
        message names the column and the line). When the file looks semicolon- or
        tab-separated, or wide (years as columns, as World Bank downloads are), the message
        says so.

    Notes
    -----
    A number is a plain decimal such as ``-12``, ``0.5``, ``.5`` or ``1.5e3``, with
    surrounding spaces allowed; thousands separators, underscores, units, percent signs,
    ``inf`` and values that overflow a float are refused. Numbers are converted exactly
    (correctly rounded), so a value written with :func:`repr` reads back identical.

    The file is tokenised by Apache Arrow's CSV reader, which follows the same rules as
    Python's :mod:`csv` module here (double quotes, doubled quotes inside them, quoted line
    breaks, blank lines skipped); checked against the previous line-by-line reader on the
    error cases in ``tests/test_datasets.py`` and by the fuzzing tests in
    ``tests/test_fuzz.py``. After the checks the time axis goes through
    :func:`policyts._series.as_series` (``allow_nan=True``), the validation the models
    apply, so a file that loads here is accepted by them up to its NaN values.

    Examples
    --------
    >>> ds = read_csv("applications.csv", time="year")  # doctest: +SKIP
    >>> ds["resident"].sel(year=2016)  # doctest: +SKIP
    """
    import xarray as xr  # here, not at import: the command line reads files without it

    p, dim, coord, data_vars, attrs = _read(path, time, columns)
    variables = {
        col: (dim, values, {"long_name": col, "source": f"user file {p.name}"})
        for col, values in data_vars.items()
    }
    ds = xr.Dataset(variables, coords={dim: (dim, coord, {"long_name": time})})
    ds.attrs = attrs
    return ds


def read_frame(
    path: str | os.PathLike[str], *, time: str, columns: list[str] | None = None
) -> pd.DataFrame:
    """:func:`read_csv` as a :class:`pandas.DataFrame`, without importing xarray.

    The same checks and messages; the frame has one float64 column per value column and
    is indexed by the coordinate :func:`read_csv` gives (named ``year`` or ``time``), so
    ``read_frame(...)[c]`` equals ``read_csv(...)[c].to_series()`` up to the name
    (``tests/test_cli_io.py`` checks it); ``attrs`` holds the dataset's ``attrs``.
    """
    _, dim, coord, data_vars, attrs = _read(path, time, columns)
    index = pd.Index(coord, name=dim, dtype=coord.dtype)
    out = pd.DataFrame(data_vars, index=index)
    out.attrs.update(attrs)
    return out


def _read(
    path: str | os.PathLike[str], time: str, columns: list[str] | None
) -> tuple[Path, str, np.ndarray, dict[str, np.ndarray], dict[str, Any]]:
    """(path, dimension name, coordinate, values by column, attrs) of a user's CSV file."""
    p = Path(path)
    if not isinstance(time, str) or time == "":
        raise ValueError("time must be the name of the time column (a non-empty string)")
    if not p.exists():
        raise ValueError(f"CSV file {str(p)!r} does not exist; check the path")
    if p.is_dir():
        raise ValueError(f"{str(p)!r} is a directory, not a CSV file")
    data, start = _read_bytes(p)
    try:
        header, body_start, header_lines = _header(data, start)
    except csv.Error as exc:
        raise ValueError(f"{p.name}: line 1 is not valid CSV ({exc})") from None
    if header is None:
        raise ValueError(f"{p.name}: the file is empty; it needs a header row and data rows")
    hint = ""
    if len(header) < 3 or time not in header:
        hint = _layout_hint(data, start)
    _check_header(header, p, hint)
    chosen = _select(header, time, columns, p, hint)
    f = _File(p, data, body_start, header_lines)
    table = _tokenise(f, header, [time, *chosen], hint)
    if table.num_rows == 0:
        raise ValueError(f"{p.name}: the file has a header but no data rows")
    lab = _strip(table.column(time))
    index, fmt, keys = _parse_time(lab, f, time)
    dim = "year" if time == "year" else "time"
    if dim == "year" and fmt != "year":
        raise ValueError(
            f"{p.name}: the column 'year' must hold integer years, got {_text(lab, 0)!r} on "
            f"line {f.line(0)}; rename the column if it holds quarters, months or dates"
        )
    _check_order(index, keys, fmt, f, time)
    data_vars: dict[str, np.ndarray] = {}
    for col in chosen:
        data_vars[col] = _parse_values(table.column(col), col, lab, f)
    del table
    try:
        # Keep infer_freq's string result under pandas 3 (it warns about a change).
        with pd.option_context("future.infer_freq_returns_offset", False):
            first = data_vars[chosen[0]]
            freq = as_series(
                pd.Series(first, index=index.rename(dim)), name=chosen[0], allow_nan=True
            ).freq
    except ValueError as exc:
        raise ValueError(f"{p.name}: {exc}") from None
    # Periods are stored as their labels ("2015Q1", "2015-03"): xarray has no period dtype,
    # and as_series parses these labels back into periods.
    coord = index.astype(str).to_numpy() if isinstance(index, pd.PeriodIndex) else index.to_numpy()
    return p, dim, coord, data_vars, {"source_file": str(p), "time_column": time, "frequency": freq}
