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
# # Patent targets and the pressure driving mechanism: Fujian and the national series
#
# Cheng & Drahos (2018) explain China's patent surge by a "pressure driving mechanism":
# higher levels of government set patent targets, transmit them to lower levels, and
# evaluate officials on them. If that is how the system works, a province's patenting
# should respond to national target-setting at the dates the targets change, and it should
# keep pace with (or outrun) the national series.
#
# The bundled data hold one province with a complete series: Fujian, 1987-2020. This
# notebook asks what the claims say, then compares Fujian with the national series.
#
# Reference: Cheng, W. and Drahos, P. (2018). How China built the world's biggest patent
# office - the pressure driving mechanism. IIC 49, 5-40.

# %%
import matplotlib.pyplot as plt
import numpy as np

import policyts.indicators as pi
from policyts import datasets, events, plotting
from policyts.models import bai_perron, chow, sup_f

# %% [markdown]
# ## What the article claims

# %%
for cid in (
    "ps.office_rank_2011.cheng_drahos",
    "ps.pioneer_provinces.cheng_drahos",
    "ps.pioneer_prefectures.cheng_drahos",
    "ps.ip_strategy_midterm_span.cheng_drahos",
    "ps.promotion_plan_tasks.cheng_drahos",
    "ps.pdm_articles.cheng_drahos",
):
    c = pi.claim_by_id(cid)
    print(f"{c.period:>9}  {c.value:>4g} [{c.unit}]  {c.quote}")
span = pi.claim_by_id("ps.ip_strategy_midterm_span.cheng_drahos")
assert (span.value, span.period) == (5.0, "2008/2013")

# %% [markdown]
# Two dates follow: the National IP Strategy of June 2008 with five-year targets to 2013
# (a catalogued event), and the 2011 promotion plan for patent development (dated by the
# article's claim; the event catalogue has no entry for it, so it is tested as a year).

# %%
strategy = events.first_affected_period("ip_strategy_2008", "year")
plan = int(pi.claim_by_id("ps.promotion_plan_tasks.cheng_drahos").period)
print(strategy, plan)
assert (strategy, plan) == (2008, 2011)

# %% [markdown]
# ## Fujian against the national series
#
# Invention applications, Fujian (Fujian Statistical Yearbook) and national resident
# (World Bank WDI and CNIPA), on their common years 1987-2020. Fujian's share of the
# national count is **derived** here, not published.

# %%
national = datasets.load("cn_invention_applications")["resident"].sel(year=slice(1987, 2020))
fujian = datasets.load("fujian_patents")["applications_invention"].sel(year=slice(1987, 2020))
share = (fujian / national).rename("fujian_share")
share.attrs = {
    "long_name": "Fujian's invention applications as a share of national resident ones (derived)",
    "units": "1",
}
print(share.sel(year=[1987, 1995, 2006, 2010, 2013, 2020]).to_series().round(4))
assert share.sel(year=2006) < share.sel(year=2010) and share.sel(year=2013) < share.sel(year=2020)

# %% [markdown]
# Break dates (Bai-Perron, intercept and trend, BIC, 95 % intervals). Both log series
# break in 2016, the year before the statistical change of 2017, and in the 1990s; the
# national one has no break near 2008 or 2011.

# %%
fits = {}
for name, y in (("national", np.log(national)), ("fujian", np.log(fujian)), ("share", share)):
    fits[name] = bai_perron(y, trend=True, trim=0.15, max_breaks=3)
    labels = [b.label for b in fits[name].breaks]
    print(
        f"{name:>9}: breaks {labels}; intervals (old regime's last year) "
        f"{[b.ci for b in fits[name].breaks]}"
    )
assert [b.label for b in fits["national"].breaks] == [1994, 2000, 2016]
assert [b.label for b in fits["fujian"].breaks] == [1992, 1998, 2016]

# %% [markdown]
# Fujian's *share* tells a different story: it breaks in 2007 and 2013. The interval of
# the first (for the first year of the new regime: 2006-2008) contains the strategy's
# first affected year; that of the second (2010-2014) contains the 2011 plan and 2013,
# the end of the strategy's five-year targets. The share declines slowly until 2006, rises
# from 2007 and, after a drop to 2013, rises about three and a half times as fast: Fujian
# outgrows the national series.

# %%
ci_first_new = [(b.ci[0] + 1, b.ci[1] + 1) for b in fits["share"].breaks]
print("share breaks:", [b.label for b in fits["share"].breaks], "intervals:", ci_first_new)
assert [b.label for b in fits["share"].breaks] == [1992, 2007, 2013]
assert ci_first_new[1][0] <= strategy <= ci_first_new[1][1]
assert ci_first_new[2][0] <= plan <= ci_first_new[2][1]
slopes = [r.coef["trend"] for r in fits["share"].regimes]
print("slope of the share in each regime, per year:", [f"{b:+.5f}" for b in slopes])
assert slopes[1] < 0 < slopes[2] < slopes[3]

fig, axes = plt.subplots(2, 1, figsize=(7, 6), layout="constrained")
logs = np.log(fujian)
logs.attrs = {"long_name": "log of Fujian's invention applications", "units": "log(applications)"}
plotting.regimes(fits["fujian"], y=logs, ax=axes[0], events=["ip_strategy_2008"])
plotting.regimes(fits["share"], y=share, ax=axes[1], events=["ip_strategy_2008"])

# %% [markdown]
# Known-date and unknown-date tests on the share: sup-F places its single most likely
# break at 2006; the Chow tests at 2008 and at 2011 both reject.

# %%
sf = sup_f(share, trend=True, bootstrap=999, seed=1)
print(sf.summary())
tests = {year: chow(share, at=year, trend=True) for year in (strategy, plan)}
for year, t in tests.items():
    print(f"Chow at {year}: F = {t.stat:.2f}, p = {t.pvalue:.2g}")
assert sf.bootstrap_pvalue < 0.01 and sf.break_label == 2006
assert all(t.pvalue < 0.001 for t in tests.values())

# %% [markdown]
# **What the evidence supports:** Fujian's invention applications grew faster than the
# national series from about 2007, and faster still from about 2013; the break intervals of its
# share contain the National IP Strategy (2008) and the 2011 promotion plan. That is what
# targets passed down to a province and pursued there would produce.
#
# **What it does not support:** that targets caused it. One province is one case; the
# share is derived from two differently compiled sources, and Fujian changed the coverage
# of its statistics in 2017; Fujian's own subsidies and industries could produce the same
# pattern. A test of the mechanism would need the targets themselves, province by
# province, which the sources do not give.
