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
# for one break at an unknown date (sup-F) and at a known policy date (Chow), and see which
# other catalogued events sit next to that date.

# %%
import numpy as np

from policyts import datasets, events
from policyts.models import bai_perron, chow, sup_f

apps = datasets.load("cn_invention_applications")
print(apps["resident"].attrs["source"])
print(apps.attrs["comment"])

# %% [markdown]
# Work in logs, so a change in slope is a change in the growth rate.

# %%
y = np.log(apps["resident"])
bp = bai_perron(y, trend=True, trim=0.15, max_breaks=3)
print(bp.summary())
assert bp.n_obs == 38 and bp.min_segment == 5
assert all(1985 < b.label <= 2022 for b in bp.breaks)

# %% [markdown]
# sup-F: is there one break somewhere? The statistic is on the Wald (k*F) scale; p-values
# from Hansen's (1997) response surface and from a seeded bootstrap.

# %%
sf = sup_f(y, trend=True, bootstrap=999, seed=1)
print(sf.summary())
assert sf.wald == 2 * sf.f
assert sf.pvalue < 0.05

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
