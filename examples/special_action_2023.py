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
# # The 2023 special action on patent transformation
#
# In October 2023 the General Office of the State Council issued a special action plan
# (2023-2025) to put the patents of universities and research institutes to use: take
# stock of them, select those worth transferring, match them with firms. What do the
# sources say it achieved, and what can the statistics say one year on?

# %%
import matplotlib.pyplot as plt

import policyts.indicators as pi
from policyts import datasets, events, plotting
from policyts.models import chow, chow_predictive
from policyts.models.effects import effect

event = "special_action_patent_transformation_2023"
print(events.get(event))

# %% [markdown]
# ## One event, which year?
#
# The plan is dated to October 2023. Under the catalogue's default rule ("majority": the
# year in which the event is in force for at least half of the days) it first affects
# 2024; counted in the year that contains it, 2023. Annual tests must say which.

# %%
first = events.first_affected_period(event, "year")
containing = events.first_affected_period(event, "year", rule="containing")
print(first, containing)
assert (first, containing) == (2024, 2023)

# %% [markdown]
# ## What the sources report
#
# Stock patents inventoried under the action, as reported over time: "more than 1.34
# million" in the seed (over the whole plan period), 914,000 in April 2024 and 1.349
# million in November 2024.

# %%
ds = pi.get("special_action_patents_inventoried")
for cid in ds["claim"].values:
    c = pi.claim_by_id(str(cid))
    print(f"{c.period:>16}  {c.qualifier:<9} {c.value:>12,.0f}  {c.source.publisher}")
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
plotting.indicator(ds, ax=ax, events=[event, "cnipa_notice_2025_06_10"])
assert (
    ds["special_action_patents_inventoried"].sel(claim="sa.inventoried_2024_11.jingji") == 1.349e6
)

# %% [markdown]
# The plan also carries targets for 2025. A target is a plan, not an observation: the
# catalogue flags it, and the seed's "nearing RMB 1 trillion" in 2024 is an interval that
# ends at the target.

# %%
output = {
    str(c): pi.claim_by_id(str(c))
    for c in pi.get("patent_intensive_product_output")["claim"].values
}
for c in output.values():
    print(f"{c.period}  {c.qualifier:<7} {c.interval()}  target: {c.is_target}")
observed_2024 = output["pi.product_output_2024.seed"].interval()
target_2025 = output["pi.product_output_target_2025.cnipa"]
assert target_2025.is_target and observed_2024.upper == target_2025.value

# %% [markdown]
# ## One year of statistics after the event
#
# The GDP share of the patent-intensive industries is published for 2018-2024 (2019
# derived from published figures). With 2024 the only year after the event, the Chow F
# test cannot be computed: the post-event regression would have one observation for two
# coefficients. The Chow predictive test asks instead whether 2024 lies where the
# 2018-2023 trend puts it.

# %%
share = datasets.load("patent_intensive_industries")["gdp_share"]
try:
    chow(share, at=first, trend=True)
except ValueError as exc:
    print("Chow F:", exc)
    chow_failed = True
assert chow_failed
test = chow_predictive(share, at=first, trend=True)
print(test.summary())
assert test.df == (1.0, 4.0) and test.pvalue > 0.5

# %% [markdown]
# The effect model says the same with an interval: 2024 is within the prediction interval
# of the pre-event trend, and the model warns that one period cannot identify a change in
# slope.

# %%
res = effect(share, event=event, jurisdiction="CN")
print(res.summary())
assert res.n_post == 1 and res.slope_change is None
assert any(w.startswith("short post-period") for w in res.warnings)
assert res.level_change.ci[0] < 0 < res.level_change.ci[1]
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
plotting.counterfactual(res, ax=ax, events=[event])

# %% [markdown]
# ## Transfers and licences: mind the periods
#
# The transfer and licence figures come for whole years, first halves and the first three
# quarters, and in two measures (transactions, and recorded filings). The dataset keeps
# the period of each figure, so a half-year is never compared with a year, and flags the
# figures computed from others (the 2023 filings are backed out of the 2024 growth rate).

# %%
tl = datasets.load("patent_transfers_licences")
rows = tl[["univ_inst_transfers_and_licences", "univ_inst_transfers_and_licences_recorded"]]
status = tl["univ_inst_transfers_and_licences_recorded_status"].values  # 0 seen, 1 derived
for i, period in enumerate(tl["period"].values):
    kind = str(tl["period_kind"].values[i])
    deals = float(rows["univ_inst_transfers_and_licences"].values[i])
    filings = float(rows["univ_inst_transfers_and_licences_recorded"].values[i])
    flag = " (derived)" if status[i] == 1 else ""
    print(
        f"{period:>10} {kind:<21} transactions {deals:>9,.0f}  recorded filings {filings:>9,.0f}{flag}"
    )
assert str(tl["period_kind"].sel(period="2024H1").values) == "first_half"

# %% [markdown]
# **What the evidence supports:** the sources report the inventory growing from 914,000
# (April 2024) to 1.349 million (November 2024) patents; the 2024 GDP share of the
# patent-intensive industries is in line with its 2018-2023 trend.
#
# **What it does not support:** any statement about the plan's effect on the statistics.
# One year after the event can only be compared with a forecast, and the June 2025 CNIPA
# notice follows within the next year.
