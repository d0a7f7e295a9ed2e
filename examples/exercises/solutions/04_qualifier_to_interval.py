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
# # Exercise 04 (solution): reading a claim's qualifier into an interval

# %%
import math

import policyts.indicators as pi
from policyts.exercises import check_claim_interval, check_interval_sum

inf = math.inf
answers = {
    # "about 3,000": +-10 % under the default rule, both ends included
    "dp.declassified_2017.uppal": (2700.0, 3300.0, False, False),
    # "more than 4,000": 4,000 excluded, no upper bound
    "dp.declassified_2018.uppal": (4000.0, inf, True, True),
    # "nearing RMB 1 trillion": up to 10 % below, the number included
    "pi.product_output_2024.seed": (0.9e12, 1e12, False, False),
}
results = []
for cid, (lower, upper, lo_open, hi_open) in answers.items():
    fb = check_claim_interval(cid, lower, upper, lower_open=lo_open, upper_open=hi_open)
    print(fb)
    results.append(fb)
assert all(results)

# %% [markdown]
# Interval arithmetic: lower bounds add, upper bounds add, and an end is excluded when
# either operand's end is.

# %%
two_year = pi.Interval(2700, 3300) + pi.Interval(4000, inf, True, True)
print(two_year)
fb = check_interval_sum(
    two_year.lower, two_year.upper, lower_open=two_year.lower_open, upper_open=two_year.upper_open
)
print(fb)
assert fb and two_year.lower == 6700

# %% [markdown]
# "About 3,000 and more than 4,000" therefore implies more than 6,700, not more than
# 7,000; the audit compares the seed's stated total with this interval:

# %%
check = next(r for r in pi.audit() if r.id == "dp.two_year_total_seed")
print(check.summary())
assert check.status == "consistent"
