"""What the command line imports before it runs a command (behaviour, not timing: the
timings are in benchmarks/bench_startup.py)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from importlib import import_module

import pytest

from policyts import cli

HEAVY = ("numpy", "pandas", "xarray", "scipy", "statsmodels", "matplotlib")


def _modules_after(code: str) -> list[str]:
    """The heavy libraries in ``sys.modules`` after running ``code`` in a new interpreter."""
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def test_build_parser_imports_no_heavy_library() -> None:
    assert _modules_after("from policyts.cli import build_parser; build_parser()") == []


def test_python_m_policyts_help_imports_no_heavy_library() -> None:
    # -X importtime lists every module the process imports, on stderr.
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "policyts", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0
    assert "breaks" in run.stdout and "report" in run.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert "policyts.cli" in imported  # the probe does see the package's modules
    assert sorted(imported & set(HEAVY)) == []


def test_a_command_imports_only_its_own_module() -> None:
    code = (
        "from policyts.cli import build_parser\n"
        "build_parser().parse_args(['claims', '--json'])\n"
        "import sys\n"
        "assert 'policyts.cli.indicators' in sys.modules\n"
        "assert not [m for m in ('policyts.models', 'policyts.report', 'policyts.events') "
        "if m in sys.modules]\n"
    )
    assert "statsmodels" not in _modules_after(code)


def test_import_policyts_registers_the_accessor_when_xarray_arrives() -> None:
    code = (
        "import sys, policyts\n"
        "assert 'xarray' not in sys.modules\n"
        "import xarray as xr\n"
        "assert hasattr(xr.DataArray, 'policyts')\n"
        "assert xr.__spec__.loader is xr.__loader__ and type(xr.__loader__).__module__ != "
        "'policyts'\n"
        "da = xr.DataArray([0.0, 0.2] * 5 + [3.0, 3.2] * 5, dims='year', coords={'year': range(2000, "
        "2020)})\n"
        "assert da.policyts.chow(at=2010).pvalue < 1e-6\n"
    )
    assert "xarray" in _modules_after(code)


def test_accessor_registered_when_xarray_came_first() -> None:
    code = "import xarray as xr, policyts\nassert hasattr(xr.DataArray, 'policyts')\n"
    assert "xarray" in _modules_after(code)


def _registered(module: str) -> dict[str, str]:
    """Command -> help as ``module.register`` defines them on a plain argparse parser."""
    sub = argparse.ArgumentParser().add_subparsers()
    import_module(module).register(sub)
    return {a.dest: str(a.help) for a in sub._choices_actions}


def test_the_listing_agrees_with_what_each_module_registers() -> None:
    listed: dict[str, str] = {}
    for module in cli._REGISTRARS:
        listed |= _registered(module)
    assert {c: h for c, (_, h) in cli._COMMANDS.items()} == listed
    assert list(cli._COMMANDS) == list(listed)  # same order as the modules register them
    for command, (module, _) in cli._COMMANDS.items():
        assert command in _registered(module)


def _subcommands(parser: argparse.ArgumentParser) -> cli._LazySubcommands:
    (sub,) = (a for a in parser._actions if isinstance(a, cli._LazySubcommands))
    return sub


def test_loading_a_command_keeps_the_listing_and_its_order() -> None:
    parser = cli.build_parser()
    before = parser.format_help()
    sub = _subcommands(parser)
    for command in reversed(list(cli._COMMANDS)):
        sub.load(command)
    assert parser.format_help() == before
    assert list(sub.choices) == list(cli._COMMANDS)
    assert not sub._pending


def test_a_command_parses_as_defined_in_its_module() -> None:
    args = cli.build_parser().parse_args(["breaks", "f.csv", "--time", "t", "--y", "v"])
    assert (args.command, args.time, args.y, args.json) == ("breaks", "t", "v", False)
    assert args.func.__module__ == "policyts.cli.breaks"


def test_unknown_command_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["brakes"])
    err = capsys.readouterr().err
    assert "invalid choice: 'brakes'" in err
    assert "'claims', 'audit', 'breaks'" in err


def test_a_registrar_that_omits_its_command_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(cli._COMMANDS, "ghost", ("policyts.cli.events", "not defined anywhere"))
    monkeypatch.setattr(cli, "_REGISTRARS", ("policyts.cli.events",))
    with pytest.raises(RuntimeError, match="policyts.cli.events.register did not add the command"):
        cli.build_parser().parse_args(["ghost"])


def test_a_command_missing_from_the_listing_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # A module that registers a command _COMMANDS does not list yet (the listing test
    # above fails for it): the command is found by importing every module.
    commands = dict(cli._COMMANDS)
    del commands["audit"]
    monkeypatch.setattr(cli, "_COMMANDS", commands)
    parser = cli.build_parser()
    assert "audit" not in parser.format_help()
    args = parser.parse_args(["audit", "--json"])
    assert (args.command, args.json, args.func.__module__) == (
        "audit",
        True,
        "policyts.cli.indicators",
    )


# -- what each command imports (issue 18: start-up) -----------------------------------------


def _loaded_after(code: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` are in ``sys.modules`` after running ``code`` in a new interpreter."""
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {names!r} if m in sys.modules]))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return list(json.loads(run.stdout.strip().splitlines()[-1]))


NOT_FOR_BREAKS = ("statsmodels", "matplotlib", "xarray", "dask", "scipy.stats", "arch")


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("startup") / "small.csv"
    rows = [f"{2000 + i},{1.0 + 2.0 * (i >= 10) + 0.1 * ((-1) ** i)}" for i in range(20)]
    path.write_text("year,v\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_breaks_command_loads_no_statsmodels_matplotlib_xarray_or_scipy_stats(
    small_csv: str,
) -> None:
    code = (
        "from policyts.cli import main\n"
        f"assert main(['breaks', {small_csv!r}, '--time', 'year', '--y', 'v', '--json']) == 0\n"
    )
    loaded = _loaded_after(code, ("numpy", "pandas", *NOT_FOR_BREAKS))
    assert loaded == ["numpy", "pandas"]  # the probe sees what the command does import


@pytest.mark.parametrize(
    "command",
    [
        ["chow", "--at", "2010"],
        ["cusum"],
    ],
)
def test_chow_and_cusum_commands_load_neither_statsmodels_nor_matplotlib(
    small_csv: str, command: list[str]
) -> None:
    argv = [command[0], small_csv, "--time", "year", "--y", "v", "--json", *command[1:]]
    code = f"from policyts.cli import main\nassert main({argv!r}) == 0\n"
    assert _loaded_after(code, ("statsmodels", "matplotlib", "xarray", "dask")) == []


@pytest.mark.parametrize(
    "module", ["policyts.models.chow", "policyts.models.bai_perron", "policyts.models.fstats"]
)
def test_importing_a_break_test_loads_no_statsmodels_matplotlib_or_scipy_stats(
    module: str,
) -> None:
    code = f"import {module}"
    assert _loaded_after(code, ("statsmodels", "matplotlib", "scipy.stats", "xarray")) == []


def test_events_module_and_command_load_no_pandas() -> None:
    code = (
        "import policyts.events as ev\n"
        "assert ev.get('declassified_patents_2017').label == '2017-03'\n"
        "from policyts.cli import main\n"
        "assert main(['events', '--json']) == 0\n"
    )
    assert _loaded_after(code, ("numpy", "pandas", "xarray")) == []


def test_events_still_accept_a_pandas_period_once_pandas_is_there() -> None:
    import pandas as pd

    from policyts import events

    assert events.first_affected_period(pd.Period("2018-04", freq="M"), "Q") == pd.Period(
        "2018Q2", freq="Q"
    )
    with pytest.raises(ValueError, match="is not a day, month, quarter or calendar year"):
        events.first_affected_period(pd.Period("2018-04-02", freq="W"), "Q")


def test_hansen_chi2_survival_is_scipy_stats_bit_for_bit() -> None:
    import numpy as np
    from scipy import stats

    from policyts.models._tables import _chi2_sf

    rng = np.random.default_rng(7)
    x = np.concatenate(
        [rng.exponential(8.0, 5000), [0.0, -1e-12, -3.0, np.inf, np.nan, 1e-300, 1e4]]
    )
    for df in (1, 2, 3.5, 10, 17.25, 40):
        np.testing.assert_array_equal(_chi2_sf(x, df), stats.chi2.sf(x, df))
    dfs = rng.uniform(0.5, 40.0, size=(200, 1))
    np.testing.assert_array_equal(_chi2_sf(x[:300], dfs), stats.chi2.sf(x[:300], dfs))


def test_no_library_module_parses_arguments() -> None:
    # Argument parsing lives in policyts/cli/ only (issue 14, item 4).
    from pathlib import Path

    import policyts

    root = Path(policyts.__file__).parent
    parsing = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "argparse" in p.read_text(encoding="utf-8") and p.parts[-2] != "cli"
    )
    assert parsing == []
