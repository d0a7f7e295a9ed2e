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
# # Exercise 03 (solution): why a one-year post-period needs a predictive test

# %%
from policyts import events
from policyts.exercises import check_one_year_post_period, exercise_series
from policyts.models import chow, chow_predictive

y = exercise_series("patent_intensive_gdp_share")
year = events.first_affected_period("special_action_patent_transformation_2023", "year")
assert year == 2024

# %%
try:
    chow(y, at=year, trend=True)
    chow_possible = True
except ValueError as exc:
    print("chow():", exc)
    chow_possible = False

test = chow_predictive(y, at=year, trend=True)
print(test.summary())
f_stat, df = test.stat, test.df

feedback = check_one_year_post_period(chow_possible=chow_possible, f_stat=f_stat, df=df, reason="a")
print(feedback)
assert feedback
assert df == (1.0, 4.0) and test.pvalue > 0.5

# %% [markdown]
# With two coefficients (intercept and trend) a separate 2024 regression would need at
# least three years after the event. The predictive test fits 2018-2023 (six years, one of
# them, 2019, derived from published figures) and asks whether 2024 lies where that fit
# says it should: it does (p well above 0.05). That is all one year can say.
