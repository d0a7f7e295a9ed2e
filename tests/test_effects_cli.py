"""The ``policyts effect`` subcommand: JSON contract, event forms, models and errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from policyts import datasets
from policyts.cli import effect as effect_cli
from policyts.models.effects import effect


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policyts")
    sub = p.add_subparsers(dest="command", required=True)
    effect_cli.register(sub)
    return p


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    args = parser().parse_args(["effect", *argv])
    assert args.func(args) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    comp = datasets.load("comparator_resident_applications")["resident"].to_pandas().T
    comp.index.name = "year"
    path = tmp_path_factory.mktemp("effect") / "resident.csv"
    comp.to_csv(path)
    return path


def test_json_contract(capsys: pytest.CaptureFixture[str], csv_file: Path) -> None:
    out = run(
        capsys,
        str(csv_file),
        "--time",
        "year",
        "--y",
        "CHN",
        "--event",
        "ip_strategy_2008",
        "--log",
        "--errors",
        "iid",
        "--json",
    )
    assert out["first_treated"] == 2008 and out["n_pre"] == 23 and out["n_post"] == 11
    for key in ("level_change", "slope_change"):
        assert set(out[key]) >= {"estimate", "ci", "p_value"} and len(out[key]["ci"]) == 2
    assert 0 < out["placebo_p_value"] <= 1
    assert isinstance(out["warnings"], list)
    assert any("patent_law_amendment_2008" in w for w in out["warnings"])
    chn = datasets.load("comparator_resident_applications")["resident"].sel(economy="CHN")
    lib = effect(chn.to_series().rename("CHN"), event="ip_strategy_2008", log=True, errors="iid")
    assert out["level_change"]["estimate"] == pytest.approx(lib.level_change.estimate, rel=1e-12)
    assert out["level_change"]["p_value"] == pytest.approx(lib.level_change.p_value, rel=1e-12)


@pytest.mark.parametrize("event", ["ip_strategy_2008", "2008-06-05", "2008"])
def test_event_forms(capsys: pytest.CaptureFixture[str], csv_file: Path, event: str) -> None:
    out = run(
        capsys,
        str(csv_file),
        "--time",
        "year",
        "--y",
        "CHN",
        "--event",
        event,
        "--errors",
        "iid",
        "--no-placebo",
        "--json",
    )
    assert out["first_treated"] == 2008
    assert out["placebo_p_value"] is None


def test_synthetic_control_with_controls(
    capsys: pytest.CaptureFixture[str], csv_file: Path
) -> None:
    out = run(
        capsys,
        str(csv_file),
        "--time",
        "year",
        "--y",
        "CHN",
        "--event",
        "ip_strategy_2008",
        "--log",
        "--model",
        "synthetic",
        "--controls",
        "USA",
        "JPN",
        "KOR",
        "DEU",
        "GBR",
        "FRA",
        "IND",
        "BRA",
        "--json",
    )
    assert out["model"] == "synthetic"
    assert out["level_change"]["ci"] == [None, None]
    assert out["placebo_space_p_value"] == pytest.approx(1 / 9)
    assert sum(out["details"]["weights"].values()) == pytest.approx(1.0)


def test_options_reach_the_model(capsys: pytest.CaptureFixture[str], csv_file: Path) -> None:
    out = run(
        capsys,
        str(csv_file),
        "--time",
        "year",
        "--y",
        "CHN",
        "--event",
        "2008",
        "--model",
        "counts",
        "--family",
        "poisson",
        "--exclude",
        "0",
        "1",
        "--anticipation",
        "1",
        "--interventions",
        "step",
        "--no-placebo",
        "--json",
    )
    assert out["first_treated"] == 2007 and out["first_treated_by_rule"] == 2008
    assert out["excluded"] == [2007] and out["slope_change"] is None
    assert "Poisson" in out["method"]


def test_text_summary(capsys: pytest.CaptureFixture[str], csv_file: Path) -> None:
    args = parser().parse_args(
        [
            "effect",
            str(csv_file),
            "--time",
            "year",
            "--y",
            "CHN",
            "--event",
            "declassified_patents_2017",
            "--log",
            "--errors",
            "iid",
        ]
    )
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "Pre-period used:  1985 .. 2016 (32 periods)" in text
    assert "cnipa_statistical_change_2017" in text


def test_bad_event_raises_a_clear_error(csv_file: Path) -> None:
    args = parser().parse_args(
        [
            "effect",
            str(csv_file),
            "--time",
            "year",
            "--y",
            "CHN",
            "--event",
            "special_action_patent_transformation_2023",
        ]
    )
    with pytest.raises(ValueError, match="after the last observation 2018"):
        args.func(args)


def test_registered_in_the_policyts_command(
    capsys: pytest.CaptureFixture[str], csv_file: Path
) -> None:
    from policyts import cli

    if "policyts.cli.effect" not in cli._REGISTRARS:
        pytest.skip("policyts effect is not registered in policyts.cli yet")
    code = cli.main(
        ["effect", str(csv_file), "--time", "year", "--y", "CHN", "--event", "2030-01-01"]
    )
    assert code == 2
    assert "after the last observation" in capsys.readouterr().err
