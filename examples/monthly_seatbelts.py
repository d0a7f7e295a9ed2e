# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A monthly intervention: the UK seat-belt law of 1983
#
# Monthly data are where the power is when a policy has only a year or two of aftermath,
# but they carry a seasonal cycle that an annual model would read as noise, or as breaks.
# This notebook runs policyts on a classic monthly intervention with a known answer:
# wearing front seat belts became compulsory in Great Britain on 31 January 1983, so
# 1983-02 is the first affected month.
#
# **Data.** R's `datasets::Seatbelts`: monthly totals of car drivers killed or seriously
# injured in Great Britain, January 1969 to December 1984, with front- and rear-seat
# passengers killed or seriously injured, distance driven and the petrol price (Harvey, A.
# C. and Durbin, J. (1986), "The effects of seat belt legislation on British road
# casualties: a case study in structural time series modelling", *Journal of the Royal
# Statistical Society A* 149(3), 187-227; R 4.2.2). The copy used here is the one the
# package's tests use, written from R by `tests/reference/seatbelts/make_reference.R`,
# together with R's fits of the same data (`seatbelts_reference.json`).

# %%
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import policyts
from policyts.models import bai_perron, chow, sup_f
from policyts.models.effects import effect

REF = Path(policyts.__file__).resolve().parents[2] / "tests" / "reference" / "seatbelts"
assert (REF / "seatbelts.csv").exists(), f"the repository's test fixtures are needed: {REF}"
sb = pd.read_csv(REF / "seatbelts.csv")
sb.index = pd.PeriodIndex(sb.pop("month"), freq="M", name="month")
r_ref = json.loads((REF / "seatbelts_reference.json").read_text())
drivers = sb["DriversKilled"]
print(sb.head(3), "\n...\n", sb.tail(2))
assert len(sb) == 192 and str(sb.index[0]) == "1969-01" and str(sb.index[-1]) == "1984-12"

# %% [markdown]
# ## The default analysis
#
# The command line equivalent is
# `policyts effect seatbelts.csv --time month --y DriversKilled --event 1983-02 --log`.
# No seasonal option is given: policyts sees monthly labels, tests the pre-period for
# seasonality, and adds 11 month dummies to the segmented regression with AR(1) errors.

# %%
res = effect(drivers, event="1983-02", log=True)
print(res.method)
lc = res.level_change
print(
    f"level change {lc.estimate:.3f} log points, 95% interval "
    f"[{lc.ci[0]:.3f}, {lc.ci[1]:.3f}], p = {lc.p_value:.3f}"
)
print(res.notes[0])
assert "month dummies (11, base January)" in res.method
assert -0.28 < lc.estimate < -0.12 and lc.ci[1] < 0

# %%
fig, ax = plt.subplots(figsize=(9, 3.5))
res.plot(ax=ax)
plt.show()

# %% [markdown]
# About 18% fewer drivers killed or seriously injured (exp(-0.197) - 1) from February 1983,
# with an interval that excludes zero. Read the interval as the model's: the post-period
# is 23 months and the slope change is not identified sharply (see the summary).
#
# ## The same question, R's seasonal specifications
#
# R's fits of the log series with a level shift (step) at 1983-02: OLS and GLS (AR(1),
# REML) with a trend and month dummies, and three ARIMA models fitted by maximum
# likelihood. policyts fits the same models; the estimates agree to the digits shown
# (the test suite checks several of them to 1e-5 relative or better). policyts' airline
# model also estimates a drift (R's `arima` drops the mean after differencing), which
# moves the log-likelihood by 4e-4 and the level change by less than 1e-5.

# %%
rows = []


def r_step(case: str) -> tuple[float, float]:
    c = r_ref[case]["coefficients"]
    i = c["names"].index("step")
    return c["estimate"][i], c["se"][i]


kw = dict(event="1983-02", log=True, placebo=False)
ours = {
    "lm_step": effect(drivers, errors="iid", interventions=["step"], **kw),
    "lm_step_ramp": effect(drivers, errors="iid", **kw),
    "gls_step_ramp": effect(drivers, bootstrap=0, **kw),
    "arima_dummies": effect(drivers, model="sarimax", **kw),
    "arima_sar": effect(
        drivers, model="sarimax", order=(1, 0, 0), seasonal_order=(1, 0, 0, 12), **kw
    ),
    "arima_airline": effect(
        drivers,
        model="sarimax",
        order=(0, 1, 1),
        seasonal_order=(0, 1, 1, 12),
        interventions=["step"],
        **kw,
    ),
}
for case in (
    "lm_step",
    "lm_step_ramp",
    "gls_step_ramp",
    "arima_dummies",
    "arima_sar",
    "arima_airline",
):
    est, se = r_step(case)
    mine = ours[case]
    rows.append(
        {
            "R model": r_ref[case]["case"].replace("log(DriversKilled), ", ""),
            "R step": round(est, 4),
            "R se": round(se, 4),
            "policyts step": round(mine.level_change.estimate, 4),
        }
    )
table = pd.DataFrame(rows)
print(table.to_string(index=False))
for case, mine in ours.items():
    assert abs(mine.level_change.estimate - r_step(case)[0]) < 1e-3, case
assert all(-0.28 < r_step(c)[0] < -0.14 and r_step(c)[0] / r_step(c)[1] < -1.96 for c in ours)

# %% [markdown]
# Every seasonal specification puts the level change between -0.14 and -0.27 log points.
# Without the month dummies the same segmented regression runs through the seasonal cycle:
# policyts still fits it when asked (`seasonal=False`) but says what that means.

# %%
flat = effect(drivers, event="1983-02", log=True, seasonal=False, placebo=False)
print(f"no seasonal terms: level change {flat.level_change.estimate:.3f}")
print(flat.warnings[0])
assert any(w.startswith("seasonal=False on monthly data") for w in flat.warnings)

# %% [markdown]
# ## A negative control: rear-seat passengers
#
# The 1983 law covered drivers and front-seat passengers; wearing rear seat belts became
# compulsory for adults only in 1991. If the drop in drivers' casualties came from
# something else that happened in early 1983 (weather, traffic, reporting), rear-seat
# casualties would fall too. They do not.

# %%
rear = effect(sb["rear"], event="1983-02", log=True)
front = effect(sb["front"], event="1983-02", log=True)
for name, r in (("drivers", res), ("front seat", front), ("rear seat", rear)):
    e = r.level_change
    print(
        f"{name:>10}: level change {e.estimate:+.3f} [{e.ci[0]:+.3f}, {e.ci[1]:+.3f}], "
        f"p = {e.p_value:.3f}"
    )
r_rear, _ = r_step("rear_gls_step_ramp")
print(f"R gls, rear: step {r_rear:+.3f}, p = {r_ref['rear_gls_step_ramp']['step_p_value']:.3f}")
assert rear.level_change.ci[0] < 0 < rear.level_change.ci[1] and rear.level_change.p_value > 0.1
assert abs(rear.level_change.estimate - r_rear) < 1e-3

# %% [markdown]
# Front-seat passengers, also covered by the law, fall by more than drivers; rear-seat
# passengers show no reduction (the point estimate is slightly positive).
#
# ## Break tests that hold the seasons fixed
#
# A break test on the raw monthly series would date the seasonal cycle itself. With
# `seasonal=True` the month effects are kept the same in every regime (a partial
# structural change), and only the level can break. The Chow test at the law's date, the
# sup-F test with a trend over every candidate date, and Bai-Perron dating:

# %%
ch = chow(drivers, at="1983-02", seasonal=True)
sf = sup_f(drivers, trend=True, seasonal=True)
bp = bai_perron(drivers, trim=0.1, seasonal=True)
print(f"Chow at 1983-02 (month effects fixed): F = {ch.stat:.2f}, p = {ch.pvalue:.2e}")
print(f"sup-F with a trend: F = {sf.f:.2f} at {sf.break_label}, p = {sf.pvalue:.4f}")
print("Bai-Perron breaks (first month of each new regime):", [str(b.label) for b in bp.breaks])
last = bp.breaks[-1]
print(f"last break {last.label}, 95% interval {last.ci}")
assert ch.pvalue < 1e-6
assert last.label in ("1983-01", "1983-02", "1983-03", "1983-04")
assert last.ci[0] <= "1983-01" <= last.ci[1]


# %%
def month(label: str) -> pd.Timestamp:
    return pd.Period(label, freq="M").to_timestamp()


fig, ax = plt.subplots(figsize=(9, 3.5))
ax.plot(
    drivers.index.to_timestamp(),
    drivers.to_numpy(),
    lw=1.2,
    label="drivers killed or seriously injured",
)
for i, b in enumerate(bp.breaks):
    ax.axvspan(
        month(b.ci[0]),
        month(b.ci[1]),
        color="C3",
        alpha=0.15,
        label="95% interval" if i == 0 else None,
    )
    ax.axvline(
        month(b.label),
        color="C3",
        lw=1,
        label="break (first month of new regime)" if i == 0 else None,
    )
ax.set_ylabel("DriversKilled [per month]")
ax.legend(loc="upper right", fontsize="small")
plt.show()

# %% [markdown]
# Bai-Perron also dates two earlier breaks (1970-10 and 1973-11), which are not the law's
# and which this notebook leaves aside; the last one sits at the law, and its interval
# contains January 1983, the last month before it.
#
# ## What the evidence supports
#
# - The law was followed by a fall of roughly 14-23% in drivers killed or seriously
#   injured: every seasonal specification, in policyts and in R, gives a level change of
#   -0.14 to -0.27 log points with an interval below zero, and the default analysis
#   chooses a seasonal model without being told.
# - The fall is specific to the people the law covered: front-seat passengers fall too,
#   rear-seat passengers (not covered until 1991) do not. That rules out a general drop in
#   road casualties in early 1983 as the whole story.
# - The timing is the law's: with month effects held fixed, the last dated break is at
#   1983-01/02 with a confidence interval around the law's date.
# - What it does not settle: the size of the effect beyond the first two years (23
#   post-period months; the slope change is imprecise), and how much of it came from
#   compliance rather than from other changes in driving that year (distance driven and
#   the petrol price are in the data and could be added as `controls`).
