"""The report's figures: drawn without pyplot, with fixed style, saved under safe names."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from policyts.report._analyses import Prepared, event_in_range, event_obj
from policyts.report._spec import INDICATOR_SERIES, LEVEL, slug, slug_file


class Figures:
    """Draws, saves and remembers figures, without pyplot and with fixed style."""

    def __init__(self, directory: Path, enabled: bool) -> None:
        self.directory = directory
        self.enabled = enabled
        self.files: dict[str, str] = {}
        self._rc: dict[str, Any] | None = None
        if enabled:
            directory.mkdir(parents=True, exist_ok=True)

    def draw(
        self,
        name: str,
        paint: Callable[[Any], Any],
        *,
        size: tuple[float, float] = (6.4, 3.4),
    ) -> str | None:
        """Draw with ``paint(ax)``; return the file name, or None when figures are off."""
        if not self.enabled:
            return None
        import matplotlib
        from matplotlib.figure import Figure

        from policyts._output import MAX_NAME
        from policyts.plotting import save_figure

        stem = slug_file(name)
        if stem != name or len(stem) + 4 > MAX_NAME:
            # Built from user text (non-ASCII or long): shorten, and keep names distinct.
            digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
            stem = f"{stem[: MAX_NAME - 15]}-{digest}"
        file = f"{stem}.png"
        if self._rc is None:
            # Matplotlib's defaults, not the user's matplotlibrc: the figures must not
            # depend on the machine. The backend settings are left as they are.
            with matplotlib.rc_context():
                matplotlib.rcdefaults()
                defaults = dict(matplotlib.rcParams)
            skip = {"backend", "backend_fallback", "interactive"}
            self._rc = {k: v for k, v in defaults.items() if k not in skip}
            # A fixed title height spares matplotlib a layout pass per figure.
            self._rc.update({"font.size": 8.0, "axes.titlesize": 9.0, "axes.titley": 1.0})
            # Titles and labels carry user text (column names): "$" is a character there,
            # not the start of a formula that may fail to parse after the whole run.
            self._rc["text.parse_math"] = False
        with matplotlib.rc_context(self._rc):  # type: ignore[arg-type]
            fig = Figure(figsize=size)
            # Fixed margins rather than a layout engine: a layout engine lays every figure
            # out in an extra pass (a third of the report's time), and equal margins keep
            # the figures aligned on the page. Labels are wrapped to fit them.
            fig.subplots_adjust(left=0.16, right=0.98, bottom=0.15, top=0.91)
            ax = fig.subplots()
            paint(ax)
            save_figure(fig, self.directory / file, dpi=90)
        self.files[name] = file
        return file


def indicator_figures(
    figs: Figures, event_ids: Sequence[str], tick: Callable[[str], None]
) -> list[dict[str, Any]]:
    from policyts import indicators

    out = []
    info = indicators.indicators()
    for ind_id, long_name in info:
        tick(f"indicator {ind_id}")
        ds = indicators.get(ind_id)
        n_claims = int(ds.sizes["claim"])
        n_dated = int(np.isfinite(np.asarray(ds["year"].values, dtype=float)).sum())
        entry: dict[str, Any] = {
            "indicator": ind_id,
            "long_name": long_name,
            "family": str(ds.attrs.get("family", "")),
            "units": str(ds[ind_id].attrs.get("units", "")),
            "n_claims": n_claims,
            "n_dated": n_dated,
            "figure": None,
        }
        if n_dated == 0:
            entry["note"] = "no dated claim: shown in the claims table only"
        else:
            series = None
            if ind_id in INDICATOR_SERIES:
                from policyts import datasets

                dname, var = INDICATOR_SERIES[ind_id]
                series = datasets.load(dname)[var]
                entry["statistics"] = f"{dname}.{var}"

            def paint(ax: Any, ds: Any = ds, series: Any = series) -> None:
                from policyts import plotting

                plotting.indicator(ds, ax=ax, events=event_ids, series=series)

            entry["figure"] = figs.draw(f"indicator-{slug(ind_id)}", paint, size=(6.4, 3.0))
        out.append(entry)
    return out


def analysis_figures(
    figs: Figures, prep: Prepared, objs: dict[str, Any], event_ids: Sequence[str]
) -> dict[str, str | None]:
    from policyts import plotting

    y = prep.data
    key = prep.spec.key
    out: dict[str, str | None] = {}
    labels = [v.item() if hasattr(v, "item") else v for v in y[y.dims[0]].values]
    placeable = []
    for e in event_ids:
        try:
            plotting._event_x(event_obj(e), labels)
            placeable.append(e)
        except ValueError:
            continue
    lo, hi = labels[0], labels[-1]
    shown = [e for e in placeable if event_in_range(e, prep.freq, lo, hi)]
    if "bai_perron" in objs:
        bp = objs["bai_perron"]
        out["regimes"] = figs.draw(
            f"analysis-{key}-regimes",
            lambda ax: plotting.regimes(bp, y=y, ax=ax, events=shown),
        )
    else:
        out["series"] = figs.draw(
            f"analysis-{key}-series", lambda ax: plotting.timeseries(y, ax=ax, events=shown)
        )
    if "sup_f" in objs:
        sf = objs["sup_f"]
        out["f_path"] = figs.draw(
            f"analysis-{key}-fpath",
            lambda ax: plotting.f_path(sf, ax=ax, level=LEVEL, events=shown),
            size=(6.4, 2.8),
        )
    if "cusum" in objs:
        cs = objs["cusum"]
        out["cusum"] = figs.draw(
            f"analysis-{key}-cusum",
            lambda ax: plotting.cusum(cs, ax=ax, events=shown),
            size=(6.4, 2.8),
        )
    for eid, res in objs.get("effects", {}).items():

        def paint(ax: Any, res: Any = res, eid: str = eid) -> None:
            plotting.counterfactual(res, ax=ax, events=[eid])

        out[f"effect:{eid}"] = figs.draw(f"analysis-{key}-effect-{slug(eid)}", paint)
    return out
