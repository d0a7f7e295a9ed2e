"""Bai-Perron critical values for any trimming: the published table where h/n is tabulated,
the nearest smaller tabulated trimming (conservative, with a note) where it is not; never
NaN in between."""

from __future__ import annotations

import csv
from collections import defaultdict
from importlib import resources

import numpy as np
import pytest

from policyts.models import bai_perron
from policyts.models._tables import BP_EPS, bai_perron_critical_value, bai_perron_table_eps


def table() -> dict[tuple[str, str, str, str], dict[float, float]]:
    path = resources.files("policyts.models").joinpath(
        "data", "bai_perron_2003_critical_values.csv"
    )
    out: dict[tuple[str, str, str, str], dict[float, float]] = defaultdict(dict)
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["test"], r["level"], r["q"], r["column"])
            out[key][float(r["eps"])] = float(r["critical_value"])
    return out


def test_critical_values_fall_as_the_trimming_grows() -> None:
    # The reason the nearest smaller tabulated trimming is conservative: critical values
    # decrease with eps.  One published entry breaks this by 0.05 (simulation noise in
    # the 2003 table): supF(6|5), q = 9, 1 %: 35.66 at 0.10, 35.71 at 0.15.
    violations = []
    for key, by_eps in table().items():
        eps = sorted(by_eps)
        for a, b in zip(eps, eps[1:], strict=False):
            if by_eps[a] < by_eps[b]:
                violations.append((key, a, b, by_eps[b] - by_eps[a]))
    assert len(table()) == 680
    assert [(v[0], v[1], v[2]) for v in violations] == [
        (("supF_next", "0.01", "9", "5"), 0.1, 0.15)
    ]
    assert violations[0][3] == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("h", "n", "expected"),
    [
        (15, 100, 0.15),  # tabulated
        (5, 38, 0.10),  # 0.132: the README example
        (4, 31, 0.10),  # 0.129
        (6, 34, 0.15),  # 0.176
        (9, 40, 0.20),  # 0.225
        (2, 20, 0.10),  # 0.1 exactly
        (10, 41, 0.20),  # 0.244: not within 0.005 of 0.25
        (61, 245, 0.25),  # 0.249: within 0.005 of 0.25
        (7, 100, 0.05),  # 0.07
    ],
)
def test_table_eps_is_tabulated_or_the_nearest_smaller(h: int, n: int, expected: float) -> None:
    eps, note = bai_perron_table_eps(h, n)
    assert eps == expected
    assert (note == "") == any(abs(h / n - e) < 0.0051 for e in BP_EPS)
    if note:
        assert f"h/n = {h / n:.3f}" in note and "conservative" in note


@pytest.mark.parametrize(("h", "n"), [(3, 100), (30, 100)])
def test_outside_the_tabulated_range_there_is_a_note_not_a_number(h: int, n: int) -> None:
    eps, note = bai_perron_table_eps(h, n)
    assert eps is None and "outside the tabulated trimmings 0.05..0.25" in note
    y = np.random.default_rng(1).standard_normal(n)
    res = bai_perron(y, trim=h, max_breaks=1)
    assert res.sup_f_tests[0].critical_values == {} and res.sup_f_tests[0].reject is None
    assert any("outside the tabulated" in x for x in res.notes)
    assert "nan" not in res.summary().split("Tests")[1].split("Note")[0]
    with pytest.raises(ValueError, match="sequential selection needs"):
        bai_perron(y, trim=h, max_breaks=1, select="sequential")


def test_tabulated_trimming_reproduces_the_table_exactly() -> None:
    y = np.random.default_rng(2).standard_normal(100)
    res = bai_perron(y, trim=0.15, trend=True)
    assert res.min_segment == 15 and res.k == 2
    for m, t in enumerate(res.sup_f_tests, start=1):
        for lev in ("0.1", "0.05", "0.025", "0.01"):
            want = bai_perron_critical_value("supF", 0.15, float(lev), 2, str(m))
            assert t.critical_values[lev] == want
    assert res.sup_f_tests[0].critical_values["0.05"] == 11.47  # Bai & Perron (2003), Table 1
    assert not any("tabulated" in n for n in res.notes)


@pytest.mark.parametrize("n", range(20, 61, 3))
@pytest.mark.parametrize("trend", [False, True])
def test_default_trimming_always_gives_finite_critical_values(n: int, trend: bool) -> None:
    y = np.random.default_rng(n).standard_normal(n).cumsum()
    res = bai_perron(y, trim=0.15, trend=trend)
    eps, _ = bai_perron_table_eps(res.min_segment, n)
    assert eps is not None
    tests = [*res.sup_f_tests, *res.sequential_tests, res.udmax, res.wdmax]
    for t in tests:
        assert t is not None
        if t.name in ("supF(4)", "supF(5)") and eps > 0.15:
            continue  # not tabulated for m > 3 at 0.20 (m > 2 at 0.25)
        assert np.isfinite(t.critical_values["0.05"]), (n, t.name)
        # A statistic may be not computable (no regime of the l-break fit holds 2h
        # observations for supF(l+1|l)); then there is no verdict, but never a NaN value.
        assert (t.reject is None) == bool(np.isnan(t.scaled_f)), (n, t.name)
    seq = bai_perron(y, trim=0.15, trend=trend, select="sequential")
    assert seq.selected_m <= res.max_breaks
    assert " nan " not in res.summary()


def test_readme_example_prints_finite_critical_values() -> None:
    from policyts import datasets

    apps = datasets.load("cn_invention_applications")
    res = bai_perron(np.log(apps["resident"]), trend=True, trim=0.15)
    assert res.n_obs == 38 and res.min_segment == 5
    text = res.summary()
    lines = text.split("Tests (scaled F")[1].splitlines()[1:13]
    assert len(lines) == 12 and not any("nan" in line for line in lines)
    assert all(("reject" in line) for line in lines)
    assert "nearest smaller tabulated trimming 0.10" in text
    assert res.udmax is not None and res.udmax.critical_values["0.05"] == 12.59


def test_panel_sequential_selection_at_an_untabulated_trimming() -> None:
    import xarray as xr

    from policyts.models.panel import bai_perron_panel

    rng = np.random.default_rng(3)
    data = rng.standard_normal((3, 38))
    data[:, 20:] += 4.0
    da = xr.DataArray(data, dims=("s", "year"), coords={"year": np.arange(1985, 2023)})
    ds = bai_perron_panel(da, select="sequential")
    assert "nearest smaller tabulated trimming 0.10" in ds.attrs["critical_values_note"]
    for i in range(3):
        one = bai_perron(da.isel(s=i), select="sequential")
        assert int(ds.selected_m[i]) == one.selected_m >= 1
        assert float(ds.break_label[i, 0]) == one.breaks[0].label
