"""Parity of policyts' intervention SARIMAX with R's ``arima`` on every stored case,
including the slow seasonal-ARIMA ones kept out of the test suite (a few seconds to
minutes each). Run from the repository root:

    .venv/bin/python tests/reference/seatbelts/check_sarimax.py

Writes sarimax_parity.json beside this file: per case the R and policyts
log-likelihoods, their difference (policyts minus R; positive = a higher maximum) and the
largest relative difference of the coefficients R reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from policyts.models.effects import effect

HERE = Path(__file__).parent
NAMES = {"ar1": "ar.L1", "ma1": "ma.L1", "sar1": "ar.S.L12", "sma1": "ma.S.L12"}
NAMES.update({"intercept": "const", "tc": "trend"})


def ours(nm: str) -> str:
    if nm[:1] == "m" and nm[1:].isdigit():
        return f"month:{nm[1:]}"
    return NAMES.get(nm, nm)


def main() -> None:
    sb = pd.read_csv(HERE / "seatbelts.csv")
    sb.index = pd.PeriodIndex(sb.pop("month"), freq="M")
    nile = pd.read_csv(HERE / "nile.csv").set_index("year")["flow"]
    ref = json.loads((HERE / "seatbelts_reference.json").read_text())
    nref = json.loads((HERE / "nile_reference.json").read_text())
    y = sb["DriversKilled"]
    cases = {
        "arima_dummies": (ref, y, "1983-02", dict(log=True)),
        "arima_sar": (ref, y, "1983-02", dict(log=True, order=(1, 0, 0), seasonal_order=(1, 0, 0))),
        "arima_airline": (
            ref,
            y,
            "1983-02",
            dict(
                log=True,
                order=(0, 1, 1),
                seasonal_order=(0, 1, 1),
                trend=False,
                interventions=["step"],
            ),
        ),
        "ar1_step": (nref, nile, 1899, dict(order=(1, 0, 0), trend=False, interventions=["step"])),
        "arma11_trend_step": (nref, nile, 1899, dict(order=(1, 0, 1), interventions=["step"])),
    }
    out = {}
    for key, (r, series, event, kw) in cases.items():
        res = effect(series, event=event, model="sarimax", placebo=False, **kw)
        rc = r[key]["coefficients"]
        rel = max(
            abs(res.coefficients[ours(nm)][0] - est) / abs(est)
            for nm, est in zip(rc["names"], rc["estimate"], strict=True)
        )
        out[key] = {
            "loglik_r": r[key]["loglik"],
            "loglik_policyts": res.details["loglik"],
            "loglik_statsmodels_default": res.details["loglik_start"],
            "loglik_difference": res.details["loglik"] - r[key]["loglik"],
            "max_relative_coefficient_difference": float(rel),
        }
        print(key, out[key])
    (HERE / "sarimax_parity.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
