"""``datasets.load`` parses each bundled dataset once and hands every caller its own copy."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from policyts import datasets
from policyts.datasets import _bundled


def _fresh(name: str, include_derived: bool = True) -> xr.Dataset:
    """Parse the files again, bypassing the cache."""
    return _bundled._parsed.__wrapped__(name, include_derived)


def _mutate_everything(ds: xr.Dataset) -> None:
    """Change a loaded dataset in every way a caller might: values and text in place,
    attributes (and arrays held in them) in place, variables added and dropped."""
    var = next(str(v) for v in ds.data_vars if not str(v).endswith("_status"))
    ds[var].values[...] = -1.0
    ds[var].attrs["units"] = "changed"
    ds[var].attrs["new"] = "added"
    ds.attrs["title"] = "changed"
    ds.attrs.pop("citation")
    ds["source_id"].values[...] = "changed"
    ds["source_id"].attrs["long_name"] = "changed"
    for name in ds.data_vars:
        flags = ds[name].attrs.get("flag_values")
        if flags is not None:
            flags[...] = 7  # in place: a shallow copy of attrs would share this array
            ds[name].values[...] = 7
    ds["added"] = ds[var] * 2
    del ds[var]


@pytest.mark.parametrize("name", datasets.names())
def test_a_changed_dataset_does_not_change_the_next_load(name: str) -> None:
    first = datasets.load(name)
    _mutate_everything(first)
    again = datasets.load(name)
    xr.testing.assert_identical(again, _fresh(name))
    assert "added" not in again and again.attrs["title"] != "changed"


def test_each_call_returns_its_own_arrays() -> None:
    a = datasets.load("cn_invention_applications")
    b = datasets.load("cn_invention_applications")
    assert a is not b
    for name in a.variables:
        values = a[name].values
        if values.flags.writeable:
            assert not np.shares_memory(values, b[name].values), name
        else:  # index coordinates are read-only (pandas indexes), so sharing them is safe
            assert name in a.indexes, name
    status = "resident_status" if "resident_status" in a else None
    if status is not None:
        assert a[status].attrs["flag_values"] is not b[status].attrs["flag_values"]


def test_derived_and_not_derived_are_kept_apart() -> None:
    name = "patent_intensive_industries"
    with_derived = datasets.load(name)
    without = datasets.load(name, include_derived=False)
    xr.testing.assert_identical(with_derived, _fresh(name, True))
    xr.testing.assert_identical(without, _fresh(name, False))
    # the 2019 value added is derived from 2020 and its stated growth
    assert int(with_derived["value_added_status"].sel(year=2019)) == _bundled.STATUS_DERIVED
    assert int(without["value_added_status"].sel(year=2019)) == _bundled.STATUS_MISSING
    # a truthy flag is the same request as True
    xr.testing.assert_identical(datasets.load(name, include_derived=1), with_derived)  # type: ignore[arg-type]


def test_bad_names_still_fail_after_caching() -> None:
    datasets.load("cny_usd_exchange_rate")
    for _ in range(2):  # an error is never cached as a result
        with pytest.raises(ValueError, match="unknown dataset 'no_such'; valid names are"):
            datasets.load("no_such")
    with pytest.raises(ValueError, match="dataset name must be a string, got list"):
        datasets.load(["cny_usd_exchange_rate"])  # type: ignore[arg-type]
