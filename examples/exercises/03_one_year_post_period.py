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
# # Exercise 03: why a one-year post-period needs a predictive test
#
# The special action plan on patent transformation was issued in October 2023. On an
# annual series its first affected year is 2024 (rule "majority": the plan was in force for
# less than half of 2023). The GDP share of the patent-intensive industries is published
# for 2018-2024, so one year follows the event.
#
# Setup: `exercise_series("patent_intensive_gdp_share")`, intercept and trend.

# %%
from policyts import events
from policyts.exercises import REASONS, check_one_year_post_period, exercise_series
from policyts.models import chow, chow_predictive  # noqa: F401  (for your answer)

y = exercise_series("patent_intensive_gdp_share")
year = events.first_affected_period("special_action_patent_transformation_2023", "year")
print(y.to_series())
print("first affected year:", year)

# %% [markdown]
# ## Your turn
#
# 1. Try `chow(y, at=year, trend=True)`. Can it be computed? (Catch the `ValueError` and
#    read its message.)
# 2. Compute `chow_predictive(y, at=year, trend=True)`: its statistic and degrees of
#    freedom.
# 3. Which of the reasons below explains why the predictive test is the one to use?

# %%
for key, text in REASONS.items():
    print(f"({key}) {text}")

chow_possible = None  # TODO: True or False
f_stat = None  # TODO
df = None  # TODO
reason = None  # TODO: "a", "b" or "c"

feedback = check_one_year_post_period(
    chow_possible=chow_possible, f_stat=f_stat, df=df, reason=reason
)
print(feedback)

# %% [markdown]
# Then ask what the test cannot tell you: a 2024 value in line with the trend does not
# show the plan had no effect, and a value off the trend would not show a lasting change.
