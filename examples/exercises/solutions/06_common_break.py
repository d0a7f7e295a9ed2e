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
# # Exercise 06 (solution): a common break or a break of each province's own?

# %%
from collections import Counter

import numpy as np

from policyts.exercises import check_common_vs_specific, exercise_panel
from policyts.models import common_break

CANDIDATES = np.arange(2013, 2022)  # first year of the new regime


def ssr_by_date(panel):
    """SSR_i(k): rows are the candidate years, columns the provinces."""
    Y = panel.transpose("year", "province").values
    years = panel["year"].values
    T = len(years)
    out = []
    for k in CANDIDATES:
        X = np.column_stack([np.ones(T), np.arange(1.0, T + 1), (years >= k).astype(float)])
        coef, *_ = np.linalg.lstsq(X, Y, rcond=None)
        resid = Y - X @ coef
        out.append((resid**2).sum(axis=0))
    return np.array(out)


def common_and_own(panel):
    S = ssr_by_date(panel)
    k = S.sum(axis=1).argmin()
    own = S.argmin(axis=0)
    return int(CANDIDATES[k]), int((own == k).sum()), S[k].sum() / S.min(axis=0).sum(), own


panel = exercise_panel("provinces")
common_date, n_at_common, ssr_ratio, own = common_and_own(panel)
simulated_common_date, simulated_n_at_common, simulated_ratio, simulated_own = common_and_own(
    exercise_panel("simulated")
)
print(f"provinces: common date {common_date}, {n_at_common} of 31 at it, ratio {ssr_ratio:.3f}")
print("  own dates:", dict(sorted(Counter(int(d) for d in CANDIDATES[own]).items())))
print(
    f"simulated: common date {simulated_common_date}, {simulated_n_at_common} of 31 at it, "
    f"ratio {simulated_ratio:.3f}"
)
reason = "a"

feedback = check_common_vs_specific(
    common_date=common_date,
    n_at_common=n_at_common,
    ssr_ratio=ssr_ratio,
    simulated_common_date=simulated_common_date,
    simulated_n_at_common=simulated_n_at_common,
    reason=reason,
)
print(feedback)
assert feedback
assert (common_date, n_at_common) == (2013, 13) and (
    simulated_common_date,
    simulated_n_at_common,
) == (2017, 8)
assert 1 < ssr_ratio < simulated_ratio

# %% [markdown]
# The common date of the provinces is 2013, the first candidate, and 13 of the 31
# provinces' own dates are there too; one common date fits 19 % worse than 31 dates of
# their own. In the simulated panel every province breaks in 2017: the common date finds
# 2017, yet only 8 provinces' own dates do, and the common date fits 23 % worse than the
# own dates. Neither the count nor the ratio separates a common break from breaks of
# each province's own: with 14 noisy years a province's own date is a poor estimate, and
# the ratio is at least 1 by construction, with no F table behind it (a break date is not
# a regular parameter).
#
# The least-squares common date is the one `common_break` reports as Bai's (2010) date:

# %%
res = common_break(panel, dim="year", trend=True, bootstrap=99)
print("common_break least-squares date:", res.ls_break_label)
assert res.ls_break_label == common_date

# %% [markdown]
# To *test* a common break, `common_break` compares the common shift with a bootstrap
# distribution drawn from a model without a break that keeps the provinces' common
# factor; the sums of squares alone have no null distribution to compare with. A common
# date at the first candidate year, where 13 provinces' own dates also sit, is itself a
# warning: least squares puts a step at the edge of the range when the series bend
# rather than jump or the noise is persistent.
