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
# # Quickstart: breaks in China's invention applications
#
# Load a bundled series with its provenance, date its structural breaks (Bai-Perron), test
# for one break at an unknown date (sup-F) and at a known policy date (Chow), see which
# other catalogued events sit next to that date, and draw it all.

# %%
import matplotlib.pyplot as plt
import numpy as np

from policyts import datasets, events, plotting
from policyts.models import bai_perron, chow, sup_f

apps = datasets.load("cn_invention_applications")
print(apps["resident"].attrs["source"])
print(apps.attrs["comment"])

# %% [markdown]
# Work in logs, so a change in slope is a change in the growth rate. Keep the labels and
# say what the series now is: the axis labels of the figures come from `long_name` and
# `units`.

# %%
y = np.log(apps["resident"])
y.attrs.update(long_name="log of resident invention applications", units="log(applications)")
bp = bai_perron(y, trend=True, trim=0.15, max_breaks=3)
print(bp.summary())
assert bp.nobs == 38 and bp.min_segment == 5
assert [b.label for b in bp.breaks] == [1992, 2000, 2016]  # first year of each new regime

# %% [markdown]
# sup-F: is there one break somewhere? The statistic is on the Wald (k*F) scale; p-values
# from Hansen's (1997) response surface and from a seeded bootstrap.

# %%
sf = sup_f(y, trend=True, bootstrap=999, seed=1)
print(sf.summary())
assert sf.wald == 2 * sf.f
assert sf.pvalue < 0.05 and sf.bootstrap_pvalue < 0.05

# %% [markdown]
# A known date: the National IP Strategy Outline (June 2008). The event maps to the first
# affected year by the catalogue's rule; other events in the same years are confounders.

# %%
year = events.first_affected_period("ip_strategy_2008", "year")
test = chow(y, at=year, trend=True)
print(test.summary())
nearby = [e.id for e in events.events_in_window(year - 1, year + 1, exclude=("ip_strategy_2008",))]
print("other events near", year, ":", nearby)
assert year == 2008
assert "patent_law_amendment_2008" in nearby

# %% [markdown]
# The fitted regimes with their 95% break-date intervals, and the F statistic at every
# candidate date. The Chow test rejects at 2008, but no break interval contains 2008 and
# the F path peaks elsewhere: a rejection at a chosen date does not date the break.

# %%
events_shown = ["ip_strategy_2008", "declassified_patents_2017", "patent_subsidy_end_2021"]
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7, 6), layout="constrained")
plotting.regimes(bp, y=y, ax=ax1, events=events_shown)
plotting.f_path(sf, ax=ax2, events=events_shown)
assert not any(b.ci[0] < year <= b.ci[1] + 1 for b in bp.breaks)
assert sf.break_label != year

# %% [markdown]
# `policyts report` (or `make report`) runs these analyses, and more, on every bundled
# series and writes a page with figures and a `results.json`.
