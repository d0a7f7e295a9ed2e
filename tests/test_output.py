"""The report's output folder: it never deletes or overwrites what it did not write."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from policyts import _output
from policyts.cli import report as _cli
from policyts.report import AnalysisSpec, _run, run_report

SMALL = (AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020, "Fujian"),)
FAST: dict[str, Any] = {
    "analyses": SMALL,
    "figures": False,
    "comparators": False,
    "progress": False,
}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def thesis(tmp_path: Path) -> Path:
    """A user's folder: a file and a sub-folder that no report wrote."""
    d = tmp_path / "thesis"
    (d / "figures").mkdir(parents=True)
    (d / "thesis.tex").write_text("\\documentclass{article}")
    (d / "figures" / "plot.png").write_bytes(b"not a report figure")
    d.chmod(0o755)
    return d


def test_a_user_folder_is_refused_before_any_work(
    thesis: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the analyses ran although the folder was refused")

    monkeypatch.setattr(_run, "_compute", never)
    before = _tree(thesis)
    with pytest.raises(ValueError, match=r"thesis is a folder that policyts did not write"):
        run_report(thesis, **FAST)
    assert _tree(thesis) == before
    assert stat.S_IMODE(thesis.stat().st_mode) == 0o755


def test_force_writes_beside_user_files_and_keeps_them(thesis: Path) -> None:
    before = _tree(thesis)
    run_report(thesis, force=True, fmt="md", **FAST)
    after = _tree(thesis)
    assert {k: after[k] for k in before} == before  # every user file as it was
    assert {"index.md", "results.json", _output.MARKER} <= set(after)
    assert stat.S_IMODE(thesis.stat().st_mode) == 0o755
    listed = json.loads((thesis / _output.MARKER).read_text())["files"]
    assert listed == ["index.md", "results.json"]
    # A second run replaces only the listed files; the user's stay.
    (thesis / "notes.txt").write_text("written between runs")
    run_report(thesis, fmt="html", **FAST)
    again = _tree(thesis)
    assert "index.md" not in again and "index.html" in again
    assert again["notes.txt"] == b"written between runs"
    assert {k: again[k] for k in before} == before


def test_force_never_overwrites_a_user_file_of_the_same_name(tmp_path: Path) -> None:
    d = tmp_path / "site"
    d.mkdir()
    (d / "index.html").write_text("my own page")
    with pytest.raises(ValueError, match=r"index.html exists and was not written by policyts"):
        run_report(d, force=True, **FAST)
    assert _tree(d) == {"index.html": b"my own page"}


def test_a_previous_report_is_replaced_and_its_stale_files_removed(tmp_path: Path) -> None:
    out = tmp_path / "r"
    run_report(out, fmt="md", **FAST)
    out.chmod(0o750)
    run_report(out, fmt="html", **FAST)
    assert sorted(_tree(out)) == [_output.MARKER, "index.html", "results.json"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o750


@pytest.mark.parametrize("bad", ["", ".", "./", " "])
def test_empty_and_working_folder_are_refused(
    bad: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x")
    for force in (False, True):
        with pytest.raises(ValueError, match="cannot write the report"):
            run_report(bad, force=force, **FAST)
    assert _tree(tmp_path) == {"keep.txt": b"x"}


def test_root_home_parent_and_repositories_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    cases = {
        "/": "root of the file system",
        str(tmp_path / "home"): "home folder",
        "..": "working folder or a folder above it",
        str(tmp_path / "a"): "working folder or a folder above it",
        str(repo): "holds a .git repository",
    }
    for path, why in cases.items():
        with pytest.raises(ValueError, match=why):
            _output.check_target(path, force=True)


def test_a_symlinked_folder_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setattr(_run, "_compute", lambda *a, **k: pytest.fail("ran"))
    with pytest.raises(ValueError, match="is a symbolic link"):
        run_report(link, **FAST)
    assert list(real.iterdir()) == []


def test_a_failure_while_publishing_restores_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r"
    run_report(out, fmt="md", **FAST)
    (out / "mine.txt").write_text("user")
    before = _tree(out)
    real_rename = os.rename
    calls = {"n": 0}

    def flaky(src: Any, dst: Any) -> None:
        # The old files are moved aside, then the new ones in: fail on the second move in.
        calls["n"] += 1
        if calls["n"] == 5:
            raise PermissionError(13, "Operation not permitted", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(_output.os, "rename", flaky)
    with pytest.raises(ValueError, match="cannot write the report to .*not permitted"):
        run_report(out, fmt="html", **FAST)
    monkeypatch.undo()
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".policyts")] == []


def test_a_marker_cannot_make_the_tool_delete_other_files(tmp_path: Path) -> None:
    out = tmp_path / "r"
    run_report(out, fmt="md", **FAST)
    (out / "thesis.tex").write_text("precious")
    marker = out / _output.MARKER
    data = json.loads(marker.read_text())
    data["files"] += ["thesis.tex", "../outside.txt", "figures/../../x"]
    marker.write_text(json.dumps(data))
    (tmp_path / "outside.txt").write_text("outside")
    run_report(out, fmt="md", **FAST)
    assert (out / "thesis.tex").read_text() == "precious"
    assert (tmp_path / "outside.txt").read_text() == "outside"


def test_staging_is_removed_on_sigterm_and_after_sigkill(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys, time
        from policyts.report import AnalysisSpec, _run, run_report

        def slow(*args, **kwargs):
            print("computing", flush=True)
            time.sleep(60)

        _run._compute = slow
        spec = AnalysisSpec("fujian_patents", "applications_total", True, 1987, 2020)
        run_report(sys.argv[1], analyses=(spec,), figures=False, comparators=False,
                   progress=False)
        """
    )
    staging = [p for p in tmp_path.iterdir() if p.name.startswith(_output.STAGING_PREFIX)]
    assert staging == []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path / "out")],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "computing"
        staging = [p for p in tmp_path.iterdir() if p.name.startswith(_output.STAGING_PREFIX)]
        assert len(staging) == 1
        proc.send_signal(sig)
        proc.wait(timeout=30)
        left = [p for p in tmp_path.iterdir() if p.name.startswith(_output.STAGING_PREFIX)]
        if sig == signal.SIGTERM:
            assert left == []
        else:  # SIGKILL cannot be caught: the next run in the same place cleans up
            assert left == staging
            (tmp_path / ".policyts-report-unrelated").mkdir()  # not ours: no stamp
            run_report(tmp_path / "out", **FAST)
            left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".policyts")]
            assert left == [".policyts-report-unrelated"]


def test_hostile_names_are_inert_in_markdown_html_and_file_names(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>|*x*[a](javascript:b) $\\frac{$ " + "y" * 190
    csv = tmp_path / "in.csv"
    rows = "\n".join(f"{1990 + i},{1 + 0.1 * i + (i % 3) * 0.05}" for i in range(30))
    csv.write_text(f'year,"{hostile}"\n{rows}\n')
    specs = (AnalysisSpec.from_csv(csv, hostile),)
    for fmt in ("md", "html"):
        out = tmp_path / f"r-{fmt}"
        run_report(out, fmt=fmt, analyses=specs, comparators=False, progress=False)
        page = (out / f"index.{fmt}").read_text(encoding="utf-8")
        assert "<script>" not in page
        assert "&lt;script&gt;" in page
        if fmt == "md":
            assert "\\|\\*x\\*\\[a\\](javascript:b)" in page
        names = [p.name for p in (out / "figures").iterdir()]
        assert names and all(len(n) <= _output.MAX_NAME for n in names)
        assert all(n.replace("-", "").replace("_", "").replace(".", "").isalnum() for n in names)


def test_cli_refuses_a_user_folder_in_one_line_and_force_writes_beside(
    thesis: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyts.cli import main

    monkeypatch.setattr(_cli, "DEFAULT_ANALYSES", SMALL)
    before = _tree(thesis)
    assert main(["report", "--out", str(thesis), "--format", "md"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did not write" in err[0] and "--force" in err[0]
    assert _tree(thesis) == before
    assert main(["report", "--out", "", "--format", "md"]) == 2
    assert "empty path" in capsys.readouterr().err
