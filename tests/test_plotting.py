"""Axes-level figures: what each function draws, where, and how it fails."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import xarray as xr  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from policyts import plotting  # noqa: E402
from policyts.models import bai_perron, cusum, f_path, sup_f  # noqa: E402
from policyts.models._tables import hansen_pvalue  # noqa: E402


@pytest.fixture
def ax():
    fig = Figure(figsize=(6.4, 3.4))
    yield fig.subplots()


def _year_series(values, start=1990, name="y", **attrs):
    years = np.arange(start, start + len(values))
    return xr.DataArray(
        np.asarray(values, dtype=float), coords={"year": years}, dims="year", name=name, attrs=attrs
    )


def _event_lines(ax):
    return [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]


def test_importing_plotting_does_not_import_matplotlib() -> None:
    code = "import sys, policyts, policyts.plotting; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_axis_label_long_name_and_units() -> None:
    da = _year_series([1, 2], long_name="Invention applications", units="applications")
    assert plotting.axis_label(da) == "Invention applications [applications]"
    assert plotting.axis_label({"long_name": "share"}) == "share"
    assert plotting.axis_label(_year_series([1.0], name="resident")) == "resident"
    wrapped = plotting.axis_label(da, width=20)
    assert wrapped == "Invention\napplications\n[applications]"


# --------------------------------------------------------------------------- indicator


def test_indicator_draws_each_dated_claim_with_its_interval(ax) -> None:
    import policyts.indicators as pi

    ds = pi.get("defence_patents_declassified")
    out = plotting.indicator(
        ds, ax=ax, events=["declassified_patents_2017", "declassified_patents_2018"]
    )
    assert out is ax
    markers = {ln.get_gid(): ln for ln in ax.get_lines() if str(ln.get_gid()).startswith("claim:")}
    assert set(markers) == {f"claim:{c}" for c in ds["claim"].values}
    quals = ds["defence_patents_declassified_qualifier"]
    meanings = quals.attrs["flag_meanings"].split()
    n_more = sum(meanings[int(q)] == "more_than" for q in quals.values)
    hollow = [ln for ln in markers.values() if ln.get_fillstyle() == "none"]
    assert len(hollow) == n_more > 0
    arrows = [a for a in ax.texts if a.get_gid() == "unbounded"]
    assert len(arrows) == int(np.isinf(ds["defence_patents_declassified_upper"].values).sum())
    # The claim about one day sits at the middle of that day.
    day = markers["claim:dp.declassified_2018.chinamil"]
    assert day.get_xdata()[0] == pytest.approx(2018 + 115.5 / 365)
    assert day.get_ydata()[0] == 4038.0
    assert ax.get_ylabel() == ("national defence patents declassified in\none batch [patents]")
    assert len(_event_lines(ax)) == 2
    labels = {t.get_text() for t in ax.texts}
    assert {"declassified_patents_2017", "declassified_patents_2018", "~3,000", ">4,038"} <= labels
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["stated value", "bound excluded", "no bound on that side"]


def test_indicator_marks_targets_and_counts_undated_claims(ax) -> None:
    import policyts.indicators as pi

    plotting.indicator(pi.get("patent_intensive_product_output"), ax=ax)
    stars = [ln for ln in ax.get_lines() if ln.get_marker() == "*"]
    assert len(stars) == 1 and stars[0].get_xdata()[0] == 2025.5
    assert ax.get_yaxis().get_major_formatter()(1e12, 0) == "1 trn"

    fig = Figure()
    ax2 = fig.subplots()
    plotting.indicator(pi.get("private_defence_contractors"), ax=ax2)
    assert "(1 undated claim(s) not shown)" in ax2.get_title()


def test_indicator_draws_a_statistical_series_at_mid_year(ax) -> None:
    import policyts.indicators as pi
    from policyts import datasets

    share = datasets.load("patent_intensive_industries")["gdp_share"]
    plotting.indicator(pi.get("patent_intensive_gdp_share"), ax=ax, series=share)
    line = next(ln for ln in ax.get_lines() if "(statistics)" in str(ln.get_label()))
    np.testing.assert_array_equal(line.get_xdata(), share["year"].values + 0.5)
    assert ax.get_yaxis().get_major_formatter()(0.125, 0) == "12.5%"


def test_indicator_rejects_what_it_cannot_place(ax) -> None:
    import policyts.indicators as pi

    with pytest.raises(ValueError, match="needs a dataset from policyts.indicators.get"):
        plotting.indicator(xr.Dataset({"x": ("claim", [1.0])}), ax=ax)
    undated = next(
        i for i, _ in pi.indicators() if np.isnan(pi.get(i)["year"].values.astype(float)).all()
    )
    with pytest.raises(ValueError, match="has no dated claim"):
        plotting.indicator(pi.get(undated), ax=ax)
    with pytest.raises(ValueError, match="unknown event id"):
        plotting.indicator(pi.get("defence_patents_declassified"), ax=ax, events=["no_event"])


# --------------------------------------------------------------------------- events


def test_mark_events_at_first_affected_period_or_at_the_date(ax) -> None:
    years = list(range(2015, 2026))
    plotting.mark_events(ax, ["special_action_patent_transformation_2023"], labels=years)
    (line,) = _event_lines(ax)
    assert line.get_xdata()[0] == 2024.0  # October 2023: the majority of 2023 is before it

    fig = Figure()
    ax2 = fig.subplots()
    plotting.mark_events(ax2, ["declassified_patents_2018"])  # continuous time: the day
    (line2,) = _event_lines(ax2)
    assert line2.get_xdata()[0] == pytest.approx(2018 + 115 / 365)

    with pytest.raises(ValueError, match="bare positions"):
        plotting.mark_events(ax, ["ip_strategy_2008"], labels=[0, 1, 2])


def test_mark_events_on_a_quarterly_axis(ax) -> None:
    labels = [str(p) for p in pd.period_range("2017Q1", "2019Q4", freq="Q")]
    plotting.mark_events(ax, ["declassified_patents_2018"], labels=labels)
    (line,) = _event_lines(ax)
    x = pd.Timestamp(line.get_xdata()[0])
    assert x == pd.Timestamp(dt.date(2018, 4, 1))  # 26 April: in force for most of 2018Q2


def test_timeseries_labels_and_events(ax) -> None:
    y = _year_series(np.arange(20.0), start=2000, long_name="share", units="1")
    plotting.timeseries(y, ax=ax, events=["ip_strategy_2008"])
    assert ax.get_ylabel() == "share [fraction, 1 = 100%]"
    assert [ln.get_xdata()[0] for ln in _event_lines(ax)] == [2008.0]


# --------------------------------------------------------------------------- models


def _broken_trend(n=60, at=30, seed=3):
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=float)
    y = 1.0 + 0.05 * t + np.where(t >= at, 2.0 + 0.1 * (t - at), 0.0) + rng.normal(0, 0.2, n)
    return _year_series(y, start=1960, long_name="simulated", units="1")


def test_f_path_marks_the_sup_and_the_critical_value(ax) -> None:
    y = _broken_trend()
    sf = sup_f(y, trend=True)
    plotting.f_path(sf, ax=ax, level=0.95)
    path = ax.get_lines()[0]
    np.testing.assert_allclose(path.get_ydata(), sf.path.f)
    assert list(path.get_xdata()) == [float(v) for v in sf.path.labels]
    crit_line = next(ln for ln in ax.get_lines() if "critical" in str(ln.get_label()))
    crit_f = crit_line.get_ydata()[0]
    # The drawn line is where Hansen's p-value of sup-F (Wald scale) equals 5 %.
    assert float(hansen_pvalue(crit_f * sf.k, sf.k, sf.tau, "sup")) == pytest.approx(0.05, abs=1e-6)
    sup_marker = ax.get_lines()[2]
    assert sup_marker.get_xdata()[0] == float(sf.break_label) == 1990.0
    assert any(t.get_text() == "sup at 1990" for t in ax.texts)
    with pytest.raises(ValueError, match="draws an FPath or SupF"):
        plotting.f_path(bai_perron(y, trend=True, max_breaks=1), ax=ax)
    with pytest.raises(ValueError, match="level must lie in"):
        plotting.f_path(f_path(y, trend=True), ax=ax, level=95)


def test_regimes_draws_the_estimated_model_and_shifted_intervals(ax) -> None:
    y = _broken_trend()
    bp = bai_perron(y, trend=True, max_breaks=2)
    assert bp.selected_m == 1 and bp.breaks[0].label == 1990
    plotting.regimes(bp, y=y, ax=ax)
    fitted = [
        ln for ln in ax.get_lines() if ln.get_color() == "#c0392b" and ln.get_linewidth() == 2
    ]
    assert len(fitted) == 2
    reg = bp.regimes[0]
    t = np.arange(1, 31, dtype=float)
    np.testing.assert_allclose(fitted[0].get_ydata(), reg.coef["const"] + reg.coef["trend"] * t)
    (span,) = [p for p in ax.patches if p.get_alpha() == pytest.approx(0.12)]
    lo, hi = bp.breaks[0].ci_index
    if hasattr(span, "get_width"):  # a Rectangle (matplotlib >= 3.9)
        x0, x1 = span.get_x(), span.get_x() + span.get_width()
    else:  # a Polygon
        xs = np.asarray(span.get_xy())[:, 0]
        x0, x1 = xs.min(), xs.max()
    assert (x0, x1) == (float(bp.labels[lo + 1]), float(bp.labels[hi + 1]))
    assert ax.get_ylabel() == "simulated [ratio, no unit]"
    with pytest.raises(ValueError, match="does not match the result"):
        plotting.regimes(bp, y=y.isel(year=slice(1, None)), ax=ax)
    with pytest.raises(ValueError, match="draws a BaiPerron"):
        plotting.regimes(sup_f(y), y=y, ax=ax)


def test_cusum_draws_process_boundaries_and_first_crossing(ax) -> None:
    y = _year_series(np.r_[np.zeros(30), np.full(30, 3.0)] + np.sin(np.arange(60)), start=1950)
    res = cusum(y)
    assert res.crossed
    plotting.cusum(res, ax=ax, events=[])
    lines = ax.get_lines()
    np.testing.assert_allclose(lines[0].get_ydata(), res.process)
    np.testing.assert_allclose(lines[1].get_ydata(), res.boundary)
    np.testing.assert_allclose(lines[2].get_ydata(), -res.boundary)
    first = res.details["first boundary crossing"]
    assert any(t.get_text() == f"first crossing {first}" for t in ax.texts)
    with pytest.raises(ValueError, match="draws a FluctuationTest"):
        plotting.cusum(sup_f(y), ax=ax)


def test_counterfactual_band_lines_and_event(ax) -> None:
    obs = np.linspace(1, 2, 10)
    ds = xr.Dataset(
        {
            "observed": ("year", obs, {"long_name": "applications", "units": "log"}),
            "counterfactual": ("year", obs - 0.1),
            "lower": ("year", obs - 0.3),
            "upper": ("year", obs + 0.1),
        },
        coords={"year": np.arange(2015, 2025)},
        attrs={"level": 0.9},
    )
    plotting.counterfactual(ds, ax=ax, events=["patent_subsidy_end_2021"])
    assert ax.get_ylabel() == "applications [natural log]"
    (band,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert band.get_label() == "90% prediction interval"
    assert [ln.get_xdata()[0] for ln in _event_lines(ax)] == [2021.0]
    assert ax.get_yscale() == "linear"
    with pytest.raises(ValueError, match="missing.*counterfactual_lower"):
        plotting.counterfactual(ds.drop_vars("upper"), ax=ax)


def test_counterfactual_of_an_effect_result(ax) -> None:
    from policyts import datasets
    from policyts.models.effects import effect

    apps = datasets.load("cn_invention_applications")["resident"]
    res = effect(apps, event="declassified_patents_2017", log=True, placebo=False, bootstrap=0)
    plotting.counterfactual(res, ax=ax)
    assert ax.get_yscale() == "log"  # a log model: the band is multiplicative
    cf = next(ln for ln in ax.get_lines() if ln.get_label() == "counterfactual (no event)")
    np.testing.assert_allclose(cf.get_ydata(), res.counterfactual)
    (first,) = _event_lines(ax)
    assert first.get_xdata()[0] == 2017.0  # the first treated period of the result


def test_functions_draw_into_the_current_axes_when_none_is_given() -> None:
    plt.close("all")
    fig = plt.figure()
    out = plotting.timeseries(_year_series([1.0, 2.0, 3.0]))
    assert out is fig.gca()
    plt.close(fig)


def test_saved_png_is_identical_across_runs_and_carries_no_version() -> None:
    def png() -> bytes:
        fig = Figure(figsize=(4, 3))
        ax = fig.subplots()
        plotting.regimes(
            bai_perron(_broken_trend(), trend=True, max_breaks=1), y=_broken_trend(), ax=ax
        )
        buf = io.BytesIO()
        plotting.save_figure(fig, buf)
        return buf.getvalue()

    a, b = png(), png()
    assert a == b and a.startswith(b"\x89PNG")
    assert b"matplotlib" not in a.lower()


# --------------------------------------------------------------------------- fit to print


def _drawn(ax):
    """Lay the figure out with Agg (as saving does) and return the renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(ax.figure)
    canvas.draw()
    return canvas.get_renderer()


def _visible_tick_labels(ax, axis="x"):
    target = ax.xaxis if axis == "x" else ax.yaxis
    lo, hi = sorted(ax.get_xlim() if axis == "x" else ax.get_ylim())
    return [
        t.get_text()
        for t, v in zip(target.get_ticklabels(), target.get_ticklocs(), strict=True)
        if lo - 1e-9 <= v <= hi + 1e-9
    ]


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("n", [1, 2, 3, 7, 40])
def test_year_ticks_are_whole_years_without_offset(ax, n) -> None:
    y = _year_series(np.linspace(1.0, 2.0, n), start=2020, long_name="y", units="patents")
    plotting.timeseries(y, ax=ax)
    _drawn(ax)
    labels = _visible_tick_labels(ax)
    assert labels and all(lab.lstrip("-").isdigit() and len(lab) == 4 for lab in labels), labels
    assert ax.xaxis.get_offset_text().get_text() == ""
    assert all(float(v).is_integer() for v in ax.xaxis.get_ticklocs())


def test_a_single_point_gets_a_year_either_side(ax) -> None:
    y = _year_series([0.12], start=2025, long_name="share of GDP", units="1")
    plotting.timeseries(y, ax=ax)
    assert ax.get_xlim() == (2024.0, 2026.0)  # matplotlib alone: 1923.75 to 2126.25
    assert ax.get_ylim() == pytest.approx((0.108, 0.132))
    _drawn(ax)
    assert "2025" in _visible_tick_labels(ax)


def test_claims_axis_of_one_year_has_integer_ticks(ax) -> None:
    import policyts.indicators as pi

    plotting.indicator(pi.get("patent_intensive_product_output"), ax=ax)  # one claim, 2025
    _drawn(ax)
    assert ax.xaxis.get_offset_text().get_text() == ""
    assert all(lab.isdigit() for lab in _visible_tick_labels(ax))


@pytest.mark.parametrize(
    ("units", "long_name", "words"),
    [
        ("1", "Share of patent-intensive industries in GDP", "share of GDP"),
        ("1", "R&D spending as a share of GDP", "share of GDP"),
        ("1", "Industrialisation rate of valid invention patents", "fraction, 1 = 100%"),
        ("1", "simulated", "ratio, no unit"),
        ("count:patents", "", "patents"),
        ("count:patent_types", "", "patent types"),
        ("log(applications)", "", "log of applications"),
        ("log(CNY per USD)", "", "log of yuan per US dollar"),
        ("percent_point", "", "percentage points"),
        ("applications", "", "applications"),
    ],
)
def test_units_are_written_as_words(units, long_name, words) -> None:
    assert plotting.unit_words(units, long_name) == words
    label = plotting.axis_label({"long_name": long_name or "x", "units": units})
    assert label.endswith(f"[{words}]") and "[1]" not in label


def test_no_axis_label_shows_a_unit_code(ax) -> None:
    from policyts import datasets

    share = datasets.load("patent_intensive_industries")["gdp_share"]
    plotting.timeseries(share, ax=ax)
    assert ax.get_ylabel().replace("\n", " ").endswith("[share of GDP]")
    y = _broken_trend()
    for draw in (
        lambda a: plotting.f_path(sup_f(y, trend=True), ax=a),
        lambda a: plotting.cusum(cusum(y), ax=a),
    ):
        a = Figure().subplots()
        draw(a)
        assert "[1]" not in a.get_ylabel() and a.get_ylabel().endswith("[no unit]")


def test_event_labels_fit_and_do_not_overlap() -> None:
    # Events one year apart on a short, low axes: the labels must stay inside the axes,
    # not cross each other, and each event keeps its line.
    ids = [
        "ip_strategy_2008",
        "patent_law_amendment_2008",
        "patent_law_amendment_2008_in_force",
        "declassified_patents_2017",
        "declassified_patents_2018",
        "patent_subsidy_end_2021",
    ]
    fig = Figure(figsize=(3.0, 1.6))
    ax = fig.subplots()
    y = _year_series(np.arange(20.0), start=2004)
    plotting.timeseries(y, ax=ax, events=ids)
    renderer = _drawn(ax)
    lines = {ln.get_gid() for ln in ax.get_lines() if str(ln.get_gid()).startswith("event:")}
    assert lines == {f"event:{e}" for e in ids}
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == "event_label"]
    assert 2 <= len(boxes) <= len(ids)
    frame = ax.get_window_extent(renderer)
    for b in boxes:
        assert b.y0 >= frame.y0 - 1 and b.y1 <= frame.y1 + 1 and b.x0 >= frame.x0 - 1
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b)
    texts = [t.get_text() for t in ax.texts if t.get_gid() == "event_label"]
    # Too long for the axes' height: broken at an underscore (or shortened), not clipped.
    assert "patent_law_\namendment_2008" in texts
    # Ticks stay readable on a narrow axes: no two year labels overlap.
    ticks = [t.get_window_extent(renderer) for t in ax.xaxis.get_ticklabels() if t.get_text()]
    assert all(not _overlap(a, b) for a, b in zip(ticks, ticks[1:], strict=False))


def test_events_outside_the_series_are_not_drawn(ax) -> None:
    y = _year_series(np.arange(6.0), start=2015)
    inside = plotting.events_on_axis(
        ["ip_strategy_2008", "declassified_patents_2017"], [2015, 2020]
    )
    assert [e.id for e in inside] == ["declassified_patents_2017"]
    plotting.timeseries(y, ax=ax, events=["ip_strategy_2008", "declassified_patents_2017"])
    assert [ln.get_xdata()[0] for ln in _event_lines(ax)] == [2017.0]
    assert ax.get_xlim()[0] > 2014  # not stretched back to 2008


@pytest.mark.parametrize(
    "ind",
    [
        "defence_patents_declassified",
        "private_defence_contractors",
        "patent_intensive_gdp_share",
        "patent_intensive_sector_share",
    ],
)
def test_claim_value_labels_do_not_overlap(ind) -> None:
    import policyts.indicators as pi

    fig = Figure(figsize=(6.4, 3.0))
    fig.subplots_adjust(left=0.16, right=0.98, bottom=0.15, top=0.91)
    ax = fig.subplots()
    plotting.indicator(pi.get(ind), ax=ax, annotate=True)
    renderer = _drawn(ax)
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == "value_label"]
    assert boxes
    frame = ax.get_window_extent(renderer)
    for i, a in enumerate(boxes):
        assert frame.x0 - 1 <= a.x0 and a.x1 <= frame.x1 + 1
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b)


def test_chinese_names_use_a_cjk_font_when_one_is_installed(ax, monkeypatch) -> None:
    y = _year_series([1.0, 2.0, 3.0], long_name="\u4e13\u5229\u7533\u8bf7", units="count:patents")
    font = plotting.cjk_font()
    if font is not None:
        plotting.timeseries(y, ax=ax)
        assert font in ax.yaxis.label.get_fontfamily()
        assert plotting.font_family() == ["DejaVu Sans", font]
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise
            _drawn(ax)
    # Without a CJK font the text is drawn in the default font and nothing fails.
    monkeypatch.setattr("policyts._plot_text.cjk_font", lambda: None)
    assert plotting.font_family() == ["DejaVu Sans"]
    a2 = Figure().subplots()
    plotting.timeseries(y, ax=a2)
    assert "DejaVu Sans" in a2.yaxis.label.get_fontfamily() or a2.yaxis.label.get_fontfamily()


# --------------------------------------------------------------------------- overview


def test_overview_draws_one_panel_per_series_with_regimes_and_events() -> None:
    from policyts import datasets

    y = _broken_trend()
    bp = bai_perron(y, trend=True, max_breaks=2)
    share = datasets.load("patent_intensive_industries")["gdp_share"]
    short = _year_series([3.0, 4.0], start=2016, long_name="short", units="count:patents")
    events = ["declassified_patents_2017", "ip_strategy_2008"]
    fig = plotting.overview(
        [(y, bp), share, {"y": short, "title": "my own title", "events": []}],
        events=events,
        ncols=2,
    )
    axes = fig.get_axes()
    assert len(axes) == 4 and [a.get_visible() for a in axes] == [True, True, True, False]
    assert axes[0].get_title(loc="left") == "simulated"
    assert axes[1].get_title(loc="left") == "Share of patent-intensive industries in GDP"
    assert axes[2].get_title(loc="left") == "my own title"
    assert axes[1].get_ylabel() == "share of GDP" and axes[2].get_ylabel() == "patents"
    fitted = [
        ln for ln in axes[0].get_lines() if ln.get_color() == "#c0392b" and ln.get_linewidth() == 2
    ]
    assert len(fitted) == bp.selected_m + 1
    # Each panel marks the events within its own series only (the share starts in 2018);
    # the third gives its own, empty list.
    assert [ln.get_xdata()[0] for ln in _event_lines(axes[0])] == [2017.0, 2008.0]
    assert int(share["year"].values[0]) > 2017 and _event_lines(axes[1]) == []
    assert _event_lines(axes[2]) == []
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["observed", "fitted regimes", "event (first affected period)"]
    assert len(plotting.overview([share], ncols=3).get_axes()) == 1


def test_overview_rejects_what_it_cannot_draw() -> None:
    y = _broken_trend()
    with pytest.raises(ValueError, match="at least one series"):
        plotting.overview([])
    with pytest.raises(ValueError, match="ncols must be a positive integer"):
        plotting.overview([y], ncols=0)
    with pytest.raises(ValueError, match="cannot be drawn: give"):
        plotting.overview([bai_perron(y, trend=True, max_breaks=1)])
    with pytest.raises(ValueError, match="needs 'y'"):
        plotting.overview([{"series": y}])


# --------------------------------------------------------------------------- files


def _paint_regimes(ax) -> None:
    y = _broken_trend()
    plotting.regimes(bai_perron(y, trend=True, max_breaks=1), y=y, ax=ax)


def test_report_figures_are_identical_across_runs_and_worker_counts(tmp_path) -> None:
    from policyts.report._figures import Figures

    def paint_series(ax) -> None:
        plotting.timeseries(_year_series([1.0, 3.0, 2.0], long_name="\u4e13\u5229"), ax=ax)

    out = {}
    for fmt in ("png", "svg"):
        for workers in (1, 2, 2):
            d = tmp_path / f"{fmt}-{workers}-{len(out)}"
            with Figures(d, True, fmt=fmt, workers=workers) as figs:
                names = [
                    figs.draw("analysis-a-regimes", _paint_regimes),
                    figs.draw("\u4e13\u5229 series", paint_series),
                ]
            assert names[0] == f"analysis-a-regimes.{fmt}"
            assert names[1] is not None and names[1].endswith(f".{fmt}") and names[1].isascii()
            out[(fmt, workers, len(out))] = [(d / str(n)).read_bytes() for n in names]
        first = [v for k, v in out.items() if k[0] == fmt]
        assert all(v == first[0] for v in first)
    png = out[("png", 1, 0)][0]
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        assert img.size == (1280, 680)  # 6.4 x 3.4 inches at 200 dpi
    svg = out[("svg", 1, 3)][0]
    assert svg.startswith(b"<?xml") and b"<dc:date>" not in svg
    with pytest.raises(ValueError, match="figure format must be one of"):
        Figures(tmp_path, True, fmt="jpg")
    with pytest.raises(ValueError, match="workers must be a positive integer"):
        Figures(tmp_path, True, workers=0)
    assert Figures(tmp_path, False).draw("x", _paint_regimes) is None


def test_save_figure_palette_png_is_smaller_and_deterministic() -> None:
    def png(**kw) -> bytes:
        fig = Figure(figsize=(4, 3))
        _paint_regimes(fig.subplots())
        buf = io.BytesIO()
        plotting.save_figure(fig, buf, **kw)
        return buf.getvalue()

    full, pal, pal2 = png(), png(palette=True), png(palette=True)
    assert pal == pal2 and pal.startswith(b"\x89PNG") and len(pal) < 0.7 * len(full)
    with pytest.raises(ValueError, match="compress_level must be"):
        png(compress_level=10)
    with pytest.raises(ValueError, match="fmt must be 'png' or 'svg'"):
        png(fmt="gif")


def test_report_overview_figure_has_a_panel_per_analysis(tmp_path) -> None:
    from policyts.report import DEFAULT_ANALYSES, DEFAULT_EVENTS
    from policyts.report._analyses import prepare, unknown_date_tests
    from policyts.report._figures import Figures, overview_figure

    panels = []
    for spec in (DEFAULT_ANALYSES[0], DEFAULT_ANALYSES[3]):
        prep = prepare(spec)
        objs = unknown_date_tests(prep)[-1]
        panels.append((prep, objs, DEFAULT_EVENTS))
    figs = Figures(tmp_path, True, dpi=100)
    assert overview_figure(figs, []) is None
    name = overview_figure(figs, panels, ncols=3)
    assert name == "overview.png"
    from PIL import Image

    with Image.open(tmp_path / name) as img:
        assert img.size == (640, round(100 * (1.9 + 0.45)))  # one row of two panels
