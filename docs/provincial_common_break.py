"""Common break in China's provincial domestic invention applications, 2010-2023.

Runs :func:`policyts.models.common_break` on the bundled ``cn_provincial_patents``
(log applications, 31 provinces x 14 years), with unit effects alone and with unit
trends, over all candidate dates (2013-2021 with trim 0.15) and at 2017 (the first year
after the 2016 counting-basis change and the declassification event), and writes
``docs/provincial_common_break.json``::

    .venv/bin/python docs/provincial_common_break.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from policyts import datasets
from policyts.models import common_break

HERE = Path(__file__).parent


def main() -> None:
    ds = datasets.load("cn_provincial_patents")
    out = {}
    for kind in ("invention", "total"):
        panel = np.log(ds["applications"].sel(kind=kind))
        for trend in (False, True):
            for at in (None, 2017):
                res = common_break(panel, dim="year", trend=trend, at=at, bootstrap=999)
                key = f"{kind}_log_{'trend' if trend else 'effects'}_{at or 'sup'}"
                d = res.to_dict()
                d["by_unit"] = sorted(d["by_unit"], key=lambda u: u["p_value"])
                out[key] = d
                print(key)
                print(res.summary())
                print()
    (HERE / "provincial_common_break.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
