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
# # Exercise 01 (solution): the Chow test by hand
#
# See `../01_chow_by_hand.py` for the setup.

# %%
import numpy as np

from policyts import events
from policyts.exercises import check_chow_by_hand, exercise_series
from policyts.models import chow

y = exercise_series("resident")
year = events.first_affected_period("ip_strategy_2008", "year")
yv = y.values
n = yv.size
X = np.column_stack([np.ones(n), np.arange(1, n + 1)])


# %%
def rss(yy, XX):
    coef, *_ = np.linalg.lstsq(XX, yy, rcond=None)
    resid = yy - XX @ coef
    return float(resid @ resid)


b = int(np.flatnonzero(y["year"].values == year)[0])  # first observation of the new regime
k = X.shape[1]
rss_0 = rss(yv, X)
rss_1 = rss(yv[:b], X[:b])
rss_2 = rss(yv[b:], X[b:])
f_stat = ((rss_0 - rss_1 - rss_2) / k) / ((rss_1 + rss_2) / (n - 2 * k))
df = (k, n - 2 * k)
print(f"F = {f_stat:.4f}, df = {df}")

feedback = check_chow_by_hand(f_stat, df)
print(feedback)
assert feedback

# %% [markdown]
# The library gives the same number, with the p-value from the F distribution:

# %%
lib = chow(y, at=year, trend=True)
print(lib.summary())
assert abs(lib.stat - f_stat) < 1e-9 * f_stat
assert lib.df == (2.0, 34.0)

# %% [markdown]
# Labelled by the last year of the old regime the same split would read "2007": the
# number is the same, the label is not. policyts always labels a break by the first period
# of the new regime, and `at=` takes that label.
