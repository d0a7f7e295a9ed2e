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
# # Exercise 05 (solution): a placebo test

# %%
import numpy as np

from policyts import events
from policyts.exercises import check_placebo, exercise_series
from policyts.models import chow

y = exercise_series("resident")
year = events.first_affected_period("ip_strategy_2008", "year")
actual = chow(y, at=year, trend=True)

placebo = {}
for label in y["year"].values.tolist():
    if label == year:
        continue
    try:
        res = chow(y, at=label, trend=True)
    except ValueError:  # too near an end: a regime with no more observations than coefficients
        continue
    placebo[label] = (res.stat, res.pvalue)

n_placebos = len(placebo)
share_rejecting = float(np.mean([p < 0.05 for _, p in placebo.values()]))
exceed = sum(f >= actual.stat for f, _ in placebo.values())
p_value = (1 + exceed) / (1 + n_placebos)
print(f"{n_placebos} placebo years from {min(placebo)} to {max(placebo)}")
print(f"share with p < 0.05: {share_rejecting:.2f}; placebo p of {year}: {p_value:.3f}")

feedback = check_placebo(n_placebos=n_placebos, share_rejecting=share_rejecting, p_value=p_value)
print(feedback)
assert feedback
assert n_placebos == 32 and exceed == 8

# %% [markdown]
# 29 of the 32 placebo years "reject" at 5 %, and eight of them give a larger F than 2008:
# the placebo p-value is 9/33 = 0.27. A series with a trend and several breaks differs
# before and after almost any date, so a Chow rejection at a policy date is weak evidence
# about that policy. Dating the breaks (Bai-Perron) and testing for a break at an unknown
# date (sup-F) ask the better question.
