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
# # Exercise 06: a common break or a break of each province's own?
#
# China's 31 provinces answer to the same national events. Did their invention
# applications break at one date common to all, or does each province have its own? Two
# least-squares fits answer different questions:
#
# * **one common date** for all provinces (each with its own level, trend and size of
#   shift): the year `k` that minimises `sum_i SSR_i(k)` (Bai 2010);
# * **a date of each province's own**: `argmin_k SSR_i(k)` for each province `i`.
#
# Setup: `exercise_panel("provinces")` (log domestic invention applications, 2010-2023);
# for each province and each candidate year `k` in 2013-2021 (the first year of the new
# regime), regress the province's series on a constant, a linear trend and a step
# `1(year >= k)`; `SSR_i(k)` is the sum of squared residuals.
# `exercise_panel("simulated")` has the same shape and a break in every province from
# 2017 (one noise standard deviation), so the break there is common by construction.

# %%
from policyts.exercises import COMMON_REASONS, check_common_vs_specific, exercise_panel

panel = exercise_panel("provinces")
simulated = exercise_panel("simulated")
print(dict(panel.sizes), dict(simulated.sizes))
for letter, text in COMMON_REASONS.items():
    print(f"({letter}) {text}\n")

# %% [markdown]
# ## Your turn
#
# 1. Write a function that returns `SSR_i(k)` for every candidate year and province.
# 2. `common_date`: the candidate with the smallest sum over provinces; `n_at_common`:
#    how many provinces' own dates equal it; `ssr_ratio`: `sum_i SSR_i(common_date)`
#    divided by `sum_i min_k SSR_i(k)`.
# 3. The same date and count on the simulated panel.
# 4. `reason`: which of the three statements above says what the comparison shows?

# %%
common_date = None  # TODO
n_at_common = None  # TODO
ssr_ratio = None  # TODO
simulated_common_date = None  # TODO
simulated_n_at_common = None  # TODO
reason = None  # TODO: "a", "b" or "c"

feedback = check_common_vs_specific(
    common_date=common_date,
    n_at_common=n_at_common,
    ssr_ratio=ssr_ratio,
    simulated_common_date=simulated_common_date,
    simulated_n_at_common=simulated_n_at_common,
    reason=reason,
)
print(feedback)

# %% [markdown]
# Then explain: `policyts.models.common_break` tests for a common break with a null
# distribution of its own (a bootstrap with a common factor). Why is that needed, when
# the two sums of squares are right there?
