"""Fuzzing the CSV reader and the command line with hypothesis.

Whatever the file holds (random bytes; random delimiters, quoting, line endings, headers,
time labels and cells), :func:`policyts.datasets.read_csv` either returns a dataset or
raises ``ValueError``, and ``policyts cusum|chow|breaks`` either succeed (exit 0) or exit
with code 2 and exactly one line on standard error naming the command: never a traceback
or another exception type.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policyts._series import as_series
from policyts.cli import main
from policyts.datasets import read_csv

# POLICYTS_FUZZ_EXAMPLES=2000 for a longer search than the default run.
FUZZ = settings(
    max_examples=int(os.environ.get("POLICYTS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ----------------------------------------------------------------------------- strategies

names = st.one_of(
    st.sampled_from(["t", "year", "y", "x", "value", "date", " t ", "T", ""]),
    st.text(min_size=0, max_size=8),
)
delims = st.sampled_from([",", ",", ",", ";", "\t", "|", " "])
endings = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def labels(draw: st.DrawFn, n: int) -> list[str]:
    kind = draw(st.sampled_from(["int", "year", "quarter", "month", "date", "junk", "mixed"]))
    start = draw(st.integers(min_value=-5, max_value=10**6))
    if kind == "int":
        out = [str(start + i) for i in range(n)]
    elif kind == "year":
        out = [str(1990 + i) for i in range(n)]
    elif kind == "quarter":
        out = [f"{2000 + (i // 4)}Q{i % 4 + 1}" for i in range(n)]
    elif kind == "month":
        out = [f"{2000 + (i // 12)}-{i % 12 + 1:02d}" for i in range(n)]
    elif kind == "date":
        out = [str(np.datetime64("2020-01-01") + i) for i in range(n)]
    elif kind == "junk":
        out = draw(st.lists(st.text(max_size=12), min_size=n, max_size=n))
    else:
        pool = st.one_of(
            st.integers(-(10**20), 10**20).map(str),
            st.sampled_from(["2020Q5", "2020-13", "2020-02-30", "0000-01", "+7", " 12 ", ""]),
            st.from_regex(r"\d{4}(-?[Qq]\d|-\d\d(-\d\d)?)", fullmatch=True),
        )
        out = draw(st.lists(pool, min_size=n, max_size=n))
    if n > 1 and draw(st.booleans()):  # disturb the order: swap, repeat or drop one
        i = draw(st.integers(0, n - 2))
        how = draw(st.sampled_from(["swap", "repeat", "drop"]))
        if how == "swap":
            out[i], out[i + 1] = out[i + 1], out[i]
        elif how == "repeat":
            out[i + 1] = out[i]
        else:
            out = out[:i] + out[i + 1 :] + [out[-1]]
    return out


cells = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["", "NA", "NaN", "nan", "inf", "-inf", "1e999", "1,5", "5%", " 3 ", "1_000"]),
    st.text(max_size=6),
)


def quote(cell: str, delim: str) -> str:
    if any(c in cell for c in (delim, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def csv_texts(draw: st.DrawFn) -> tuple[str, str, str]:
    """A CSV-like text and the names of its time column and first value column."""
    n = draw(st.integers(min_value=0, max_value=30))
    ncol = draw(st.integers(min_value=1, max_value=4))
    header = draw(st.lists(names, min_size=ncol, max_size=ncol))
    time = draw(st.one_of(st.sampled_from(header), names))
    delim = draw(delims)
    eol = draw(endings)
    rows = [header]
    t = draw(labels(n))
    for i in range(n):
        row = [draw(cells) for _ in range(ncol)]
        row[0] = t[i]
        if draw(st.integers(0, 20)) == 0:  # a ragged row now and then
            row = row[:-1] if len(row) > 1 and draw(st.booleans()) else [*row, "1"]
        rows.append(row)
    lines = [delim.join(quote(c, delim) for c in row) for row in rows]
    if draw(st.booleans()) and lines:  # a blank line somewhere
        lines.insert(draw(st.integers(0, len(lines))), "")
    text = eol.join(lines) + (eol if draw(st.booleans()) else "")
    if draw(st.integers(0, 10)) == 0:
        text = "\ufeff" + text
    y = header[1] if ncol > 1 else header[0]
    return text, time, y


# ----------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def csv_file(content: str | bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        yield path


def read_or_valueerror(
    path: Path, time: str, columns: list[str] | None = None
) -> xr.Dataset | None:
    try:
        return read_csv(path, time=time, columns=columns)
    except ValueError as exc:
        assert str(exc).strip(), "an empty error message"
        return None


def run_cli(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(argv)
    return code, err.getvalue()


def check_cli(argv: list[str]) -> None:
    code, err = run_cli(argv)
    assert code in (0, 2), (argv, code, err)
    if code == 2:
        lines = err.rstrip("\n").split("\n")
        assert len(lines) == 1, err
        assert lines[0].startswith(f"policyts {argv[0]}: error: "), err
        assert "Traceback" not in err


# ----------------------------------------------------------------------------- reader


@FUZZ
@given(content=st.binary(max_size=400))
@example(content=b"t,y\n1,2\n\xff\xfe")
@example(content=b'\xef\xbb\xbft,y\n"1\n,2')
@example(content=b"t,y\r\n1,\x00\r\n")
def test_reader_random_bytes(content: bytes) -> None:
    with csv_file(content) as path:
        for time in ("t", "year", "y"):
            read_or_valueerror(path, time)


@FUZZ
@given(content=st.text(alphabet=st.sampled_from('0123456789,;\t\n\r"Qq-.eE+ NAtyx'), max_size=200))
def test_reader_csv_alphabet(content: str) -> None:
    with csv_file("t,y\n" + content) as path:
        read_or_valueerror(path, "t")
        read_or_valueerror(path, "t", ["y"])


@FUZZ
@given(spec=csv_texts())
def test_reader_structured(spec: tuple[str, str, str]) -> None:
    text, time, _ = spec
    with csv_file(text) as path:
        ds = read_or_valueerror(path, time)
    if ds is not None:  # what loads is consistent: one float column per header name
        assert all(v.dtype == np.float64 for v in ds.data_vars.values())
        assert ds.attrs["time_column"] == time
        assert all(int(s) >= 1 for s in ds.sizes.values())


@FUZZ
@given(
    start=st.integers(min_value=-(10**12), max_value=10**12),
    values=st.lists(
        st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.none()),
        min_size=1,
        max_size=25,
    ),
    eol=endings,
    pad=st.sampled_from(["", " ", "  "]),
)
def test_reader_valid_files_read_back_exactly(start, values, eol, pad) -> None:
    lines = ["t,y"] + [
        f"{pad}{start + i}{pad},{pad}{'' if v is None else repr(v)}{pad}"
        for i, v in enumerate(values)
    ]
    with csv_file(eol.join(lines) + eol) as path:
        ds = read_csv(path, time="t")
    expected = np.array([np.nan if v is None else v for v in values])
    np.testing.assert_array_equal(ds["y"].values, expected)
    np.testing.assert_array_equal(ds["time"].values, np.arange(start, start + len(values)))


# ----------------------------------------------------------------------------- command line


@FUZZ
@given(spec=csv_texts(), command=st.sampled_from(["cusum", "chow", "breaks"]), data=st.data())
def test_cli_structured(spec: tuple[str, str, str], command: str, data: st.DataObject) -> None:
    text, time, y = spec
    with csv_file(text) as path:
        argv = [command, str(path), f"--time={time}", f"--y={y}"]
        if command == "chow":
            at = data.draw(st.one_of(st.sampled_from(["1995", "3", "2000Q2"]), st.text(max_size=6)))
            argv.append(f"--at={at}")
        if data.draw(st.booleans()):
            argv.append("--json")
        if data.draw(st.booleans()):
            argv.append("--trend")
        check_cli(argv)


@FUZZ
@given(content=st.binary(max_size=300), command=st.sampled_from(["cusum", "chow", "breaks"]))
def test_cli_random_bytes(content: bytes, command: str) -> None:
    with csv_file(content) as path:
        argv = [command, str(path), "--time=t", "--y=y"]
        if command == "chow":
            argv.append("--at=5")
        check_cli(argv)


@FUZZ
@given(
    n=st.integers(min_value=1, max_value=40),
    scale=st.sampled_from([0.0, 1e-300, 1.0, 1e150, 1e300]),
    seed=st.integers(0, 2**16),
    command=st.sampled_from(["cusum", "chow", "breaks"]),
)
def test_cli_numeric_extremes(n: int, scale: float, seed: int, command: str) -> None:
    # All-zero, tiny and huge series are degenerate input: a clear error, never a traceback.
    rng = np.random.default_rng(seed)
    y = rng.normal(size=n) * scale
    body = "".join(f"{i + 1},{v!r}\n" for i, v in enumerate(y.tolist()))
    with csv_file("t,y\n" + body) as path:
        argv = [command, str(path), "--time=t", "--y=y"]
        if command == "chow":
            argv.append(f"--at={max(2, math.ceil(n / 2))}")
        check_cli(argv)


@pytest.mark.parametrize("command", ["cusum", "chow", "breaks"])
def test_cli_error_is_one_line(tmp_path: Path, command: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("t;y\n1;2\n", encoding="utf-8")
    argv = [command, str(path), "--time=t", "--y=y", "--at=1"][: 5 if command == "chow" else 4]
    code, err = run_cli(argv)
    assert code == 2
    assert err.count("\n") == 1 and "semicolon" in err


def test_cli_chow_all_zero_series(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_text("t,y\n1,0.0\n2,0.0\n3,0.0\n4,0.0\n", encoding="utf-8")
    check_cli(["chow", str(path), "--time=t", "--y=y", "--at=2"])


# ----------------------------------------------------------------------------- as_series


@FUZZ
@given(
    labels=st.lists(
        st.one_of(
            st.text(max_size=8),
            st.integers(-(10**20), 10**20).map(str),
            st.from_regex(r"[+-]?\d{1,6}|\d{4}(-?[Qq]\d|-\d\d(-\d\d)?)", fullmatch=True),
        ),
        min_size=1,
        max_size=10,
    ),
    dtype=st.sampled_from([object, "str"]),
)
def test_as_series_text_labels(labels: list[str], dtype: object) -> None:
    series = pd.Series(np.arange(len(labels), dtype=float), index=pd.Index(labels, dtype=dtype))
    try:
        out = as_series(series)
    except ValueError as exc:
        assert str(exc)
        return
    assert out.labels.is_monotonic_increasing and out.labels.is_unique


@pytest.mark.parametrize("dtype", [object, "str"])
def test_as_series_integer_text_labels_beyond_ten_thousand(dtype: object) -> None:
    labels = pd.Index(["+9999", "10000", "10001"], dtype=dtype)
    out = as_series(pd.Series([1.0, 2.0, 3.0], index=labels))
    assert list(out.labels) == [9999, 10000, 10001] and out.freq == "position"
