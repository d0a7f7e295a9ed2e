"""The report's figure pool: paints travel pickled, figures match those drawn in-process,
and a figure that fails raises when the pool is closed."""

from __future__ import annotations

import functools
import pickle
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
import xarray as xr

from policyts.report._figures import Figures, _pickled, _plot


def _series() -> xr.DataArray:
    rng = np.random.default_rng(3)
    years = np.arange(1990, 2020)
    values = np.r_[np.zeros(15), np.full(15, 2.0)] + 0.1 * rng.standard_normal(30)
    return xr.DataArray(values, coords={"year": years}, dims="year", name="y")


@pytest.fixture(scope="module")
def res() -> object:
    """An effect result (its coefficients and details are read-only mappings)."""
    from policyts.models.effects import effect

    y = xr.DataArray(
        np.exp(np.linspace(1.0, 3.0, 30) + np.r_[np.zeros(20), np.full(10, 0.3)]),
        coords={"year": np.arange(1990, 2020)},
        dims="year",
        name="y",
    )
    return effect(y, event="ip_strategy_2008", log=True, placebo=False)


def test_read_only_mappings_of_results_survive_the_pickle(res: object) -> None:
    payload = _pickled(functools.partial(_plot, "counterfactual", res))
    assert payload is not None
    back = pickle.loads(payload).args[1]
    assert isinstance(back.coefficients, MappingProxyType)
    assert dict(back.coefficients) == dict(res.coefficients)  # type: ignore[attr-defined]
    assert _pickled(lambda ax: None) is None  # a lambda: drawn by close() instead


def test_pool_figures_equal_in_process_figures_and_count_down(tmp_path: Path, res: object) -> None:
    y = _series()
    paints = {
        "series": functools.partial(_plot, "timeseries", y, events=["ip_strategy_2008"]),
        "effect": functools.partial(_plot, "counterfactual", res),
    }
    files = {}
    for workers in (1, 2):
        with Figures(tmp_path / str(workers), True, fmt="svg", workers=workers) as figs:
            for name, paint in paints.items():
                figs.draw(name, paint)
            assert 0 <= figs.pending() <= (len(paints) if workers > 1 else 0)
        assert figs.pending() == 0
        files[workers] = {n: (tmp_path / str(workers) / f"{n}.svg").read_bytes() for n in paints}
    assert files[1] == files[2]


def test_a_figure_that_fails_in_the_pool_raises_on_close(tmp_path: Path) -> None:
    figs = Figures(tmp_path, True, fmt="svg", workers=2)
    figs.draw("bad", functools.partial(_plot, "no_such_plot", _series()))
    with pytest.raises(AttributeError, match="no_such_plot"):
        figs.close()
    figs.cancel()  # nothing left to stop


def test_a_batch_is_drawn_by_a_forked_process_like_in_process(tmp_path: Path) -> None:
    paint = functools.partial(_plot, "timeseries", _series(), events=["ip_strategy_2008"])
    with Figures(tmp_path / "one", True, fmt="svg") as figs:
        figs.draw("s", paint)
    with Figures(tmp_path / "batch", True, fmt="svg", workers=2) as figs:
        with figs.batch():
            figs.draw("s", paint)
            figs.draw("t", lambda ax: paint(ax))  # not picklable: inherited all the same
        assert figs.pending() <= 2
    assert (tmp_path / "batch" / "s.svg").read_bytes() == (tmp_path / "one" / "s.svg").read_bytes()
    assert (tmp_path / "batch" / "t.svg").read_bytes() == (tmp_path / "one" / "s.svg").read_bytes()


def test_a_figure_that_fails_in_a_batch_raises_on_close(tmp_path: Path) -> None:
    figs = Figures(tmp_path, True, fmt="svg", workers=2)
    with figs.batch():
        figs.draw("bad", functools.partial(_plot, "no_such_plot", _series()))
    with pytest.raises(RuntimeError, match="a figure process failed drawing 1 figures"):
        figs.close()
