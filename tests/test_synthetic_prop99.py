"""Synthetic control on California's Proposition 99 (outcome only) against an independent
quadratic-programming solution from R (tests/reference/prop99), and the pre-period fit
filter of the placebo-in-space test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policyts.models.effects import effect

REF = Path(__file__).parent / "reference" / "prop99"


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    d = pd.read_csv(REF / "california_prop99.csv", sep=";")
    wide = d.pivot(index="Year", columns="State", values="PacksPerCapita")
    wide.index.name = "year"
    return wide


def test_prop99_weights_equal_quadprog(panel: pd.DataFrame) -> None:
    ref = json.loads((REF / "prop99_reference.json").read_text())
    res = effect(
        panel["California"],
        event=1989,
        model="synthetic",
        controls=panel.drop(columns="California"),
    )
    w = res.details["weights"]
    assert list(w) == ref["donors"]
    np.testing.assert_allclose([w[k] for k in ref["donors"]], ref["weights"], atol=1e-5)
    np.testing.assert_allclose(res.counterfactual, ref["synthetic"], atol=1e-3)
    gap_2000 = res.observed[-1] - res.counterfactual[-1]
    assert gap_2000 == pytest.approx(ref["gap_2000"], abs=1e-3)  # -26.6 packs per person
    assert res.details["rmspe_pre"] == pytest.approx(ref["rmspe_pre"], rel=1e-6)
    # every one of the 38 donor states in turn as the treated unit: California ranks third
    # (p = 3/39 = 0.077; the paper's 1/39 = 0.026 comes from its fit with covariate
    # predictors, not available here)
    pis = res.placebo_in_space
    assert pis.n_placebos == 38 and pis.p_value == pytest.approx(3 / 39)
    # leaving out placebos fitted five times worse than California before 1989 (Abadie et
    # al. 2010) keeps fewer units, and the note names them
    strict = effect(
        panel["California"],
        event=1989,
        model="synthetic",
        controls=panel.drop(columns="California"),
        placebo_max_pre_mspe=5,
        placebo=True,
    ).placebo_in_space
    assert strict.n_placebos == 31  # 7 states fitted more than 5 times worse
    assert "pre-period MSPE over 5 times" in strict.note
    assert strict.p_value == pytest.approx(
        (1 + sum(v >= strict.statistic for v in strict.placebo_statistics))
        / (1 + strict.n_placebos)
    )


def test_placebo_filter_must_be_a_multiple(panel: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="placebo_max_pre_mspe must be a number >= 1"):
        effect(
            panel["California"],
            event=1989,
            model="synthetic",
            controls=panel.drop(columns="California"),
            placebo_max_pre_mspe=0.5,
        )
