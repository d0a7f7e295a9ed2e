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
# # Exercise 01: the Chow test by hand
#
# The Chow (1960) test asks whether the coefficients of a regression are the same before
# and after a known date. Compute it yourself for the 2008 National IP Strategy and China's
# resident invention applications, then compare with `policyts.models.chow`.
#
# Setup (the checker uses exactly this):
#
# * the series: log resident invention applications, 1985-2022 (`exercise_series("resident")`);
# * the model: `y_t = a + b t + u_t` with `t = 1, ..., n`; both `a` and `b` may change;
# * the date: the first affected year of `ip_strategy_2008`, which is the **first year of
#   the new regime**.
#
# The statistic is
# `F = ((RSS_0 - RSS_1 - RSS_2) / k) / ((RSS_1 + RSS_2) / (n - 2k))`, where `RSS_0` is the
# residual sum of squares over the whole sample, `RSS_1` and `RSS_2` over the two regimes,
# and `k` the number of coefficients.

# %%
import numpy as np

from policyts import events
from policyts.exercises import check_chow_by_hand, exercise_series

y = exercise_series("resident")
year = events.first_affected_period("ip_strategy_2008", "year")
yv = y.values
n = yv.size
X = np.column_stack([np.ones(n), np.arange(1, n + 1)])
print(f"{n} observations; the new regime starts in {year}")

# %% [markdown]
# ## Your turn
#
# 1. Write `rss(yy, XX)`: fit `yy` on `XX` by least squares (`np.linalg.lstsq`) and return
#    the sum of squared residuals.
# 2. Find the position `b` of `year` in `y["year"]`: observations `0 .. b-1` are the old
#    regime, `b .. n-1` the new one.
# 3. Compute `f_stat` and its degrees of freedom `df = (numerator, denominator)`.


# %%
def rss(yy, XX):
    # TODO: least-squares fit of yy on XX; return the residual sum of squares
    return None


f_stat = None  # TODO
df = None  # TODO: (numerator, denominator)

feedback = check_chow_by_hand(f_stat, df)
print(feedback)

# %% [markdown]
# When the checker agrees, compare with the library and read its hypotheses:
# `print(policyts.models.chow(y, at=year, trend=True).summary())`. Then think: what would
# change if the break were labelled by the *last* year of the old regime?
