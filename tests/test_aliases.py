"""``pvalue`` and ``nobs`` on every result; the old names read the same value with a
DeprecationWarning naming the new one, for one release. JSON keys do not change."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import warnings

import numpy as np
import pytest

from policyts.models import bai_perron, f_path, sup_f
from policyts.models.effects import EffectEstimate, PlaceboTest


@pytest.fixture(scope="module")
def y() -> np.ndarray:
    rng = np.random.default_rng(3)
    return np.r_[np.zeros(18), np.full(18, 2.0)] + rng.normal(scale=0.5, size=36)


def _results(y: np.ndarray) -> list[tuple[object, str, str]]:
    sf = sup_f(y)
    bp = bai_perron(y, max_breaks=2)
    est = EffectEstimate("level change", 0.5, (0.1, 0.9), 0.012, 0.2, "log points", "t(20)")
    placebo = PlaceboTest("in-time", 0.25, 3.0, "|t|", ("2001", "2002"), (1.0, 4.0))
    return [
        (sf, "n", "nobs"),
        (sf.path, "n", "nobs"),
        (f_path(y), "n", "nobs"),
        (bp, "n_obs", "nobs"),
        (bp.regimes[0], "n_obs", "nobs"),
        (est, "p_value", "pvalue"),
        (placebo, "p_value", "pvalue"),
    ]


def test_new_names_hold_the_values(y: np.ndarray) -> None:
    sf = sup_f(y)
    bp = bai_perron(y, max_breaks=2)
    assert sf.nobs == sf.path.nobs == bp.nobs == len(y) == 36
    assert sum(r.nobs for r in bp.regimes) == len(y)
    assert [r.nobs for r in bp.regimes] == [18, 18]


def test_old_names_warn_and_name_the_new_one(y: np.ndarray) -> None:
    for obj, old, new in _results(y):
        cls = type(obj).__name__
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value = getattr(obj, new)  # the new name is silent
        with pytest.warns(
            DeprecationWarning, match=rf"{cls}\.{old} is deprecated.*use {cls}\.{new}"
        ):
            assert getattr(obj, old) == value


def test_the_warning_points_at_the_callers_line(y: np.ndarray) -> None:
    with pytest.warns(DeprecationWarning) as record:
        sup_f(y).n  # noqa: B018
    assert record[0].filename == __file__


def test_copying_comparing_and_printing_do_not_warn(y: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for obj, _, new in _results(y):
            value = getattr(obj, new)
            for twin in (
                dataclasses.replace(obj),
                pickle.loads(pickle.dumps(obj)),
                copy.deepcopy(obj),
            ):  # type: ignore[type-var]
                assert getattr(twin, new) == value
            dataclasses.asdict(obj)  # type: ignore[call-overload]
            repr(obj)
            if hasattr(obj, "summary"):
                obj.summary()
            if hasattr(obj, "to_dict"):
                obj.to_dict()


def test_frozen_results_stay_frozen(y: np.ndarray) -> None:
    sf = sup_f(y)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sf.n = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        sf.nobs = 3  # type: ignore[misc]


def test_json_keys_do_not_change(y: np.ndarray) -> None:
    bp = bai_perron(y, max_breaks=1).to_dict()
    assert bp["n_obs"] == 36 and "nobs" not in bp
    assert all("n_obs" in r for r in bp["regimes"])
    est = EffectEstimate("level change", 0.5, (0.1, 0.9), 0.012).to_dict()
    assert est["p_value"] == 0.012 and "pvalue" not in est
    assert PlaceboTest("in-time", 0.25, 3.0, "|t|").to_dict()["p_value"] == 0.25


def test_effect_result_p_values(y: np.ndarray) -> None:
    import pandas as pd

    from policyts.models import effect

    series = pd.Series(y, index=pd.Index(range(1990, 2026), name="year"), name="y")
    res = effect(series, event=2008, bootstrap=None, placebo=True)
    assert res.pvalue == res.joint_test.pvalue  # type: ignore[union-attr]
    assert res.placebo_pvalue == res.placebo_in_time.pvalue  # type: ignore[union-attr]
    with pytest.warns(DeprecationWarning, match=r"EffectResult\.p_value is deprecated.*pvalue"):
        assert res.p_value == res.pvalue
    with pytest.warns(DeprecationWarning, match=r"EffectResult\.placebo_p_value.*placebo_pvalue"):
        assert res.placebo_p_value == res.placebo_pvalue
    out = res.to_dict()
    assert out["p_value"] == res.pvalue and out["placebo_p_value"] == res.placebo_pvalue
