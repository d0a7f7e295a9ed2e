"""The full placebo-in-space run of ``synthetic_control`` on Proposition 99 (38 nested fits,
several minutes), too slow for the test suite; writes policyts_placebos.json beside this file
for the comparison with R's Synth in README.md (synth_reference.json).

Run from the repository root:   python tests/reference/prop99_covariates/check_placebos.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from policyts.models.effects import synthetic_control

HERE = Path(__file__).parent
PRE80 = range(1980, 1989)
PREDICTORS = [
    ("lnincome", PRE80),
    ("retprice", PRE80),
    ("age15to24", PRE80),
    ("beer", range(1984, 1989)),
    ("cigsale", [1975]),
    ("cigsale", [1980]),
    ("cigsale", [1988]),
]


def main() -> None:
    smoking = pd.read_csv(HERE / "smoking.csv")
    res = synthetic_control(
        smoking,
        unit="state",
        time="year",
        outcome="cigsale",
        treated="California",
        event=1989,
        predictors=PREDICTORS,
        placebo_max_pre_mspe=5,
    )
    synth = json.loads((HERE / "synth_reference.json").read_text())
    out = {
        "description": "policyts synthetic_control on Prop 99 with the paper's predictors, "
        "every donor state as a placebo (check_placebos.py)",
        "weights": dict(res.weights),
        "predictor_weights": dict(res.predictor_weights),
        "loss_v": res.loss_v,
        "rmspe_ratio": res.rmspe_ratio,
        "placebos": [
            {"unit": u, "mspe_pre": float(m), "rmspe_ratio": float(r)}
            for u, m, r in zip(
                res.placebo_units, res.placebo_mspe_pre, res.placebo_rmspe_ratio, strict=True
            )
        ],
        "pvalues": {},
    }
    for key, k in (("all", None), ("x20", 20), ("x5", 5), ("x2", 2)):
        kept = sum(k is None or m <= k * res.mspe_pre for m in res.placebo_mspe_pre)
        out["pvalues"][key] = {"n_placebos": int(kept), "pvalue": res.placebo_pvalue(k)}
        print(
            f"{key:>4}: policyts p = {res.placebo_pvalue(k):.4f} ({kept} placebos); "
            f"Synth p = {synth['pvalues'][key]['pvalue']:.4f} "
            f"({synth['pvalues'][key]['n_placebos']} placebos)"
        )
    (HERE / "policyts_placebos.json").write_text(json.dumps(out, indent=1) + "\n")
    print(res.summary())


if __name__ == "__main__":
    main()
