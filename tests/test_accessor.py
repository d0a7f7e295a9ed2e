"""The ``policyts`` DataArray accessor: same numbers as the functions, for one series and
for panels; registration on ``import policyts`` without heavy imports."""

from __future__ import annotations

import subprocess
import sys
import types

import numpy as np
import pytest
import xarray as xr

import policyts.accessor  # noqa: F401  (registers the accessor)
from policyts.models import bai_perron, chow, cusum, sup_f
from policyts.models.panel import bai_perron_panel, chow_panel, cusum_panel, sup_f_panel

YEARS = np.arange(1985, 2025)


@pytest.fixture
def panel() -> xr.DataArray:
    rng = np.random.default_rng(42)
    data = rng.standard_normal((3, 40))
    data[1, 22:] += 3.0
    return xr.DataArray(
        data,
        dims=("province", "year"),
        coords={"province": ["Anhui", "Fujian", "Hubei"], "year": YEARS},
        name="growth",
        attrs={"units": "percent", "source": "simulated"},
    )


def test_panel_methods_return_the_panel_functions_results(panel: xr.DataArray) -> None:
    acc = panel.policyts
    xr.testing.assert_identical(acc.sup_f(trend=True), sup_f_panel(panel, trend=True))
    xr.testing.assert_identical(acc.chow(at=2007), chow_panel(panel, at=2007))
    xr.testing.assert_identical(
        acc.cusum(kind="ols-mosum", h=0.2), cusum_panel(panel, kind="ols-mosum", h=0.2)
    )
    xr.testing.assert_identical(acc.breaks(max_breaks=2), bai_perron_panel(panel, max_breaks=2))
    res = acc.breaks(max_breaks=2)
    assert int(res.selected_m.sel(province="Fujian")) == 1
    assert float(res.break_label.sel(province="Fujian", **{"break": 1})) == 2007
    assert res.attrs["input_units"] == "percent"


def test_one_series_returns_the_single_series_result(panel: xr.DataArray) -> None:
    y = panel.sel(province="Fujian")
    s = y.policyts.sup_f(trend=True)
    assert s.wald == sup_f(y, trend=True).wald and s.break_label == 2007
    assert y.policyts.chow(at=2007, dim="year").stat == chow(y, at=2007).stat
    assert y.policyts.cusum(kind="rec-cusum").stat == cusum(y, kind="rec-cusum").stat
    bp = y.policyts.breaks(max_breaks=2)
    assert [b.label for b in bp.breaks] == [b.label for b in bai_perron(y, max_breaks=2).breaks]
    x = np.random.default_rng(0).standard_normal(40)
    assert y.policyts.sup_f(x).wald == sup_f(y, x).wald


def test_accessor_errors(panel: xr.DataArray) -> None:
    y = panel.sel(province="Anhui")
    with pytest.raises(ValueError, match="'time' is not the dimension of this series"):
        y.policyts.sup_f(dim="time")
    with pytest.raises(ValueError, match="apply to panels of series only"):
        y.policyts.chow(at=2000, span="observed")
    with pytest.raises(ValueError, match="time dimension 'time' is not among"):
        panel.policyts.sup_f(dim="time")


def test_effect_is_wired_to_the_effect_models(
    panel: xr.DataArray, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def effect(y: xr.DataArray, *args: object, **kwargs: object) -> str:
        calls.append((y.name, args, kwargs))
        return "fitted"

    fake = types.ModuleType("policyts.models.effects")
    fake.effect = effect  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "policyts.models.effects", fake)
    assert panel.sel(province="Hubei").policyts.effect(at=2008) == "fitted"
    assert calls == [("growth", (), {"at": 2008})]
    with pytest.raises(ValueError, match="effect models take one series"):
        panel.policyts.effect(at=2008)


def test_effect_calls_the_effect_models_for_one_series() -> None:
    effects = pytest.importorskip("policyts.models.effects")
    from policyts import datasets

    y = np.log(datasets.load("cn_invention_applications")["resident"])
    got = y.policyts.effect(event="ip_strategy_2008", placebo=False, bootstrap=99)
    want = effects.effect(y, event="ip_strategy_2008", placebo=False, bootstrap=99)
    assert type(got) is type(want) and got.first_treated == want.first_treated == 2008
    assert got.summary() == want.summary()


def test_effect_without_effect_models(panel: xr.DataArray, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "policyts.models.effects", types.ModuleType("empty"))
    with pytest.raises(ValueError, match="effect models are not available in this version"):
        panel.sel(province="Hubei").policyts.effect(at=2008)


def test_import_policyts_registers_the_accessor_without_heavy_imports() -> None:
    code = (
        "import sys, xarray as xr, policyts\n"
        "heavy = [m for m in ('dask', 'matplotlib', 'scipy', 'statsmodels') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "da = xr.DataArray([1.0, 2.0], dims='year')\n"
        "assert hasattr(da, 'policyts'), 'accessor not registered'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
