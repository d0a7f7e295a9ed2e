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
# # Exercise 05: a placebo test
#
# The Chow test at 2008 rejects "no change" for China's resident invention applications
# (p < 0.001). Would it also reject at dates when nothing happened? A placebo-in-time test
# runs the same test at every other admissible year and asks how unusual the 2008
# statistic is among them.
#
# Setup: `exercise_series("resident")`, intercept and trend; every year where `chow()` can
# be computed (it raises `ValueError` near the ends), except 2008.

# %%
from policyts import events
from policyts.exercises import check_placebo, exercise_series
from policyts.models import chow

y = exercise_series("resident")
year = events.first_affected_period("ip_strategy_2008", "year")
actual = chow(y, at=year, trend=True)
print(f"Chow F at {year} = {actual.stat:.3f}, p = {actual.pvalue:.2g}")

# %% [markdown]
# ## Your turn
#
# 1. Loop over the years of `y`; keep the Chow F and p-value of each year where `chow()`
#    works, except `year`.
# 2. `n_placebos`: how many placebo years; `share_rejecting`: the share with p < 0.05.
# 3. `p_value = (1 + number of placebo F >= actual F) / (1 + n_placebos)`.

# %%
n_placebos = None  # TODO
share_rejecting = None  # TODO
p_value = None  # TODO

feedback = check_placebo(n_placebos=n_placebos, share_rejecting=share_rejecting, p_value=p_value)
print(feedback)

# %% [markdown]
# Then explain: why does a trending series with several breaks make the Chow test reject
# almost everywhere, and what does that say about a rejection at a date chosen because a
# policy happened then?
