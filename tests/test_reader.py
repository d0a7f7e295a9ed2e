"""The vectorised CSV reader: integer time indexes of any length, exact line numbers in
every message, hints for other delimiters and wide layouts, and progress output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from policyts import _progress
from policyts.cli import main
from policyts.datasets import _user_csv, read_csv
from policyts.models import cusum


def write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


# ----------------------------------------------------------------------------- integers


def test_integer_index_beyond_ten_thousand(tmp_path: Path) -> None:
    n = 25_000
    y = np.sin(np.arange(n) / 7.0)
    body = "".join(f"{i + 1},{v!r}\n" for i, v in enumerate(y.tolist()))
    ds = read_csv(write(tmp_path, "t,y\n" + body), time="t")
    assert ds["time"].dtype == np.int64
    np.testing.assert_array_equal(ds["time"], np.arange(1, n + 1))
    np.testing.assert_array_equal(ds["y"], y)
    assert ds.attrs["frequency"] == "position"


@pytest.mark.parametrize(
    ("labels", "first"),
    [
        (["9998", "9999", "10000", "10001"], 9998),
        (["-2", "-1", "0", "+1"], -2),
        (["999999999999", "1000000000000"], 999_999_999_999),
        ([" 7 ", "8", "0009"], 7),
    ],
)
def test_integer_labels_of_any_width(tmp_path: Path, labels: list[str], first: int) -> None:
    text = "t,y\n" + "".join(f"{lab},1\n" for lab in labels)
    ds = read_csv(write(tmp_path, text), time="t")
    np.testing.assert_array_equal(ds["time"], np.arange(first, first + len(labels)))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("t,y\n10000,1\n10002,2\n", r"'10000' on line 2 is followed by '10002' on line 3"),
        ("t,y\n12000,1\n12000,2\n", r"duplicate time label '12000'.*lines 2 and 3"),
        ("t,y\n12001,1\n12000,2\n", r"not sorted: '12000' on line 3 comes after '12001'"),
        (
            "t,y\n1,1\n1234567890123456789,2\n",
            r"'1234567890123456789' on line 3 is not a year .*integer period number",
        ),
        ("t,y\n1,1\n2.0,2\n", r"'2.0' on line 3 is not a year"),
    ],
)
def test_integer_index_errors(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        read_csv(write(tmp_path, text), time="t")


def test_cli_cusum_on_a_long_integer_indexed_file(tmp_path: Path, capsys) -> None:
    n = 20_000
    rng = np.random.default_rng(5)
    y = np.r_[rng.normal(0, 1, n // 2), rng.normal(0.1, 1, n - n // 2)]
    path = write(tmp_path, "t,y\n" + "".join(f"{i + 1},{v!r}\n" for i, v in enumerate(y.tolist())))
    assert main(["cusum", str(path), "--time", "t", "--y", "y", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    ref = cusum(y)
    assert out["statistic"] == pytest.approx(ref.stat, rel=1e-12)
    assert out["p_value"] == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)


# ----------------------------------------------------------------------------- lines


@pytest.mark.parametrize(
    ("text", "match"),
    [
        # blank lines before the header and between rows still count as lines
        ("\n\nyear,a\n\n2000,1\n\n2001,x\n", r"non-numeric value 'x' on line 7 \(time '2001'\)"),
        # a quoted line break inside a cell: the record ends on the next line
        ('year,a,note\n2000,1,"two\nlines"\n2001,x,b\n', r"'x' on line 4"),
        ("year,a\r\n2000,1\r\n2000,2\r\n", r"lines 2 and 3"),
        ("year,a\r2000,1\r2002,2\r", r"'2000' on line 2 is followed by '2002' on line 3"),
        ("\ufeffyear,a\n2000,1\n2001,2,3\n", r"line 3 has 3 fields but the header has 2"),
        ("year,a\n2000,1\n2001\n", r"line 3 has 1 fields but the header has 2"),
        ("year,a\n2000,1\n   \n", r"line 3 has 1 fields"),
        ("t,a\n2020Q1,1\n2020Q3,2\n", r"'2020Q1' on line 2 is followed by '2020Q3' on line 3"),
        ("t,a\n2020-12,1\n2020-13,2\n", r"'2020-13' on line 3 is not a valid month"),
        ("t,a\n0000-01,1\n", r"'0000-01' on line 2 is not a valid month"),
        ("t,a\n2020q4,1\n2021-Q1,2\n2021Q3,3\n", r"'2021Q1' on line 3 is followed by '2021Q3'"),
        ("t,a\n2020-02-28,1\n2020-02-30,2\n", r"'2020-02-30' on line 3 is not a valid date"),
        ("t,a\n2020,1\n2021Q1,2\n", r"'2020' \(line 2\) is a year but '2021Q1' \(line 3\)"),
        ("year,a\n2000,1_000\n", r"non-numeric value '1_000' on line 2"),
        ("year,a\n2000,1e999\n", r"non-numeric value '1e999' on line 2"),
        ("year,a\n2000,0x10\n", r"non-numeric value '0x10'"),
        ("year,a\n2000,-inf\n", r"non-numeric value '-inf'"),
        ("year,a\n2000,NAN\n", r"non-numeric value 'NAN'"),
    ],
)
def test_messages_name_the_physical_line(tmp_path: Path, text: str, match: str) -> None:
    time = "t" if text.startswith("t,") else "year"
    with pytest.raises(ValueError, match=match):
        read_csv(write(tmp_path, text), time=time)


def test_plain_numbers_are_read_exactly(tmp_path: Path) -> None:
    text = "year,a\n2000, 2.5 \n2001,.5\n2002,+3\n2003,1E3\n2004,-0\n2005,NA\n2006,\n"
    ds = read_csv(write(tmp_path, text), time="year")
    np.testing.assert_array_equal(ds["a"], [2.5, 0.5, 3.0, 1000.0, -0.0, np.nan, np.nan])


def test_quarters_in_any_accepted_spelling(tmp_path: Path) -> None:
    ds = read_csv(write(tmp_path, "t,a\n2020q4,1\n2021-Q1,2\n2021Q2,3\n"), time="t")
    assert list(ds["time"].values) == ["2020Q4", "2021Q1", "2021Q2"]


def test_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"is not UTF-8 text .* at byte 12.*save it as UTF-8"):
        read_csv(write(tmp_path, b"year,a\n2000,\xe9\n"), time="year")


def test_unterminated_quote(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"data\.csv: line 3 has 1 fields|not valid CSV"):
        read_csv(write(tmp_path, 'year,a\n2000,1\n"2001,2\n'), time="year")


def test_empty_and_header_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="file is empty"):
        read_csv(write(tmp_path, "\n\n\r\n"), time="year")
    with pytest.raises(ValueError, match="no data rows"):
        read_csv(write(tmp_path, "year,a\n\n\n"), time="year")


def test_unused_columns_are_not_parsed_but_still_counted(tmp_path: Path) -> None:
    ds = read_csv(write(tmp_path, "year,a,note\n2000,1,x\n2001,2,y\n"), time="year", columns=["a"])
    assert list(ds.data_vars) == ["a"]
    with pytest.raises(ValueError, match="line 3 has 2 fields but the header has 3"):
        read_csv(write(tmp_path, "year,a,note\n2000,1,x\n2001,2\n"), time="year", columns=["a"])


# ----------------------------------------------------------------------------- hints


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("year;a;b\n2000;1,5;2\n2001;2;3\n", r"not found.*looks semicolon \(;\)-separated"),
        ("year\ta\n2000\t1\n", r"not found.*looks tab-separated.*sep='\\t'"),
        ("year;a\n2000;1\n", r"available columns: 'year;a'; the file looks semicolon"),
    ],
)
def test_delimiter_hint(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        read_csv(write(tmp_path, text), time="year")


WORLD_BANK = (
    '"Data Source","World Development Indicators",\n'
    "\n"
    '"Last Updated Date","2024-06-28",\n'
    "\n"
    '"Country Name","Country Code","Indicator Name","Indicator Code","1960","1961","1962",'
    '"1963",\n'
    '"China","CHN","Patent applications, residents","IP.PAT.RESD","","","","",\n'
)


def test_wide_world_bank_layout_hint(tmp_path: Path) -> None:
    path = write(tmp_path, WORLD_BANK)
    with pytest.raises(
        ValueError,
        match=r"column 3 of the header has no name.*looks wide: line 5 has 4 columns.*1960",
    ):
        read_csv(path, time="year")


def test_wide_layout_hint_without_metadata_lines(tmp_path: Path) -> None:
    text = "Country Name,Country Code,1960,1961,1962\nChina,CHN,1,2,3\n"
    with pytest.raises(ValueError, match=r"'year' not found.*4 columns|'year' not found.*wide"):
        read_csv(write(tmp_path, text), time="year")


def test_no_hint_for_a_plain_missing_column(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"available columns: 'yr', 'a', 'b'$"):
        read_csv(write(tmp_path, "yr,a,b\n2000,1,2\n"), time="year")


def test_cli_names_the_delimiter_in_one_line(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "t;y\n1;2\n2;3\n")
    assert main(["cusum", str(path), "--time", "t", "--y", "y"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("policyts cusum: error: data.csv: time column 't' not found")
    assert "semicolon" in err


# ----------------------------------------------------------------------------- progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_when_enabled_and_on_a_terminal(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "t,y\n" + "".join(f"{i},{i % 7}\n" for i in range(1, 3001)))
    monkeypatch.setattr(_user_csv, "_PROGRESS_BYTES", 100)
    monkeypatch.setattr(_user_csv, "_BLOCK_BYTES", 4096)
    term = _Terminal()
    monkeypatch.setattr("sys.stderr", term)
    read_csv(path, time="t")  # library use: never a bar
    assert term.getvalue() == ""
    _progress.enable(True)
    try:
        ds = read_csv(path, time="t")
    finally:
        _progress.enable(False)
    assert "reading data.csv" in term.getvalue()
    np.testing.assert_array_equal(ds["y"], np.arange(1, 3001) % 7)
    pipe = io.StringIO()  # not a terminal: no bar even when enabled
    monkeypatch.setattr("sys.stderr", pipe)
    _progress.enable(True)
    try:
        read_csv(path, time="t")
    finally:
        _progress.enable(False)
    assert pipe.getvalue() == ""
