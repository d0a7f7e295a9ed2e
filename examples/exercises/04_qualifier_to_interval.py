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
# # Exercise 04: reading a claim's qualifier into an interval
#
# Sources rarely state exact numbers: "about 3,000", "more than 4,000", "nearly RMB 1
# trillion". policyts turns each qualifier into an interval with one rule,
# `policyts.indicators.DEFAULT_RULE`, so that claims can be compared and added.

# %%
import policyts.indicators as pi
from policyts.exercises import check_claim_interval, check_interval_sum

print(pi.DEFAULT_RULE.describe())
for cid in (
    "dp.declassified_2017.uppal",
    "dp.declassified_2018.uppal",
    "pi.product_output_2024.seed",
):
    c = pi.claim_by_id(cid)
    print(f"{cid}: {c.qualifier} {c.value:,.0f} {c.unit} ({c.period}): {c.quote!r}")

# %% [markdown]
# ## Your turn
#
# 1. Write the interval of each claim: `lower`, `upper` (use `float("inf")` for an
#    unbounded side) and whether each end is excluded (`lower_open`, `upper_open`).
# 2. The seed adds its two figures to "more than 7,000 in two years". Add the *intervals*
#    of the 2017 and 2018 claims instead: what does the two-year total range over?

# %%
answers = {
    "dp.declassified_2017.uppal": None,  # TODO: (lower, upper, lower_open, upper_open)
    "dp.declassified_2018.uppal": None,  # TODO
    "pi.product_output_2024.seed": None,  # TODO
}
for cid, ans in answers.items():
    lower, upper, lo_open, hi_open = ans if ans else (None, None, False, False)
    print(check_claim_interval(cid, lower, upper, lower_open=lo_open, upper_open=hi_open))

two_year = None  # TODO: (lower, upper, lower_open, upper_open)
lower, upper, lo_open, hi_open = two_year if two_year else (None, None, False, False)
print(check_interval_sum(lower, upper, lower_open=lo_open, upper_open=hi_open))

# %% [markdown]
# Then find the derived claim `dp.declassified_total.sum_uppal` in the catalogue and the
# audit check that compares it with the seed's "more than 7,000": are they consistent?
