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
# # Exercise 02 (solution): choosing the number of breaks

# %%
from policyts.exercises import check_number_of_breaks, exercise_series
from policyts.models import bai_perron

y = exercise_series("fujian_utility_model")
fits = {
    sel: bai_perron(y, trend=True, trim=0.15, select=sel) for sel in ("bic", "lwz", "sequential")
}
for sel, fit in fits.items():
    print(f"{sel:>10}: m = {fit.selected_m}, breaks {[b.label for b in fit.breaks]}")

# %%
m_bic = fits["bic"].selected_m
m_lwz = fits["lwz"].selected_m
m_sequential = fits["sequential"].selected_m
shared = set.intersection(*({b.label for b in fit.breaks} for fit in fits.values()))
robust_breaks = sorted(shared)

feedback = check_number_of_breaks(
    m_bic=m_bic, m_lwz=m_lwz, m_sequential=m_sequential, robust_breaks=robust_breaks
)
print(feedback)
assert feedback
assert (m_bic, m_lwz, m_sequential) == (3, 2, 3)
assert robust_breaks == [2009, 2016]

# %% [markdown]
# The 1994 break is the one the criteria disagree on: it lowers the RSS, but LWZ's
# penalty, which grows faster with the sample size, does not think it worth a regime.
# 2009 and 2016 survive every criterion. Each estimated break also has a confidence
# interval for its date:

# %%
for b in fits["bic"].breaks:
    print(f"new regime from {b.label}; 95% interval for the old regime's last year {b.ci}")
