"""The main job: ``policyts report`` writes a self-contained page, figures and results.json."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from policyts import report
from policyts.report import AnalysisSpec, _run, format_number, run_report
from policyts.report._text import interval_text

SECTIONS = (
    "findings",
    "conventions",
    "claims",
    "audit",
    "indicators",
    "analyses",
    "comparators",
    "coverage",
    "events",
    "sources",
)
VOID = {"meta", "img", "br", "hr", "link", "input", "col", "wbr", "source"}


# The full report (one run, shared) takes most of this file's time: its tests are marked
# slow, so `pytest -m "not slow"` leaves them out.
@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The whole report, once: every section, every figure."""
    out = tmp_path_factory.mktemp("report") / "report"
    res = run_report(out, progress=False)
    return out, res


def _analysis(res: dict[str, Any], dataset: str, variable: str) -> dict[str, Any]:
    return next(a for a in res["analyses"] if (a["dataset"], a["variable"]) == (dataset, variable))


def _flat_numbers(x: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(x, dict):
        for v in x.values():
            out |= _flat_numbers(v)
    elif isinstance(x, list):
        for v in x:
            out |= _flat_numbers(v)
    elif isinstance(x, int | float) and not isinstance(x, bool):
        out.add(format_number(x))
    return out


class _Page(HTMLParser):
    """Collects what the structure checks need and fails on unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.imgs: list[dict[str, str | None]] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag == "img":
            self.imgs.append(a)
        if tag == "td" and (a.get("class") or "") in ("num", "interval"):
            self._cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


# --------------------------------------------------------------------------- the full report


@pytest.mark.slow
def test_report_files_and_figures(full: tuple[Path, dict[str, Any]]) -> None:
    out, res = full
    assert sorted(p.name for p in out.iterdir()) == [
        ".policyts-report.json",  # the marker listing the report's own files
        "figures",
        "index.html",
        "results.json",
    ]
    listed = json.loads((out / ".policyts-report.json").read_text())["files"]
    assert listed == sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name[0] != "."
    )
    named = [i["figure"] for i in res["indicators"] if i["figure"]]
    for a in res["analyses"]:
        named += [f for f in a["figures"].values() if f]
    named.append(res["comparators"]["figure"])
    named.append(res["overview_figure"])
    named.append(res["provinces"]["figure"])
    files = sorted(p.name for p in (out / "figures").iterdir())
    assert files == sorted(named)
    n_dated = sum(1 for i in res["indicators"] if i["n_dated"])
    assert sum(1 for i in res["indicators"] if i["figure"]) == n_dated > 50
    assert json.loads((out / "results.json").read_text()) == res


@pytest.mark.slow
def test_page_structure_is_well_formed_and_self_contained(
    full: tuple[Path, dict[str, Any]],
) -> None:
    out, res = full
    text = (out / "index.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    page = _Page()
    page.feed(text)
    page.close()
    assert page.errors == [] and page.stack == []
    assert len(page.ids) == len(set(page.ids))
    assert set(SECTIONS) <= set(page.ids)
    for href in page.hrefs:
        if href.startswith("#"):
            assert href[1:] in page.ids, href
    # Every figure is shown once, linked from figures/ (the page stays small).
    files = sorted(p.name for p in (out / "figures").iterdir())
    shown = sorted(str(img["src"]).removeprefix("figures/") for img in page.imgs)
    assert shown == files
    for img in page.imgs:
        assert str(img["src"]).startswith("figures/") and img["alt"] and img["loading"] == "lazy"
    first = (out / "figures" / files[0]).read_bytes()
    assert first.startswith(b"<?xml") and b"<svg" in first
    assert (out / "index.html").stat().st_size < 2_000_000


@pytest.mark.slow
def test_every_number_in_a_table_is_in_results_json(full: tuple[Path, dict[str, Any]]) -> None:
    out, res = full
    page = _Page()
    page.feed((out / "index.html").read_text(encoding="utf-8"))
    known = _flat_numbers(res)
    token = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:e[+-]\d+)?")
    tokens = [t for cell in page.cells for t in token.findall(cell)]
    assert len(tokens) > 1000
    assert [t for t in tokens if t not in known] == []


@pytest.mark.slow
def test_resident_analysis_numbers(full: tuple[Path, dict[str, Any]]) -> None:
    from policyts import datasets

    _, res = full
    a = _analysis(res, "cn_invention_applications", "resident")
    assert a["n_obs"] == 38 and a["years"] == [1985, 2022] and a["log"] is True
    assert [b["label"] for b in a["bai_perron"]["breaks"]] == [1992, 2000, 2016]
    ev = {e["event"]: e for e in a["events"]}
    dec = ev["declassified_patents_2017"]
    assert dec["first_affected"] == 2017 and dec["test"] == "chow"
    assert "cnipa_statistical_change_2017" in dec["confounders_statistical"]
    assert "fujian_statistical_coverage_2017" not in dec["confounders"]  # another province
    assert ev["special_action_patent_transformation_2023"]["status"] == "outside the series"
    # The Chow F at 2008, recomputed by hand: log level on intercept and trend.
    y = np.log(datasets.load("cn_invention_applications")["resident"].values)
    n, b = len(y), 2008 - 1985
    X = np.column_stack([np.ones(n), np.arange(1, n + 1)])

    def rss(s: slice) -> float:
        coef, *_ = np.linalg.lstsq(X[s], y[s], rcond=None)
        r = y[s] - X[s] @ coef
        return float(r @ r)

    r0, r1 = rss(slice(0, n)), rss(slice(0, b)) + rss(slice(b, n))
    f = ((r0 - r1) / 2) / (r1 / (n - 4))
    assert ev["ip_strategy_2008"]["stat"] == pytest.approx(f, rel=1e-10)
    assert ev["ip_strategy_2008"]["df"] == [2.0, 34.0]
    assert ev["patent_subsidy_end_2021"]["test"] == "chow_predictive"
    assert ev["patent_subsidy_end_2021"]["df"] == [2.0, 34.0]
    # The noise is persistent: the Chow rejection at 2017 and the Bai-Perron dates are
    # listed with their numbers, but not as evidence by themselves; the verdict rests on
    # the Perron-Yabu test, which does not reject.
    assert a["verdict"]["persistence"] in {"unit root", "unclear"}
    assert a["verdict"]["break"] == "not supported"
    assert a["verdict"]["basis"] == ["Perron-Yabu Exp-W"]
    assert not any("Chow F" in s or "Bai-Perron" in s for s in a["finding"]["supports"])
    nots = a["finding"]["does_not_support"]
    assert any(
        s.startswith("Taking this as evidence") and "At 2017 (declassified_patents_2017)" in s
        for s in nots
    )
    assert a["finding"]["does_not_support"][-1].startswith("Causation")


@pytest.mark.slow
def test_effect_estimates_are_those_of_the_effect_model(full: tuple[Path, dict[str, Any]]) -> None:
    from policyts import datasets
    from policyts.models.effects import effect

    _, res = full
    a = _analysis(res, "cn_invention_applications", "resident")
    assert [e["event"] for e in a["effects"]] == [
        "ip_strategy_2008",
        "declassified_patents_2017",
        "patent_subsidy_end_2021",
    ]
    dec = a["effects"][1]
    direct = effect(
        datasets.load("cn_invention_applications")["resident"],
        event="declassified_patents_2017",
        log=True,
        jurisdiction="CN",
        name="resident",
    )
    got = dec["result"]["level_change_percent"]
    assert got["estimate"] == pytest.approx(direct.level_change_percent.estimate, rel=1e-9)
    assert dec["warnings"] == list(direct.warnings)
    assert any("cnipa_statistical_change_2017" in w for w in dec["warnings"])
    assert a["figures"]["effect:declassified_patents_2017"].endswith(".svg")
    short = _analysis(res, "patent_intensive_industries", "gdp_share")["effects"][0]
    assert short["status"] == "not computable" and "pre-period" in short["reason"]


@pytest.mark.slow
def test_short_series_use_the_predictive_test_and_say_so(full: tuple[Path, dict[str, Any]]) -> None:
    _, res = full
    a = _analysis(res, "patent_intensive_industries", "gdp_share")
    sa = next(e for e in a["events"] if e["event"] == "special_action_patent_transformation_2023")
    assert (sa["first_affected"], sa["test"], sa["df"]) == (2024, "chow_predictive", [1.0, 4.0])
    assert sa["n_post"] == 1
    assert any("Only 1 period(s) follow" in t for t in a["finding"]["does_not_support"])
    assert a["notes"] == [
        "values for [2019] are derived (computed from published figures, not published themselves)"
    ]
    fj = _analysis(res, "fujian_patents", "applications_total")
    dec = next(e for e in fj["events"] if e["event"] == "declassified_patents_2017")
    assert "fujian_statistical_coverage_2017" in dec["confounders_statistical"]
    fx = _analysis(res, "cny_usd_exchange_rate", "cny_per_usd")
    assert fx["events"] == [] and "events_note" in fx


@pytest.mark.slow
def test_claims_audit_and_coverage_are_complete(full: tuple[Path, dict[str, Any]]) -> None:
    import policyts.indicators as pi
    from policyts import datasets

    out, res = full
    cat = pi.catalogue()
    assert [c["id"] for c in res["claims"]] == list(cat["id"])
    claim = next(c for c in res["claims"] if c["id"] == "dp.declassified_2018.uppal")
    assert interval_text(claim) == "(4,000; \u221e)"
    about = next(c for c in res["claims"] if c["id"] == "dp.declassified_2017.uppal")
    assert interval_text(about) == "[2,700; 3,300]"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "(4,000; \u221e)" in html
    counts = res["claims_meta"]["audit_counts"]
    assert sum(counts.values()) == len(res["audit"]) == len(pi.audit())
    assert set(counts) <= {"consistent", "inconsistent", "cannot-check"}
    analysed = {(a["dataset"], a["variable"]) for a in res["analyses"]}
    listed = {(c["dataset"], c["variable"]) for c in res["coverage"]}
    every = {(n, str(v)) for n in datasets.names() for v in datasets.load(n).data_vars}
    assert analysed | listed == every and not analysed & listed
    comp = res["comparators"]
    assert [r["economy"] for r in comp["rows"]][0] == "CHN" and len(comp["rows"]) == 9


def test_two_runs_give_identical_files(tmp_path: Path) -> None:
    # Figures are byte-identical too (tests/test_plotting.py); numbers are checked here.
    specs = (report.DEFAULT_ANALYSES[0], report.DEFAULT_ANALYSES[3])
    for name in ("a", "b"):
        run_report(tmp_path / name, analyses=specs, figures=False, progress=False)
    for rel in ("results.json", "index.html"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


@pytest.mark.slow
def test_draw_figure_redraws_the_report_figure(
    full: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, res = full
    spec = report.DEFAULT_ANALYSES[0]
    written = report.draw_figure(spec, "regimes", tmp_path / "fig.svg")
    name = _analysis(res, spec.dataset, spec.variable)["figures"]["regimes"]
    assert written.read_bytes() == (out / "figures" / name).read_bytes()
    with pytest.raises(ValueError, match="kind must be one of"):
        report.draw_figure(spec, "histogram", tmp_path / "x.png")
    short = AnalysisSpec(
        "cn_applications_by_kind",
        "applications_domestic",
        True,
        2017,
        2022,
        select=(("kind", "utility_model"),),
    )
    with pytest.raises(ValueError, match="has no 'regimes' figure"):
        report.draw_figure(short, "regimes", tmp_path / "y.png")


@pytest.mark.slow
def test_page_renders_in_headless_chromium(
    full: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    browser = next(
        (
            p
            for p in (
                shutil.which("chromium"),
                shutil.which("chromium-browser"),
                "/usr/bin/chromium",
            )
            if p and Path(p).exists()
        ),
        None,
    )
    if browser is None:
        pytest.skip("no chromium on this machine; the structure is checked with html.parser")
    out, _ = full
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
            "--dump-dom",
            (out / "index.html").resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dom.returncode == 0
    assert 'id="analyses"' in dom.stdout and "<img" in dom.stdout


# --------------------------------------------------------------------------- smaller runs

SMALL = (
    AnalysisSpec("patent_intensive_industries", "gdp_share", False, 2018, 2024, "share of GDP"),
)


def test_markdown_and_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    res = run_report(
        tmp_path / "md", fmt="md", analyses=SMALL, figures=False, comparators=False, progress=True
    )
    err = capsys.readouterr().err
    assert "[########################]" in err and "done" in err
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == [
        ".policyts-report.json",  # the marker listing the report's own files
        "index.md",
        "results.json",
    ]
    md = (tmp_path / "md" / "index.md").read_text(encoding="utf-8")
    assert md.startswith("# policyts report") and "## Claims" in md
    sa = next(e for e in res["analyses"][0]["events"] if e["event"].startswith("special_action"))
    assert f"| {format_number(sa['p_value'])} |" in md


def test_user_csv_gives_the_numbers_of_the_bundled_series(tmp_path: Path) -> None:
    from policyts import datasets

    fj = datasets.load("fujian_patents")["applications_invention"].sel(year=slice(1987, 2020))
    path = tmp_path / "fujian.csv"
    rows = ["year,invention"] + [
        f"{y},{int(v)}" for y, v in zip(fj.year.values, fj.values, strict=True)
    ]
    path.write_text("\n".join(rows) + "\n")
    spec = AnalysisSpec.from_csv(path, "invention", log=True, jurisdiction="CN-FJ")
    bundled = AnalysisSpec(
        "fujian_patents", "applications_invention", True, 1987, 2020, jurisdiction="CN-FJ"
    )
    res = run_report(
        tmp_path / "r", analyses=(spec, bundled), figures=False, comparators=False, progress=False
    )
    mine, ref = res["analyses"]
    assert mine["source"] == f"user file {path}"
    for key in ("sup_f", "bai_perron", "cusum", "events"):
        assert mine[key] == ref[key]


# --------------------------------------------------------------------------- bad input


def _leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.startswith(".policyts-report-")]


def test_bad_input_stops_with_one_message_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown event id 'no_such_event'"):
        run_report(tmp_path / "r", event_ids=("no_such_event",), progress=False)
    with pytest.raises(ValueError, match="cannot write the report"):
        run_report(tmp_path / "missing" / "deeper" / "r", progress=False)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ValueError, match="does not exist or is not writable"):
        run_report(blocker / "r", progress=False)
    with pytest.raises(ValueError, match="exists and is not a directory"):
        run_report(blocker, progress=False)
    csv = tmp_path / "mine.csv"
    csv.write_text("year,a\n2000,1\n2001,2\n2002,3\n")
    with pytest.raises(ValueError, match="'b'"):
        run_report(tmp_path / "r", analyses=(AnalysisSpec.from_csv(csv, "b"),), progress=False)
    with pytest.raises(ValueError, match="has no variable 'nope'"):
        run_report(tmp_path / "r", analyses=(AnalysisSpec("fujian_patents", "nope", True),))
    with pytest.raises(ValueError, match=r"missing values at \['2021'\]"):
        run_report(
            tmp_path / "r", analyses=(AnalysisSpec("fujian_patents", "applications_total", True),)
        )
    with pytest.raises(ValueError, match="format must be 'html' or 'md'"):
        run_report(tmp_path / "r", fmt="pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "mine.csv"]


def test_a_failure_while_writing_keeps_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r"
    run_report(out, analyses=SMALL, figures=False, comparators=False, progress=False)
    (out / "index.html").write_text("previous")

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(_run, "_write", fail)
    with pytest.raises(ValueError, match="cannot write the report to .*disk full"):
        run_report(out, analyses=SMALL, figures=False, comparators=False, progress=False)
    assert (out / "index.html").read_text() == "previous"
    assert _leftovers(tmp_path) == []


def test_cli_reports_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from policyts.cli import main

    assert main(["report", "--out", str(tmp_path / "r"), "--events", "ip_strategy"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("policyts report: error: unknown event id")
    assert main(["report", "--out", str(tmp_path / "r"), "--y", "a"]) == 2
    assert "give the file with --csv" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
