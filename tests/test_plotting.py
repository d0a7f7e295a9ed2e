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
    assert ax.get_ylabel() == (
        "national defence patents declassified in\none batch [count:patents]"
    )
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
    assert ax.get_ylabel() == "share [1]"
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
    assert ax.get_ylabel() == "simulated [1]"
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
    assert ax.get_ylabel() == "applications [log]"
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
