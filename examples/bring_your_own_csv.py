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
# # Bring your own CSV
#
# Your series, the same analyses. `policyts.datasets.read_csv` reads a CSV file strictly:
# every value a number or empty, one time format, sorted, no duplicates, no gaps. Anything
# else stops with a message naming the file, column and line, so nothing is dropped or
# filled behind your back.
#
# To keep this notebook self-contained, the "user file" is written from a bundled series
# (Fujian's invention applications and grants, Fujian Statistical Yearbook 2022); put your
# own file in its place.

# %%
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from policyts import datasets, plotting
from policyts.models import bai_perron, chow, sup_f
from policyts.models.effects import effect
from policyts.report import AnalysisSpec, run_report

workdir = Path(tempfile.mkdtemp(prefix="policyts-csv-"))
fj = datasets.load("fujian_patents")
lines = ["year,invention_applications,invention_grants"]
for year, apps, grants in zip(
    fj["year"].values,
    fj["applications_invention"].values,
    fj["grants_invention"].values,
    strict=True,
):
    apps_cell = "" if np.isnan(apps) else f"{apps:.0f}"  # 2021 applications: not published
    lines.append(f"{year},{apps_cell},{grants:.0f}")
path = workdir / "fujian.csv"
path.write_text("\n".join(lines) + "\n")
print("\n".join(lines[:4] + ["..."] + lines[-2:]))

# %% [markdown]
# ## Reading it

# %%
ds = datasets.read_csv(path, time="year")
print(ds)
assert ds.sizes["year"] == 35 and np.isnan(ds["invention_applications"].sel(year=2021))

# %% [markdown]
# What a strict reader refuses. Each of these files has one typical problem:

# %%
problems = {
    "a missing column": ("year,invention_applications\n2019,1\n2020,2\n", "invention_grants"),
    "a gap in the years": ("year,invention_grants\n2018,1\n2020,2\n", None),
    "a thousands separator": ('year,invention_grants\n2019,"1,234"\n2020,2\n', None),
    "a year given twice": ("year,invention_grants\n2019,1\n2019,2\n", None),
}
messages = {}
for what, (text, column) in problems.items():
    bad = workdir / "bad.csv"
    bad.write_text(text)
    try:
        datasets.read_csv(bad, time="year", columns=[column] if column else None)
    except ValueError as exc:
        messages[what] = str(exc)
        print(f"{what}: {exc}")
assert set(messages) == set(problems)
assert "invention_grants" in messages["a missing column"]

# %% [markdown]
# ## Analysing it
#
# The models take the labelled column directly. Missing years are never skipped: select a
# span without them (here 1987-2020 for the applications) and say so.

# %%
apps = np.log(ds["invention_applications"].sel(year=slice(1987, 2020)))
apps.attrs = {"long_name": "log of Fujian's invention applications", "units": "log(applications)"}
try:
    sup_f(np.log(ds["invention_applications"]), trend=True)
except ValueError as exc:
    print("with 2021 left in:", exc)
fit = bai_perron(apps, trend=True, trim=0.15, max_breaks=3)
sf = sup_f(apps, trend=True, bootstrap=999, seed=1)
test = chow(apps, at=2008, trend=True)
print(fit.summary())
print(f"sup-F bootstrap p = {sf.bootstrap_pvalue:.3g}; Chow at 2008: p = {test.pvalue:.2g}")
assert [b.label for b in fit.breaks] == [1992, 1998, 2016]

fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
plotting.regimes(
    fit, y=apps, ax=ax, events=["ip_strategy_2008", "fujian_statistical_coverage_2017"]
)

# %% [markdown]
# An effect estimate needs the series on its own scale (`log=True` models its log). A
# province's series gets the national events and its own as confounders:

# %%
grants = ds["invention_grants"]
res = effect(grants, event="ip_strategy_2008", log=True, jurisdiction="CN-FJ")
print(res.summary())
assert res.first_treated == 2008
assert any("fujian_statistical_coverage_2017" in w for w in res.warnings)

# %% [markdown]
# ## A report on your file
#
# `run_report` accepts your columns as analyses (from the command line: `policyts report
# --csv FILE --time year --y COL`). Here without figures, to keep it quick; the numbers
# are those of the bundled series.

# %%
spec = AnalysisSpec.from_csv(path, "invention_grants", log=True, jurisdiction="CN-FJ")
results = run_report(
    workdir / "report", analyses=(spec,), figures=False, comparators=False, progress=False
)
mine = results["analyses"][0]
for line in mine["finding"]["supports"]:
    print("+", line)
bundled = bai_perron(np.log(fj["grants_invention"]), trend=True, trim=0.15, max_breaks=3)
assert [b["label"] for b in mine["bai_perron"]["breaks"]] == [b.label for b in bundled.breaks]
assert (workdir / "report" / "index.html").exists()

# %% [markdown]
# Clean up the scratch directory.

# %%
import shutil  # noqa: E402

shutil.rmtree(workdir)
