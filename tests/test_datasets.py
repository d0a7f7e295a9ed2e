"""Bundled datasets: metadata against the CSV files, values against the sources, CF attributes,
derived figures, and the strict reader for user CSV files."""

from __future__ import annotations

import csv
import io
import math
import os
import re
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyts import datasets
from policyts._series import as_series

REQUIRED = {
    "cn_invention_applications",
    "cn_applications_by_kind",
    "comparator_resident_applications",
    "cny_usd_exchange_rate",
    "fujian_patents",
    "patent_intensive_industries",
    "patent_survey_industrialisation",
    "patent_transfers_licences",
    "patent_pledge_financing",
    "cn_provincial_patents",
    "cn_provincial_tech_market",
    "cn_provincial_rd",
}
CF_ATTRS = ("units", "long_name", "source", "references", "comment")
PACKAGE = datasets.datapackage()
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}


def raw_rows(resource: dict) -> tuple[list[str], list[list[str]]]:
    """The CSV as text, read independently of the loader."""
    text = (
        resources.files("policyts.datasets")
        .joinpath("data", resource["path"])
        .read_text(encoding="utf-8")
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def loaded() -> dict[str, xr.Dataset]:
    return {name: datasets.load(name) for name in datasets.names()}


# --------------------------------------------------------------------------- datapackage


def test_package_lists_the_required_resources():
    assert PACKAGE["profile"] == "tabular-data-package"
    assert set(datasets.names()) == REQUIRED
    assert datasets.names() == [r["name"] for r in PACKAGE["resources"]]


def test_datapackage_returns_a_copy():
    pkg = datasets.datapackage()
    pkg["resources"][0]["name"] = "changed"
    assert datasets.names()[0] != "changed"
    assert datasets.datapackage()["resources"][0]["name"] == datasets.names()[0]


def _parses(value: str, kind: str) -> bool:
    if kind == "integer":
        return re.fullmatch(r"-?\d+", value) is not None
    if kind == "number":
        try:
            return math.isfinite(float(value))
        except ValueError:
            return False
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
    return kind == "string"


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_schema_matches_csv(name):
    res = RESOURCES[name]
    assert res["profile"] == "tabular-data-resource"
    for key in ("name", "path", "title", "description"):
        assert res[key], key
    fields = res["schema"]["fields"]
    header, body = raw_rows(res)
    assert header == [f["name"] for f in fields]
    assert body, "no data rows"
    key = res["schema"]["primaryKey"]
    assert set(key) <= set(header)
    keys = [tuple(row[header.index(k)] for k in key) for row in body]
    assert len(keys) == len(set(keys)), "primary key repeats"
    for row in body:
        assert len(row) == len(header)
    for j, f in enumerate(fields):
        assert f["type"] in {"integer", "number", "string", "date"}
        assert f["title"] and f["description"]
        if f["type"] in ("integer", "number") and f["name"] not in key:
            assert f.get("unit"), f"{f['name']} has no unit"
        constraints = f.get("constraints", {})
        for i, row in enumerate(body):
            cell = row[j]
            if cell == "":
                assert not constraints.get("required"), f"{f['name']} empty on row {i + 1}"
                continue
            assert _parses(cell, f["type"]), f"{f['name']}={cell!r} is not {f['type']}"
            if "enum" in constraints:
                assert cell in constraints["enum"]


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_row_source_resolves(name):
    res = RESOURCES[name]
    srcs = res["sources"]
    assert srcs
    ids = [s["id"] for s in srcs]
    assert len(ids) == len(set(ids))
    for s in srcs:
        for key in ("id", "title", "publisher", "path", "date", "date_kind"):
            assert isinstance(s[key], str) and s[key].strip(), (s.get("id"), key)
        assert s["path"].startswith(("http://", "https://")), s["path"]
        if s["date_kind"] == "undated":
            assert s["date"] == "n.d."
        elif s["date_kind"] == "edition":
            assert re.fullmatch(r"\d{4}", s["date"])
        else:
            assert s["date_kind"] == "published"
            date.fromisoformat(s["date"])
    header, body = raw_rows(res)
    j = header.index("source")
    used = set()
    for row in body:
        row_ids = row[j].split(";")
        assert row_ids and all(row_ids), row
        assert set(row_ids) <= set(ids), row[j]
        used |= set(row_ids)
    assert used, "no row cites a source"


def test_wdi_sources_name_the_commit_and_licence():
    for name in ("comparator_resident_applications", "cny_usd_exchange_rate"):
        res = RESOURCES[name]
        assert [lic["name"] for lic in res["licenses"]] == ["CC-BY-4.0"]
        (src,) = res["sources"]
        assert src["commit"] in src["path"] and len(src["commit"]) == 40
    assert RESOURCES["cn_invention_applications"]["licenses"][0]["name"] == "CC-BY-4.0"


PERIOD_RESOURCES = ("patent_transfers_licences", "patent_pledge_financing")


@pytest.mark.parametrize("name", PERIOD_RESOURCES)
def test_period_rows_are_consistent(name):
    res = RESOURCES[name]
    units = {m["name"]: m["unit"] for m in res["measures"]}
    header, body = raw_rows(res)
    rows = [dict(zip(header, r, strict=True)) for r in body]
    assert {r["measure"] for r in rows} == set(units), "declared and used measures differ"
    expected_end = {
        "full_year": "12-31",
        "first_half": "06-30",
        "first_three_quarters": "09-30",
        "january_to_october": "10-31",
    }
    for r in rows:
        assert r["unit"] == units[r["measure"]], r
        start, end = date.fromisoformat(r["period_start"]), date.fromisoformat(r["period_end"])
        kind = r["period_kind"]
        if kind == "multi_year_cumulative":
            assert (end - start).days > 366 * 3
            assert re.fullmatch(r"\d{4}-\d{4}", r["period_label"])
        else:
            assert start.year == end.year and (start.month, start.day) == (1, 1)
            assert r["period_end"][5:] == expected_end[kind], r
            assert r["period_label"][:4] == str(start.year)
        if kind == "full_year":
            assert r["period_label"] == str(start.year)
        if units[r["measure"]] == "CNY" and r["value"]:
            assert float(r["value"]) > 1e9, "an amount still in 亿 or billions"


def _published_amount(text: str) -> float:
    """Turn a figure as published (亿元, 'bn', 'billion') into yuan."""
    m = re.search(r"([\d.,]+)\s*亿元", text)
    if m:
        return float(m.group(1).replace(",", "")) * 1e8
    m = re.search(r"([\d.,]+)\s*(bn|billion)", text)
    assert m, text
    return float(m.group(1).replace(",", "")) * 1e9


@pytest.mark.parametrize("name", PERIOD_RESOURCES)
def test_currency_is_converted_to_yuan(name):
    header, body = raw_rows(RESOURCES[name])
    rows = [dict(zip(header, r, strict=True)) for r in body]
    checked = 0
    for r in rows:
        if r["unit"] == "CNY" and r["value"]:
            assert float(r["value"]) == pytest.approx(_published_amount(r["as_published"]))
            checked += 1
    assert checked == (0 if name == "patent_transfers_licences" else 15)


# --------------------------------------------------------------------------- CF attributes


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_variable_has_cf_attributes(loaded, name):
    ds = loaded[name]
    assert ds.attrs["title"] == RESOURCES[name]["title"]
    assert ds.attrs["citation"] == datasets.citation(name)
    for var in ds.data_vars:
        attrs = ds[var].attrs
        for key in CF_ATTRS:
            assert isinstance(attrs.get(key), str) and attrs[key].strip(), (var, key)
        if str(var).endswith("_status"):
            assert ds[var].dtype == np.int8
            np.testing.assert_array_equal(attrs["flag_values"], [0, 1, 2])
            assert attrs["flag_meanings"] == "seen derived missing"
            base = ds[str(var).removesuffix("_status")]
            assert base.attrs["ancillary_variables"] == var
            np.testing.assert_array_equal(ds[var] == 2, base.isnull())
        else:
            assert ds[var].dtype == np.float64
    for src in datasets.sources(name):
        if any(src["id"] in str(cell) for cell in np.ravel(ds["source_id"].values)):
            assert src["path"] in ds.attrs["references"]
            assert src["path"] in datasets.citation(name)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_year_axis_is_integer_and_consecutive(loaded, name):
    ds = loaded[name]
    if "year" not in ds.dims:
        assert "period" in ds.dims
        return
    years = ds["year"].values
    assert years.dtype == np.int64
    np.testing.assert_array_equal(np.diff(years), 1)


def test_variable_source_lists_only_its_own_files(loaded):
    ds = loaded["cn_invention_applications"]
    assert "IP.PAT.RESD" in ds["resident"].attrs["source"]
    assert "IP.PAT.NRES" not in ds["resident"].attrs["source"]
    assert "IP.PAT.NRES" in ds["nonresident"].attrs["source"]
    assert "Statistical Yearbook 2022" in ds["nonresident"].attrs["source"]


# --------------------------------------------------------------------------- values


def test_invention_applications_values(loaded):
    ds = loaded["cn_invention_applications"]
    assert int(ds.year[0]) == 1985 and int(ds.year[-1]) == 2022
    res, nres = ds["resident"], ds["nonresident"]
    assert res.sel(year=2016) == 1_204_981
    assert nres.sel(year=1998) == 33_645
    assert res.sel(year=2022) == 1_464_605
    assert nres.sel(year=2022) == 154_663
    assert res.sel(year=1985) == 4_065
    # Totals printed in data-sources.md section 1a (sum column).
    for year, total in {1985: 8_558, 2000: 51_906, 2016: 1_338_503, 2019: 1_400_661}.items():
        assert res.sel(year=year) + nres.sel(year=year) == total
    assert not res.isnull().any() and not nres.isnull().any()


def test_invention_applications_record_the_2017_break(loaded):
    ds = loaded["cn_invention_applications"]
    basis = ds["counting_basis"].to_series()
    assert set(basis.loc[:2016]) == {"filings_received"}
    assert set(basis.loc[2017:]) == {"applications"}
    for where in (
        ds["resident"].attrs["comment"],
        RESOURCES[ds.attrs["dataset_name"]]["description"],
    ):
        assert "2017" in where and "received" in where
    ids = ds["source_id"].to_series()
    assert ids.loc[2016] == "wdi_ip_pat_resd;wdi_ip_pat_nres"
    assert "cnipa_yearbook_2022_t1_2" in ids.loc[2018] and "wdi_ip_pat_resd" in ids.loc[2018]
    assert ids.loc[2019] == "cnipa_yearbook_2022_t1_2"


def test_applications_by_kind(loaded):
    ds = loaded["cn_applications_by_kind"]
    assert list(ds["kind"].values) == ["invention", "utility_model", "design"]
    np.testing.assert_array_equal(
        ds["applications_total"], ds["applications_domestic"] + ds["applications_foreign"]
    )
    assert ds["applications_total"].sel(year=2020, kind="utility_model") == 2_926_633
    assert ds["applications_foreign"].sel(year=2022, kind="design") == 17_055
    assert ds["applications_domestic"].sel(year=2017, kind="utility_model") == 1_679_807
    inv = loaded["cn_invention_applications"].sel(year=slice(2017, 2022))
    np.testing.assert_array_equal(
        ds["applications_domestic"].sel(kind="invention"), inv["resident"]
    )
    np.testing.assert_array_equal(
        ds["applications_foreign"].sel(kind="invention"), inv["nonresident"]
    )


def test_comparators(loaded):
    ds = loaded["comparator_resident_applications"]
    assert ds["resident"].dims == ("economy", "year")
    assert list(ds["economy"].values) == [
        "CHN",
        "USA",
        "JPN",
        "KOR",
        "DEU",
        "GBR",
        "FRA",
        "IND",
        "BRA",
    ]
    assert ds["resident"].sel(economy="USA", year=2018) == 285_095
    assert ds["resident"].sel(economy="JPN", year=1985) == 274_348
    assert ds["resident"].sel(economy="BRA", year=2017) == 5_480
    chn = loaded["cn_invention_applications"]["resident"].sel(year=slice(1985, 2018))
    np.testing.assert_array_equal(ds["resident"].sel(economy="CHN"), chn)


def test_exchange_rate(loaded):
    ds = loaded["cny_usd_exchange_rate"]
    rate = ds["cny_per_usd"]
    assert rate.attrs["units"] == "CNY per USD"
    assert rate.sel(year=1985) == 2.9366583333
    assert rate.sel(year=1994) == 8.6187426667
    assert rate.sel(year=2022) == 6.7371581124
    assert list(ds["year"].values) == list(range(1985, 2023))


def test_fujian(loaded):
    ds = loaded["fujian_patents"]
    assert list(ds["year"].values) == list(range(1987, 2022))
    assert ds["applications_total"].sel(year=2018) == 166_610
    assert ds["grants_total"].sel(year=2021) == 153_814
    assert ds["applications_invention"].sel(year=1987) == 84
    assert ds["grants_utility_model"].sel(year=1995) == 439
    assert "489" in str(ds["note"].sel(year=1995).item())
    assert "2017" in ds["applications_total"].attrs["comment"]
    # No interpolation: the 2021 applications are not published.
    for kind in ("total", "invention", "utility_model", "design"):
        assert np.isnan(ds[f"applications_{kind}"].sel(year=2021))
    # The kinds add to the printed totals in every row (research notes, section 2a).
    for measure in ("applications", "grants"):
        parts = sum(ds[f"{measure}_{k}"] for k in ("invention", "utility_model", "design"))
        total = ds[f"{measure}_total"]
        both = total.notnull()
        np.testing.assert_array_equal(parts.where(both), total.where(both))
    assert int(ds["applications_total"].notnull().sum()) == 34


def test_patent_intensive_industries(loaded):
    ds = loaded["patent_intensive_industries"]
    va, share = ds["value_added"], ds["gdp_share"]
    assert va.attrs["units"] == "CNY" and share.attrs["units"] == "1"
    assert va.sel(year=2024) == 1.804e13
    assert share.sel(year=2024) == 0.1338
    assert va.sel(year=2018) == 1.071e13
    assert va.sel(year=2020) == 1.21289e13
    assert share.sel(year=2020) == 0.1197
    assert "12.60" in va.attrs["comment"] and "revised" in share.attrs["comment"]
    # Stated share changes agree with the levels where both are seen.
    assert share.sel(year=2021) - share.sel(year=2020) == pytest.approx(0.0047, abs=1e-12)
    assert share.sel(year=2024) - share.sel(year=2023) == pytest.approx(0.0034, abs=1e-12)


def test_patent_intensive_2019_is_derived_and_flagged():
    ds = datasets.load("patent_intensive_industries")
    assert ds["value_added"].sel(year=2019) == pytest.approx(1.21289e13 / 1.058, rel=1e-12)
    assert ds["gdp_share"].sel(year=2019) == pytest.approx(0.1197 - 0.0035, abs=1e-15)
    assert ds["value_added"].sel(year=2019) == pytest.approx(11.46e12, rel=5e-4)
    for var in ("value_added", "gdp_share"):
        status = ds[f"{var}_status"].to_series()
        assert status.loc[2019] == 1
        assert (status.drop(2019) == 0).all()
        assert "DERIVED" in ds[var].attrs["comment"]
    assert "1.21289e+13 / (1 + 0.058)" in ds["value_added"].attrs["comment"]
    assert "0.1197 - 0.0035" in ds["gdp_share"].attrs["comment"]

    seen = datasets.load("patent_intensive_industries", include_derived=False)
    for var in ("value_added", "gdp_share"):
        assert np.isnan(seen[var].sel(year=2019))
        assert seen[f"{var}_status"].sel(year=2019) == 2
        assert "DERIVED" not in seen[var].attrs["comment"]
        xr.testing.assert_equal(seen[var].drop_sel(year=2019), ds[var].drop_sel(year=2019))
    assert "not included" in seen.attrs["derived_values"]


def test_survey_rates_derived_and_qualified():
    ds = datasets.load("patent_survey_industrialisation")
    rate, status = ds["industrialisation_rate"], ds["industrialisation_rate_status"]
    assert rate.sel(year=2021, patentee="all") == 0.354
    assert rate.sel(year=2024, patentee="enterprises") == 0.533
    assert rate.sel(year=2020, patentee="all") == pytest.approx(0.354 - 0.007, abs=1e-15)
    assert rate.sel(year=2020, patentee="enterprises") == pytest.approx(0.468 - 0.019, abs=1e-15)
    assert int(status.sel(year=2020, patentee="all")) == 1
    assert int(status.sel(year=2020, patentee="enterprises")) == 1
    assert int((status == 1).sum()) == 2
    assert np.isnan(rate.sel(year=2024, patentee="all"))
    assert rate.sel(year=2021, patentee="universities") == 0.03
    assert ds["qualifier"].sel(year=2021, patentee="universities") == "only"
    # Stated changes agree with the seen levels of the year before.
    change = ds["rate_change"]
    for year, who in ((2023, "all"), (2023, "enterprises"), (2024, "enterprises")):
        prev = rate.sel(year=year - 1, patentee=who)
        assert rate.sel(year=year, patentee=who) - change.sel(year=year, patentee=who) == (
            pytest.approx(float(prev), abs=1e-12)
        )
    seen = datasets.load("patent_survey_industrialisation", include_derived=False)
    assert seen["industrialisation_rate"].sel(year=2020).isnull().all()
    assert (seen["industrialisation_rate_status"].sel(year=2020) == 2).all()


def test_transfers_periods_cannot_be_mistaken(loaded):
    ds = loaded["patent_transfers_licences"]
    assert ds["transfers_and_licences"].dims == ("period",)
    h1 = ds.sel(period="2024H1")
    assert h1["period_kind"] == "first_half"
    assert h1["period_start"] == np.datetime64("2024-01-01")
    assert h1["period_end"] == np.datetime64("2024-06-30")
    assert h1["univ_inst_transfers_and_licences"] == 23_000
    assert ds.sel(period="2024Q1-Q3")["period_kind"] == "first_three_quarters"
    assert ds["transfers_and_licences"].sel(period="2021") == 420_000
    assert ds["transfers_and_licences_recorded"].sel(period="2024") == 613_000
    assert ds["patent_transfers"].sel(period="2015") == 110_000
    assert ds["qualifier"].sel(period="2015", measure="patent_transfers") == "more than"
    assert ds["transfers_and_licences"].attrs["units"] == "transactions"
    assert ds["transfers_and_licences_recorded"].attrs["units"] == "recorded filings"
    # Per-cell provenance: the H1 2024 figure is from SCIO, the year 2024 from Economic Daily.
    ids = ds["source_id"]
    assert ids.sel(period="2024H1", measure="univ_inst_transfers_and_licences") == (
        "scio_2025_01_10"
    )
    assert ids.sel(period="2024", measure="transfers_and_licences_recorded") == (
        "jingjiribao_2025_03_30"
    )
    assert ids.sel(period="2024", measure="patent_transfers") == ""


def test_transfers_2023_derived():
    ds = datasets.load("patent_transfers_licences")
    national = ds["transfers_and_licences_recorded"].sel(period="2023")
    assert national == pytest.approx(613_000 / 1.299, rel=1e-12)
    assert national == pytest.approx(472_000, rel=1e-3)
    univ = ds["univ_inst_transfers_and_licences_recorded"].sel(period="2023")
    assert univ == pytest.approx(76_000 / 1.391, rel=1e-12)
    assert ds["transfers_and_licences_recorded_status"].sel(period="2023") == 1
    assert ds["transfers_and_licences_recorded_status"].sel(period="2024") == 0
    seen = datasets.load("patent_transfers_licences", include_derived=False)
    assert np.isnan(seen["transfers_and_licences_recorded"].sel(period="2023"))
    assert seen["transfers_and_licences_recorded_status"].sel(period="2023") == 2


def test_pledge_financing(loaded):
    ds = loaded["patent_pledge_financing"]
    ptm = ds["patent_trademark_pledge_amount"]
    assert ptm.attrs["units"] == "CNY"
    assert ptm.sel(period="2021") == 3.098e11
    assert ptm.sel(period="2022") == 4.8688e11
    assert ptm.sel(period="2023Q1-Q3") == 4.95e11
    assert ds["patent_pledge_amount"].sel(period="2013") == 2.54e10
    assert ds["patent_pledge_amount"].sel(period="2008-2013") == 6.38e10
    assert ds["ip_pledge_registered_amount"].sel(period="2024H1") == 4.199e11
    assert ds.sel(period="2008-2013")["period_kind"] == "multi_year_cumulative"
    assert ds.sel(period="2020Jan-Oct")["period_end"] == np.datetime64("2020-10-31")
    q = ds["qualifier"]
    assert q.sel(period="2021", measure="patent_trademark_pledge_amount_growth") == "about"
    assert q.sel(period="2022", measure="patent_trademark_pledge_amount_growth") == "more than"
    # Stated growth rates agree with the seen levels of the same period a year earlier.
    growth = ptm.sel(period="2024Q1-Q3") / ptm.sel(period="2023Q1-Q3") - 1
    assert growth == pytest.approx(0.60, abs=5e-4)
    assert ptm.sel(period="2021") / ptm.sel(period="2020") - 1 == pytest.approx(0.42, abs=5e-3)
    unstated = ds["pledge_amount_scope_unstated"]
    assert unstated.sel(period="2022H1") / unstated.sel(period="2021H1") - 1 == pytest.approx(
        0.515, abs=1e-3
    )


def test_pledge_derived_years():
    ds = datasets.load("patent_pledge_financing")
    assert ds["patent_pledge_amount"].sel(period="2012") == pytest.approx(2.54e10 / 1.8, rel=1e-12)
    assert ds["patent_trademark_pledge_amount"].sel(period="2019") == pytest.approx(
        2.18e11 / 1.439, rel=1e-12
    )
    assert ds["patent_pledge_amount_status"].sel(period="2012") == 1
    assert ds["patent_trademark_pledge_amount_status"].sel(period="2019") == 1
    assert int((ds["patent_trademark_pledge_amount_status"] == 1).sum()) == 1
    seen = datasets.load("patent_pledge_financing", include_derived=False)
    assert np.isnan(seen["patent_pledge_amount"].sel(period="2012"))
    assert np.isnan(seen["patent_trademark_pledge_amount"].sel(period="2019"))


# --------------------------------------------------------------------------- load errors


def test_load_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown dataset 'nope'.*cn_invention_applications"):
        datasets.load("nope")
    with pytest.raises(ValueError, match="unknown dataset"):
        datasets.sources("nope")
    with pytest.raises(ValueError, match="unknown dataset"):
        datasets.citation("nope")
    with pytest.raises(ValueError, match="must be a string"):
        datasets.load(3)  # type: ignore[arg-type]


def test_citation_names_publisher_and_licence():
    text = datasets.citation("cny_usd_exchange_rate")
    assert text.startswith("World Bank. World Development Indicators, PA.NUS.FCRF")
    assert "0cf74c754ac1f8b7e9fb13586ec6dd629b1a8ae9" in text
    assert "Creative Commons Attribution 4.0" in text


# --------------------------------------------------------------------------- read_csv


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_csv_years_keeps_missing_as_nan(tmp_path):
    path = write(tmp_path, "year,a,b\n2000,1.5,10\n2001,,11\n2002,NA,12\n")
    ds = datasets.read_csv(path, time="year")
    assert list(ds.dims) == ["year"]
    assert ds["year"].dtype == np.int64
    np.testing.assert_array_equal(ds["year"], [2000, 2001, 2002])
    np.testing.assert_array_equal(ds["a"], [1.5, np.nan, np.nan])
    np.testing.assert_array_equal(ds["b"], [10.0, 11.0, 12.0])
    assert ds.attrs["frequency"] == "year"
    assert ds.attrs["time_column"] == "year"


def test_read_csv_quarters_dates_and_column_choice(tmp_path):
    path = write(tmp_path, "when,x,label\n2020Q3,1,a\n2020Q4,2,b\n2021Q1,3,c\n")
    ds = datasets.read_csv(path, time="when", columns=["x"])
    assert list(ds.dims) == ["time"] and list(ds.data_vars) == ["x"]
    assert list(ds["time"].values) == ["2020Q3", "2020Q4", "2021Q1"]
    assert as_series(ds["x"]).freq.startswith("Q")
    path = write(tmp_path, "date,x\n2020-01-31,1\n2020-02-29,2\n2020-03-31,3\n", "d.csv")
    ds = datasets.read_csv(path, time="date")
    assert ds["time"].values[1] == np.datetime64("2020-02-29")
    path = write(tmp_path, "month,x\n2020-11,1\n2020-12,2\n2021-01,3\n", "m.csv")
    assert list(datasets.read_csv(path, time="month")["time"].values) == [
        "2020-11",
        "2020-12",
        "2021-01",
    ]


@pytest.mark.parametrize(
    ("text", "kwargs", "match"),
    [
        ("", {}, "file is empty"),
        ("year,a\n", {}, "no data rows"),
        ("yr,a\n2000,1\n", {}, r"time column 'year' not found; available columns: 'yr', 'a'"),
        ("year,a\n2000,1\n", {"columns": ["b"]}, r"column 'b' not found.*'year', 'a'"),
        ("year,a\n2000,1\n2000,2\n", {}, r"duplicate time label '2000'.*lines 2 and 3"),
        ("year,a\n2001,1\n2000,2\n", {}, r"not sorted: '2000' on line 3"),
        ("year,a\n2000,1\n2001,x\n", {}, r"column 'a' has a non-numeric value 'x' on line 3"),
        ('year,a\n2000,"1,234"\n', {}, r"non-numeric value '1,234'.*thousands separators"),
        ("year,a\n2000,5%\n", {}, r"non-numeric value '5%'"),
        ("year,a\n2000,inf\n", {}, r"non-numeric value 'inf'"),
        ("year,a\n2000,1\n2002,2\n", {}, r"'2000' on line 2 is followed by '2002'.*never skipped"),
        ("t,a\n2020,1\n2020-03,2\n", {"time": "t"}, r"mixes frequencies.*'2020-03' \(line 3\)"),
        (
            "t,a\n2020-01-31,1\n2020-02-29,2\n2020-05-31,3\n2020-06-30,4\n",
            {"time": "t"},
            "mixes frequencies or has irregular dates",
        ),
        ("t,a\n2020-01,1\n2020-03,2\n", {"time": "t"}, r"'2020-01' on line 2 is followed by"),
        ("year,a\n2020-01,1\n", {}, "must hold integer years"),
        ("year,a\n2000,1,7\n", {}, r"line 2 has 3 fields but the header has 2"),
        ("year,a,a\n2000,1,2\n", {}, r"'a' appears twice"),
        ("year,,b\n2000,1,2\n", {}, r"column 2 of the header has no name"),
        ("year,a,name\n2000,1,x\n", {}, r"column 'name' has a non-numeric value 'x'"),
        ("year,a\n,1\n", {}, r"line 2 has an empty time label"),
        ("t,a\nspring,1\n", {"time": "t"}, r"'spring' on line 2 is not a year"),
        ("t,a\n2020-02-30,1\n", {"time": "t"}, r"'2020-02-30' on line 2 is not a valid date"),
        ("year,a\n2000,1\n", {"columns": ["year"]}, "is the time column"),
    ],
)
def test_read_csv_errors(tmp_path, text, kwargs, match):
    path = write(tmp_path, text)
    kwargs = {"time": "year", **kwargs}
    with pytest.raises(ValueError, match=match):
        datasets.read_csv(path, **kwargs)


def test_read_csv_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"does not exist"):
        datasets.read_csv(tmp_path / "absent.csv", time="year")
    with pytest.raises(ValueError, match=r"is a directory"):
        datasets.read_csv(tmp_path, time="year")


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.integers(min_value=1900, max_value=2100),
    values=st.lists(st.one_of(finite, st.none()), min_size=1, max_size=30),
)
def test_read_csv_round_trips_exactly(tmp_path, start, values):
    lines = ["year,y"] + [
        f"{start + i},{'' if v is None else repr(v)}" for i, v in enumerate(values)
    ]
    path = write(tmp_path, "\n".join(lines) + "\n", "prop.csv")
    ds = datasets.read_csv(path, time="year")
    expected = np.array([np.nan if v is None else v for v in values])
    np.testing.assert_array_equal(ds["y"].values, expected)
    np.testing.assert_array_equal(ds["year"], np.arange(start, start + len(values)))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(n=st.integers(min_value=3, max_value=25), data=st.data())
def test_read_csv_never_skips_a_missing_year(tmp_path, n, data):
    drop = data.draw(st.integers(min_value=1, max_value=n - 2))
    years = [2000 + i for i in range(n) if i != drop]
    path = write(tmp_path, "year,y\n" + "".join(f"{y},1\n" for y in years), "gap.csv")
    match = rf"'{2000 + drop - 1}' on line {drop + 1} is followed by '{2000 + drop + 1}'"
    with pytest.raises(ValueError, match=match):
        datasets.read_csv(path, time="year")


# --------------------------------------------------------------------------- shared data

SHARED = os.environ.get("POLICYTS_SHARED_DIR")
needs_shared = pytest.mark.skipif(not SHARED, reason="POLICYTS_SHARED_DIR is not set")


def shared_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(Path(str(SHARED)) / "data" / name, dtype={"year": int})


@needs_shared
def test_wdi_rows_equal_the_transcribed_files(loaded):
    resd = shared_csv("wdi_ip_pat_resd_selected.csv")
    comp = loaded["comparator_resident_applications"]["resident"]
    for row in resd.itertuples():
        assert comp.sel(economy=row.economy, year=row.year) == row.ip_pat_resd
    assert comp.notnull().sum() == len(resd)
    inv = loaded["cn_invention_applications"]
    chn = resd[resd.economy == "CHN"].set_index("year")["ip_pat_resd"]
    np.testing.assert_array_equal(inv["resident"].sel(year=chn.index), chn.to_numpy())
    nres = shared_csv("wdi_ip_pat_nres_china.csv").set_index("year")["ip_pat_nres"]
    np.testing.assert_array_equal(inv["nonresident"].sel(year=nres.index), nres.to_numpy())
    fx = shared_csv("wdi_pa_nus_fcrf_china.csv").set_index("year")["pa_nus_fcrf"]
    rate = loaded["cny_usd_exchange_rate"]["cny_per_usd"]
    np.testing.assert_array_equal(rate.sel(year=fx.index), fx.to_numpy())
    # Same decimal strings, not only the same floats.
    shared_text = (Path(str(SHARED)) / "data" / "wdi_pa_nus_fcrf_china.csv").read_text()
    _, body = raw_rows(RESOURCES["cny_usd_exchange_rate"])
    for year, value, _ in body:
        assert f"CHN,{year},{value}\n" in shared_text


def _md_table(section: str) -> list[list[str]]:
    text = (Path(str(SHARED)) / "data-sources.md").read_text(encoding="utf-8")
    start = text.index(section)
    rows: list[list[str]] = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                rows.append(cells)
        elif rows:
            break  # the first table of the section ends here
    return rows


def _count(cell: str) -> float:
    cell = cell.replace(",", "").replace("*", "").strip()
    return math.nan if cell in ("—", "") else float(cell)


@needs_shared
def test_national_and_fujian_tables_equal_the_research_notes(loaded):
    inv = loaded["cn_invention_applications"]
    table = [r for r in _md_table("### 1a.")[1:] if r[0].isdigit() and int(r[0]) <= 2022]
    assert len(table) == 38
    for row in table:
        year = int(row[0])
        assert inv["resident"].sel(year=year) == _count(row[1]), year
        assert inv["nonresident"].sel(year=year) == _count(row[2]), year
    kind = loaded["cn_applications_by_kind"]
    table = [r for r in _md_table("### 1b.")[1:] if r[0].isdigit()]
    assert len(table) == 6
    for row in table:
        year = int(row[0])
        for k, name in enumerate(("invention", "utility_model", "design")):
            sel = {"year": year, "kind": name}
            assert kind["applications_total"].sel(sel) == _count(row[1 + k])
            assert kind["applications_domestic"].sel(sel) == _count(row[4 + k])
            assert kind["applications_foreign"].sel(sel) == _count(row[7 + k])
    fj = loaded["fujian_patents"]
    table = _md_table("### 2a.")[1:]
    assert len(table) == 35
    cols = [
        f"{m}_{k}"
        for m in ("applications", "grants")
        for k in ("total", "invention", "utility_model", "design")
    ]
    for row in table:
        year = int(row[0])
        for col, cell in zip(cols, row[1:], strict=True):
            got, want = float(fj[col].sel(year=year)), _count(cell)
            assert got == want or (math.isnan(got) and math.isnan(want)), (year, col)
