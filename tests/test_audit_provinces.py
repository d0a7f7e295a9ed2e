"""The audit checks of the provincial panels: provinces against the national row within the
gap the metadata states, and Fujian against ``fujian_patents``; each on the bundled data
(consistent) and on deliberately perturbed copies (inconsistent), through the generic checks
and through ``audit()``."""

from __future__ import annotations

import csv
import json
import os
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import policyts.indicators as pi
import policyts.indicators._province_checks as pc
from policyts import datasets
from policyts.indicators import Interval
from policyts.indicators import consistency as au

DATA = Path(datasets.__file__).parent / "data"
PROV_IDS = (
    "prov.patents_applications_vs_national",
    "prov.patents_grants_vs_national",
    "prov.patents_in_force_vs_national",
    "prov.tech_market_vs_national",
    "prov.rd_expenditure_vs_national",
    "prov.fujian_vs_fujian_patents",
)


def _audit_prov(monkeypatch=None, **replace: xr.Dataset) -> dict[str, pi.AuditResult]:
    """The provincial audit results, with datasets replaced by (perturbed) copies."""
    if monkeypatch is not None and replace:
        real = pc._load
        monkeypatch.setattr(
            pc, "_load", lambda name: replace[name] if name in replace else real(name)
        )
    return {r.id: r for r in pi.audit(claims=[]) if r.id.startswith("prov.")}


# --------------------------------------------------------------------------- the stated gap


def test_the_stated_gap_is_read_from_the_metadata_and_widened_by_its_rounding():
    comment = datasets.load("cn_provincial_patents").attrs["comment"]
    assert "includes Hong Kong, Macao and Taiwan" in comment
    assert "by 0.15% to 10.9% of the national row" in comment
    iv = pc.stated_national_gap(comment)
    # 0.15 % +- 0.005 %; 10.9 % +- 0.05 %
    assert iv == Interval(0.00145, 0.1095)
    assert pc.stated_national_gap("by 2% to 3% of the national row") == Interval(0.015, 0.035)
    for name in ("cn_provincial_tech_market", "cn_provincial_rd"):
        assert pc.stated_national_gap(datasets.load(name).attrs["comment"]) is None


# --------------------------------------------------------------------------- generic: sums


def _gap_by_hand(var: str) -> dict[tuple[int, str], float]:
    """(national - sum of the 31 provinces) / national from the bundled CSV, by (year, kind),
    written apart from the check (csv + Decimal)."""
    sums: dict[tuple[int, str], Decimal] = {}
    national: dict[tuple[int, str], Decimal] = {}
    missing: set[tuple[int, str]] = set()
    with (DATA / "cn_provincial_patents.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            key = (int(r["year"]), r["kind"])
            if r[var] == "":
                missing.add(key)
                continue
            if r["gb_code"] == "CN":
                national[key] = Decimal(r[var])
            else:
                sums[key] = sums.get(key, Decimal(0)) + Decimal(r[var])
    return {
        k: float((national[k] - sums[k]) / national[k])
        for k in national
        if k not in missing and k in sums
    }


@pytest.mark.parametrize("var", ["applications", "grants", "in_force"])
def test_patents_sum_below_the_national_row_on_the_bundled_data(var):
    ds = datasets.load("cn_provincial_patents")
    allowed = pc.stated_national_gap(ds.attrs["comment"])
    r = au.check_provinces_sum(ds[var], ds[f"national_{var}"], allowed=allowed)
    assert r.status == "consistent"
    by_hand = _gap_by_hand(var)
    assert r.detail["cells_compared"] == len(by_hand) == 56 - (var == "applications")
    lo, hi = min(by_hand.values()), max(by_hand.values())
    assert r.detail["observed"]["lower"] == pytest.approx(lo, rel=1e-12)
    assert r.detail["observed"]["upper"] == pytest.approx(hi, rel=1e-12)
    assert r.detail["n_outside"] == 0


def test_a_missing_province_is_listed_not_dropped():
    ds = datasets.load("cn_provincial_patents")
    r = au.check_provinces_sum(
        ds["applications"], ds["national_applications"], allowed=Interval(0.0, 1.0)
    )
    assert r.detail["not_compared"] == [
        {"cell": "year=2019, kind=design", "reason": "province missing: Jilin"}
    ]
    assert r.detail["n_not_compared"] == 1


def test_perturbed_national_rows_are_inconsistent():
    ds = datasets.load("cn_provincial_patents")
    allowed = pc.stated_national_gap(ds.attrs["comment"])
    # A national row 20 % too large: the gap exceeds the stated 10.9 %.
    nat = ds["national_grants"].copy()
    nat.loc[{"year": 2012, "kind": "invention"}] *= 1.2
    r = au.check_provinces_sum(ds["grants"], nat, allowed=allowed)
    assert r.status == "inconsistent" and r.detail["n_outside"] == 1
    assert r.detail["outside"][0]["cell"] == "year=2012, kind=invention"
    # Provinces that add up to more than the national row (a province counted twice).
    prov = ds["in_force"].copy()
    prov.loc[{"province": "Guangdong", "year": 2020, "kind": "total"}] *= 2
    r = au.check_provinces_sum(prov, ds["national_in_force"], allowed=allowed)
    assert r.status == "inconsistent"
    assert r.detail["outside"][0]["cell"] == "year=2020, kind=total"
    assert r.detail["outside"][0]["gap"] < 0
    # A gap just below the stated 0.15 % (rounded: 0.145 %) is outside too.
    nat = ds["national_applications"].copy()
    total = ds["applications"].sel(year=2023, kind="total").sum()
    nat.loc[{"year": 2023, "kind": "total"}] = float(total) / (1 - 0.0014)
    r = au.check_provinces_sum(ds["applications"], nat, allowed=allowed)
    assert r.status == "inconsistent" and r.detail["n_outside"] == 1


def test_no_stated_gap_cannot_check_and_reports_what_it_sees():
    ds = datasets.load("cn_provincial_tech_market")
    r = au.check_provinces_sum(ds["contracts"], ds["national_contracts"], allowed=None)
    assert r.status == "cannot-check" and "states no gap" in r.detail["reason"]
    assert r.detail["cells_compared"] == 22  # 2000, 2005, 2010, 2012-2023 bought; 2017- sold
    assert r.detail["n_not_compared"] == 48 - 22
    assert r.detail["not_compared"][0] == {
        "cell": "year=2000, direction=sold",
        "reason": "province missing: Hainan, Tibet, Qinghai",
    }
    assert r.detail["not_compared"][1]["reason"] == "national row missing; every province missing"


def test_rd_expenditure_sums_within_rounding_and_not_beyond():
    ds = datasets.load("cn_provincial_rd")
    assert "100 million yuan (亿元) to one decimal" in ds.attrs["comment"]
    tol = 32 * pc.RD_PUBLISHED_HALF_UNIT  # 31 provinces and the national row, each +- 0.05e8
    assert tol == 1.6e8
    r = au.check_provinces_sum(
        ds["rd_expenditure"],
        ds["national_rd_expenditure"],
        allowed=Interval(-tol, tol),
        scale="absolute",
    )
    assert r.status == "consistent" and r.detail["cells_compared"] == 13
    # From the CSV, in 100 million yuan: the largest difference is 0.3 (2012 and 2023).
    nat: dict[int, Decimal] = {}
    tot: dict[int, Decimal] = {}
    with (DATA / "cn_provincial_rd.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            y, v = int(row["year"]), Decimal(row["rd_expenditure"])
            if row["gb_code"] == "CN":
                nat[y] = v
            else:
                tot[y] = tot.get(y, Decimal(0)) + v
    worst = max(abs(nat[y] - tot[y]) for y in nat) / Decimal(10**8)
    assert worst == Decimal("0.3")
    assert max(abs(r.detail["observed"]["lower"]), r.detail["observed"]["upper"]) == 0.3e8
    # 2 x 10^8 yuan added to one province is more than rounding can explain.
    prov = ds["rd_expenditure"].copy()
    prov.loc[{"province": "Beijing", "year": 2015}] += 2e8
    r = au.check_provinces_sum(
        prov, ds["national_rd_expenditure"], allowed=Interval(-tol, tol), scale="absolute"
    )
    assert r.status == "inconsistent" and r.detail["outside"][0]["cell"] == "year=2015"


def test_check_provinces_sum_bad_input():
    ds = datasets.load("cn_provincial_patents")
    prov, nat = ds["grants"], ds["national_grants"]
    with pytest.raises(ValueError, match="scale must be 'share' or 'absolute'"):
        au.check_provinces_sum(prov, nat, allowed=None, scale="percent")
    with pytest.raises(ValueError, match="dim='region' is not a dimension"):
        au.check_provinces_sum(prov, nat, allowed=None, dim="region")
    with pytest.raises(ValueError, match="must have the dimensions"):
        au.check_provinces_sum(prov, nat.sel(kind="total"), allowed=None)


# --------------------------------------------------------------------------- generic: cells


def test_check_cells_agree():
    a = xr.DataArray([100.0, 200.0, np.nan], dims="year", coords={"year": [2020, 2021, 2022]})
    b = xr.DataArray([100.0, 200.01, 5.0], dims="year", coords={"year": [2020, 2021, 2022]})
    r = au.check_cells_agree(a, b, rtol=1e-4)
    assert r.status == "consistent" and r.detail["cells_compared"] == 2
    assert r.detail["n_differing"] == 1 and r.detail["missing_cells"] == ["year=2022"]
    r = au.check_cells_agree(a, b, rtol=1e-6, names=("x", "y"))
    assert r.status == "inconsistent"
    assert r.detail["disagreeing"][0] == {
        "cell": "year=2021",
        "x": 200.0,
        "y": 200.01,
        "relative_difference": pytest.approx(0.01 / 200.01),
    }
    assert au.check_cells_agree(a[2:], b[2:], rtol=0.1).status == "cannot-check"
    with pytest.raises(ValueError, match="rtol must be in"):
        au.check_cells_agree(a, b, rtol=1.5)
    with pytest.raises(ValueError, match="same coordinates"):
        au.check_cells_agree(a, b.assign_coords(year=[2019, 2020, 2021]), rtol=0.1)
    with pytest.raises(ValueError, match="different dimensions"):
        au.check_cells_agree(a, b.rename(year="t"), rtol=0.1)


# --------------------------------------------------------------------------- through audit()


def test_the_audit_reports_every_provincial_check_with_its_reason():
    by = _audit_prov()
    assert tuple(by) == PROV_IDS
    assert {k: r.status for k, r in by.items()} == {
        **{k: "consistent" for k in PROV_IDS},
        "prov.tech_market_vs_national": "cannot-check",
    }
    for r in by.values():
        assert r.description and r.claims == ()
        json.dumps(r.to_dict(), allow_nan=False)
    reason = by["prov.tech_market_vs_national"].detail["reason"]
    assert "metadata states no gap" in reason
    assert "Hong Kong, Macao and Taiwan" in by["prov.patents_grants_vs_national"].detail["stated"]


def test_fujian_agrees_with_the_fujian_yearbook_where_the_concepts_match():
    r = _audit_prov()["prov.fujian_vs_fujian_patents"]
    d = r.detail
    # grants 2010-2021 and applications 2010-2016, four kinds each
    assert d["cells_compared"] == (12 + 7) * 4
    assert "grants 2010-2021; applications 2010-2016" in d["compared"]
    # two cells differ by one design grant in 2020 (35,722 against 35,723), within 0.01 %
    assert [x["cell"] for x in d["differing"]] == [
        "grants, year=2020, kind=design",
        "grants, year=2020, kind=total",
    ]
    assert (d["differing"][0]["panel"], d["differing"][0]["fujian_patents"]) == (35722, 35723)
    assert d["n_disagreeing"] == 0 and d["missing_cells"] == []
    # applications from 2017: not compared, with the reason and the figures
    assert "applications 2017-2021" in d["not_compared"]
    assert "no applications for 2021" in d["not_compared"]["applications 2017-2021"]
    after = {x["cell"]: (x["panel"], x["fujian_patents"]) for x in d["after_change"]}
    assert len(after) == 16 and after["year=2020, kind=total"] == (174_867, 180_399)


def test_perturbed_fujian_series_is_inconsistent(monkeypatch):
    fj = datasets.load("fujian_patents")
    fj["grants_invention"].loc[{"year": 2015}] = fj["grants_invention"].sel(year=2015) * 1.01
    r = _audit_prov(monkeypatch, fujian_patents=fj)["prov.fujian_vs_fujian_patents"]
    assert r.status == "inconsistent"
    assert [x["cell"] for x in r.detail["disagreeing"]] == ["grants, year=2015, kind=invention"]


def test_a_change_in_the_years_not_compared_does_not_count(monkeypatch):
    fj = datasets.load("fujian_patents")
    fj["applications_invention"].loc[{"year": 2018}] = 1.0
    r = _audit_prov(monkeypatch, fujian_patents=fj)["prov.fujian_vs_fujian_patents"]
    assert r.status == "consistent"
    assert {"cell": "year=2018, kind=invention", "panel": 37252.0, "fujian_patents": 1.0} in (
        r.detail["after_change"]
    )


def test_perturbed_panel_is_inconsistent_in_the_audit(monkeypatch):
    ds = datasets.load("cn_provincial_patents")
    ds["national_in_force"].loc[{"year": 2016, "kind": "design"}] *= 1.5
    ds["grants"].loc[{"province": "Jiangsu", "year": 2011, "kind": "utility_model"}] *= 3
    by = _audit_prov(monkeypatch, cn_provincial_patents=ds)
    assert by["prov.patents_in_force_vs_national"].status == "inconsistent"
    assert by["prov.patents_grants_vs_national"].status == "inconsistent"
    assert by["prov.patents_applications_vs_national"].status == "consistent"
    # Fujian's cells are untouched.
    assert by["prov.fujian_vs_fujian_patents"].status == "consistent"


def test_a_stated_gap_makes_the_tech_market_checkable(monkeypatch):
    tm = datasets.load("cn_provincial_tech_market")
    tm.attrs["comment"] += " The provinces sum to less, by 0.3% to 22.1% of the national row."
    r = _audit_prov(monkeypatch, cn_provincial_tech_market=tm)["prov.tech_market_vs_national"]
    assert r.status == "consistent"
    tm.attrs["comment"] = "Provinces sum to less, by 1% to 2% of the national row."
    r = _audit_prov(monkeypatch, cn_provincial_tech_market=tm)["prov.tech_market_vs_national"]
    assert r.status == "inconsistent"
    assert r.detail["turnover"]["n_outside"] > 0


def test_an_unavailable_dataset_cannot_check(monkeypatch):
    def broken(name):
        raise LookupError(f"no file for {name}")

    monkeypatch.setattr(pc, "_load", broken)
    by = _audit_prov()
    assert {r.status for r in by.values()} == {"cannot-check"}
    assert "unavailable: LookupError" in by["prov.rd_expenditure_vs_national"].detail["reason"]


@pytest.mark.skipif(
    not os.environ.get("POLICYTS_SHARED_DIR"), reason="POLICYTS_SHARED_DIR is not set"
)
def test_the_fujian_differences_are_those_of_the_shared_cross_checks():
    """Every Fujian row of cross_checks.csv marked DIFF is a cell the audit either lists as
    differing within tolerance or leaves out as a different concept (applications from 2017)."""
    path = Path(os.environ["POLICYTS_SHARED_DIR"]) / "data" / "cn_provinces" / "cross_checks.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["check"].startswith("Fujian")]
    d = _audit_prov()["prov.fujian_vs_fujian_patents"].detail
    differing = {x["cell"] for x in d["differing"]}
    after = {x["cell"]: x for x in d["after_change"]}
    for r in rows:
        _, what, kind, year = r["check"].split()
        var = "applications" if what == "apps" else "grants"
        if r["status"] == "OK":
            continue
        if var == "grants":
            assert f"grants, year={year}, kind={kind}" in differing, r
        else:
            cell = after[f"year={year}, kind={kind}"]
            assert int(year) >= 2017
            assert (cell["panel"], cell["fujian_patents"]) == (
                float(r["got"]),
                float(r["expected"]),
            )
    assert len(rows) == 46  # 2010-2020 applications and 2010-2021 grants, total and invention
