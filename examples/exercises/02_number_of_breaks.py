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
# # Exercise 02: choosing the number of breaks
#
# Bai & Perron's dynamic programme finds the best partition for each number of breaks
# `m`; a criterion then chooses `m`. BIC, LWZ (Liu, Wu & Zidek 1997, a heavier penalty) and
# the sequential sup F(l + 1 | l) tests need not agree.
#
# Setup: log of Fujian's utility-model applications, 1987-2020
# (`exercise_series("fujian_utility_model")`), intercept and trend, `trim=0.15`.

# %%
from policyts.exercises import check_number_of_breaks, exercise_series
from policyts.models import bai_perron

y = exercise_series("fujian_utility_model")
fit = bai_perron(y, trend=True, trim=0.15)
print(fit.summary())

# %% [markdown]
# ## Your turn
#
# 1. Refit with `select="lwz"` and `select="sequential"`; note `selected_m` of each.
# 2. Which break years (first year of each new regime, `b.label for b in fit.breaks`) do
#    all three selections share? Those are the breaks you can report without depending on
#    the criterion.

# %%
m_bic = None  # TODO
m_lwz = None  # TODO
m_sequential = None  # TODO
robust_breaks = None  # TODO: a sorted list of years

feedback = check_number_of_breaks(
    m_bic=m_bic, m_lwz=m_lwz, m_sequential=m_sequential, robust_breaks=robust_breaks
)
print(feedback)

# %% [markdown]
# Then look at the table of RSS, BIC and LWZ by `m` above: how much does the extra break
# lower the RSS, and what does each criterion charge for it?
