"""The command line's file reader: the checks of ``datasets.read_csv`` without xarray."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policyts.cli._io import frame, print_json, read_columns
from policyts.datasets import read_csv
from policyts.datasets._user_csv import read_frame

FILES = {
    "year": ("year", [f"{1990 + i}" for i in range(12)]),
    "position": ("t", [str(i + 1) for i in range(12)]),
    "quarter": ("time", [f"{2001 + i // 4}Q{i % 4 + 1}" for i in range(12)]),
    "month": ("time", [f"2001-{i + 1:02d}" for i in range(12)]),
    "date": ("time", [f"2001-01-{i + 1:02d}" for i in range(12)]),
}


def _write(tmp_path: Path, kind: str) -> tuple[Path, str]:
    time, labels = FILES[kind]
    rng = np.random.default_rng(len(kind))
    lines = [f"{time},a,b"]
    for i, lab in enumerate(labels):
        b = "" if i == 3 else repr(float(rng.normal()))
        lines.append(f"{lab},{rng.normal()!r},{b}")
    path = tmp_path / f"{kind}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, time


@pytest.mark.parametrize("kind", list(FILES))
def test_read_frame_equals_read_csv_to_series(tmp_path: Path, kind: str) -> None:
    path, time = _write(tmp_path, kind)
    ds = read_csv(path, time=time)
    df = read_frame(path, time=time)
    assert list(df.columns) == ["a", "b"]
    for col in ("a", "b"):
        pd.testing.assert_series_equal(df[col], ds[col].to_series(), check_names=True)
    assert df.attrs == ds.attrs
    assert np.isnan(df["b"].iloc[3])  # an empty cell is NaN, nothing dropped


def test_read_columns_keeps_read_csv_messages(tmp_path: Path) -> None:
    path, time = _write(tmp_path, "year")
    with pytest.raises(ValueError, match="column 'c' not found; available columns"):
        read_columns(str(path), time, ["c"])
    with pytest.raises(ValueError, match="does not exist; check the path"):
        read_columns(str(tmp_path / "none.csv"), time, ["a"])


def test_frame_keeps_order_and_index_name(tmp_path: Path) -> None:
    path, time = _write(tmp_path, "quarter")
    data = read_columns(str(path), time, ["a", "b"])
    out = frame(data, ["b", "a", "b"])
    assert list(out.columns) == ["b", "a"]  # as a dict of columns: a repeated name once
    assert out.index.name == "time"
    assert frame(data, []) is None


def test_print_json_cleans_numpy_and_nan(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"x": np.float64(1.5), "y": float("nan"), "z": [np.int64(0), np.int64(1)]})
    assert (
        capsys.readouterr().out == '{\n  "x": 1.5,\n  "y": null,\n  "z": [\n    0,\n    1\n  ]\n}\n'
    )
    print_json({"w": "é"}, clean=False, indent=1, ensure_ascii=False)
    assert capsys.readouterr().out == '{\n "w": "é"\n}\n'
