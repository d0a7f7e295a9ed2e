"""Size and power of the effect models' seasonality check (Kruskal-Wallis on the first
differences by month, p < 0.01) on monthly series shaped like policy indicators: a linear
trend plus AR(1) noise (rho = 0, 0.5, 0.9) or a random walk (rho = 1), 3, 5 and 10 years of
pre-period; power against a seasonal sine of amplitude 0.5 and 1.5 innovation standard
deviations. 1,000 replications per cell, seed 1. The check rejects at its level
(SEASONALITY_ALPHA, 5%); the study also records the rate at 1%.

Run from the repository root:
    .venv/bin/python tests/reference/seasonality/size_power_study.py
Writes size_power.json beside this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

from policyts.models.effects._seasonal import SEASONALITY_ALPHA, seasonality_test

REPS = 1000


def main() -> None:
    rng = np.random.default_rng(1)
    rows = []
    for n in (36, 60, 120):
        season = np.arange(n) % 12
        for rho in (0.0, 0.5, 0.9, 1.0):
            u = lfilter([1.0], [1.0, -rho], rng.standard_normal((REPS, n)), axis=1)
            y = 0.05 * np.arange(n) + u
            row = {"n": n, "rho": rho}
            for amp in (0.0, 0.5, 1.5):
                s = amp * np.sin(2 * np.pi * season / 12)
                p = np.array([seasonality_test(y[i] + s, season, 12).pvalue for i in range(REPS)])
                key = "size" if amp == 0 else f"power_amplitude_{amp:g}"
                row[key] = float(np.mean(p < SEASONALITY_ALPHA))
                row[key + "_at_1pct"] = float(np.mean(p < 0.01))
            rows.append(row)
            print(row)
    out = {"alpha": SEASONALITY_ALPHA, "replications": REPS, "seed": 1, "cells": rows}
    (Path(__file__).parent / "size_power.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
