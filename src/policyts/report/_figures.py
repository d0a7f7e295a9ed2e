"""The report's figures: drawn without pyplot, with fixed style, saved under safe names.

Speed (measured in ``benchmarks/bench_report.py``): drawing, not encoding, is most of a
figure's time (text layout and tick objects); PNG at zlib level 6 is within a few per cent
of level 1 in size and time at this size. The style is built once per process, figures
can be drawn in a pool of forked processes (``workers``), and the files do not depend on
which process drew them.

The pool starts with the first figure and draws each figure as soon as it is asked for,
while the statistics of the next series run: every ``paint`` of the report is a
module-level function bound to its data (``functools.partial``), so a figure travels to
a worker as a pickle. A ``paint`` that cannot be pickled (a closure) is drawn by
:meth:`Figures.close` in workers forked then, which inherit it.
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import hashlib
import io
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from policyts.report._analyses import Prepared, event_in_range, event_obj
from policyts.report._spec import INDICATOR_SERIES, LEVEL, slug, slug_file

FIGURE_FORMATS = ("png", "svg")
_STYLE: dict[str, Any] | None = None
# Figures waiting for a pool of forked workers; read by _draw_one in the children, which
# inherit this list when they are forked (so the drawing closures are never pickled).
_PENDING: list[tuple[Callable[[Any], Any], tuple[float, float], Path, dict[str, Any]]] = []
# Set in a pool worker once the report's style is its rcParams (no rc_context per figure).
_STYLED = False


def figure_style() -> dict[str, Any]:
    """The rc settings every report figure is drawn with (built once per process).

    matplotlib's defaults, not the user's matplotlibrc, so figures do not depend on the
    machine (backend settings left as they are); a small base font; a fixed title height
    (sparing a layout pass); ``$`` as a plain character (titles carry user text); and the
    font families of :func:`policyts.plotting.font_family` (a CJK font after the default
    one when installed).
    """
    global _STYLE
    if _STYLE is None:
        import matplotlib

        from policyts.plotting import font_family

        with matplotlib.rc_context():
            matplotlib.rcdefaults()
            defaults = dict(matplotlib.rcParams)
        skip = {"backend", "backend_fallback", "interactive"}
        style: dict[str, Any] = {str(k): v for k, v in defaults.items() if k not in skip}
        style.update({"font.size": 8.0, "axes.titlesize": 9.0, "axes.titley": 1.0})
        style["text.parse_math"] = False
        style["font.family"] = font_family()
        style["svg.hashsalt"] = "policyts"
        style["svg.fonttype"] = "none"
        _STYLE = style
    return _STYLE


def _render(
    paint: Callable[[Any], Any], size: tuple[float, float], path: Path, save: dict[str, Any]
) -> None:
    import matplotlib
    from matplotlib.figure import Figure

    from policyts.plotting import save_figure

    def draw() -> None:
        fig = Figure(figsize=size)
        # Fixed margins rather than a layout engine: a layout engine lays every figure
        # out in an extra pass (a third of the report's time), and equal margins keep
        # the figures aligned on the page. Labels are wrapped to fit them.
        fig.subplots_adjust(left=0.16, right=0.98, bottom=0.15, top=0.91)
        ax = fig.subplots()
        paint(ax)
        save_figure(fig, path, **save)

    if _STYLED:  # a pool worker: the style is already its rcParams
        draw()
        return
    with matplotlib.rc_context(figure_style()):  # type: ignore[arg-type]
        draw()


def _draw_one(index: int) -> None:
    paint, size, path, save = _PENDING[index]
    _render(paint, size, path, save)


def _draw_batch(tasks: Sequence[Any]) -> None:
    """A batch worker (forked, so ``tasks`` are inherited, not pickled): draw them all."""
    _worker_style()
    for task in tasks:
        _render(*task)


def _worker_style() -> None:
    """Pool initializer: the report's style becomes the worker's rcParams, once; the
    objects inherited from the parent are left out of garbage collection (collecting
    them would only copy their memory pages: about 7 % of the workers' time)."""
    global _STYLED
    import gc

    import matplotlib

    gc.freeze()

    matplotlib.rcParams.update(figure_style())  # type: ignore[arg-type]
    _STYLED = True


def _draw_pickled(payload: bytes) -> None:
    _render(*pickle.loads(payload))


def _mapping_proxy(d: dict[Any, Any]) -> Any:
    return MappingProxyType(d)


def _pickled(task: Any) -> bytes | None:
    """``task`` as a pickle (read-only mappings as dicts wrapped again on loading), or
    None when it cannot be pickled (a closure or a lambda)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    table = copyreg.dispatch_table.copy()
    table[MappingProxyType] = lambda m: (_mapping_proxy, (dict(m),))
    pickler.dispatch_table = table  # type: ignore[assignment]
    try:
        pickler.dump(task)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None
    return buf.getvalue()


class Figures:
    """Draws, saves and remembers figures, without pyplot and with fixed style.

    Parameters
    ----------
    directory : pathlib.Path
        Where the files go (created when figures are on).
    enabled : bool
        False: :meth:`draw` draws nothing and returns None.
    fmt : {"png", "svg"}
        File format. PNG at ``dpi``; SVG with text as text (smaller, and drawn about
        40 % faster, but the page must then embed ``image/svg+xml``).
    dpi : int
        Resolution of PNGs (200: fit to print at the figures' 6.4 inch width).
    palette : bool
        PNGs with a 256-colour palette (:func:`policyts.plotting.save_figure`): 2.6
        times smaller (the 159 figures of the report: 4.4 MB against 11.5 MB at 200 dpi,
        the size of today's page, which embeds them), about 20 ms slower per figure.
    workers : int
        1 draws each figure when :meth:`draw` is called. More: a pool of that many forked
        processes starts with the first figure and draws each as it comes (POSIX only;
        elsewhere figures are drawn in this process by :meth:`close`); callers must then
        call :meth:`close` (or use ``with``) before reading the files. The bytes do not
        depend on ``workers``.
    """

    def __init__(
        self,
        directory: Path,
        enabled: bool,
        *,
        fmt: str = "png",
        dpi: int = 200,
        palette: bool = True,
        workers: int = 1,
    ) -> None:
        if fmt not in FIGURE_FORMATS:
            raise ValueError(f"figure format must be one of {FIGURE_FORMATS}, not {fmt!r}")
        if int(workers) != workers or workers < 1:
            raise ValueError(f"workers must be a positive integer, got {workers!r}")
        if int(dpi) != dpi or not 50 <= dpi <= 600:
            raise ValueError(f"dpi must be an integer from 50 to 600, got {dpi!r}")
        self.directory = directory
        self.enabled = enabled
        self.fmt = fmt
        self.dpi = int(dpi)
        self.palette = bool(palette)
        self.workers = int(workers)
        self.files: dict[str, str] = {}
        self._queue: list[
            tuple[Callable[[Any], Any], tuple[float, float], Path, dict[str, Any]]
        ] = []
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[None]] = []
        self._batch: list[Any] | None = None
        self._batches: list[tuple[Any, int]] = []  # (process, number of figures)
        if enabled:
            directory.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> Figures:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.cancel()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Figures asked for inside ``with figs.batch():`` are drawn, on leaving it, by one
        process forked then, which inherits them (no pickling), while this process goes
        on; the pool of the figures after it starts later, so its workers inherit what
        this process imports meanwhile (the report's models). In one process (and
        drawn by :meth:`close`) when ``workers`` is 1 or fork is unavailable."""
        if self.workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            yield
            return
        self._batch = []
        try:
            yield
        finally:
            tasks, self._batch = self._batch, None
        if tasks:
            import matplotlib.figure  # noqa: F401

            import policyts.plotting  # noqa: F401

            figure_style()
            proc = multiprocessing.get_context("fork").Process(target=_draw_batch, args=(tasks,))
            proc.start()
            self._batches.append((proc, len(tasks)))

    def cancel(self) -> None:
        """Drop the figures not yet drawn and stop the pool (after an error)."""
        self._queue.clear()
        batches, self._batches = self._batches, []
        for proc, _ in batches:
            proc.terminate()
            proc.join()
        pool, self._pool, self._futures = self._pool, None, []
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def pending(self) -> int:
        """Figures asked for and not yet written."""
        running = sum(n for proc, n in self._batches if proc.is_alive())  # at most
        return len(self._queue) + running + sum(not f.done() for f in self._futures)

    def _started_pool(self) -> ProcessPoolExecutor | None:
        if self._pool is None and "fork" in multiprocessing.get_all_start_methods():
            workers = min(self.workers, os.cpu_count() or 1)
            if workers < 2:
                return None
            # Imported and styled here once, before the fork, so the workers share them.
            import matplotlib.figure  # noqa: F401

            import policyts.plotting  # noqa: F401

            figure_style()
            ctx = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_style)
        return self._pool

    def draw(
        self,
        name: str,
        paint: Callable[[Any], Any],
        *,
        size: tuple[float, float] = (6.4, 3.4),
    ) -> str | None:
        """Draw with ``paint(ax)``; return the file name, or None when figures are off.

        With ``workers > 1`` the figure is queued, and written by :meth:`close`.
        """
        if not self.enabled:
            return None
        from policyts._output import MAX_NAME

        suffix = f".{self.fmt}"
        stem = slug_file(name)
        if stem != name or len(stem) + len(suffix) > MAX_NAME:
            # Built from user text (non-ASCII or long): shorten, and keep names distinct.
            digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
            stem = f"{stem[: MAX_NAME - 15]}-{digest}"
        file = f"{stem}{suffix}"
        save: dict[str, Any] = {"fmt": self.fmt, "dpi": self.dpi}
        if self.fmt == "png":
            save["palette"] = self.palette
        task = (paint, size, self.directory / file, save)
        if self._batch is not None:
            self._batch.append(task)
        elif self.workers > 1:
            pool = self._started_pool()
            payload = _pickled(task) if pool is not None else None
            if pool is not None and payload is not None:
                self._futures.append(pool.submit(_draw_pickled, payload))
            else:
                self._queue.append(task)
        else:
            _render(*task)
        self.files[name] = file
        return file

    def close(self) -> None:
        """Wait for the pool and draw the queued figures (``workers > 1``); a no-op when
        nothing is pending. A figure that failed raises its error here."""
        global _PENDING
        batches, self._batches = self._batches, []
        failed = []
        for proc, n in batches:
            proc.join()
            if proc.exitcode != 0:
                failed.append(f"{n} figures (exit code {proc.exitcode})")
        if failed:
            self.cancel()
            raise RuntimeError(
                f"a figure process failed drawing {', '.join(failed)}; its error is above"
            )
        pool, futures, self._pool, self._futures = self._pool, self._futures, None, []
        if pool is not None:
            try:
                for future in futures:
                    future.result()  # a worker that died: BrokenProcessPool
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        tasks, self._queue = self._queue, []
        if not tasks:
            return
        workers = min(self.workers, len(tasks), os.cpu_count() or 1)
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            for task in tasks:
                _render(*task)
            return
        figure_style()  # built once here, inherited by the forked workers
        _PENDING = tasks
        try:
            # A worker that dies raises BrokenProcessPool here rather than hanging.
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                list(pool.map(_draw_one, range(len(tasks))))
        finally:
            _PENDING = []


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

            paint = functools.partial(
                _paint_indicator, ds=ds, series=series, events=tuple(event_ids)
            )
            entry["figure"] = figs.draw(f"indicator-{slug(ind_id)}", paint, size=(6.4, 3.0))
        out.append(entry)
    return out


def _placeable(event_ids: Sequence[str], labels: Sequence[Any]) -> list[str]:
    """The events that can be drawn on an axis of ``labels`` (known ids with a calendar)."""
    from policyts import plotting

    out = []
    for e in event_ids:
        try:
            plotting.events_on_axis([event_obj(e)], labels)
        except ValueError:
            continue
        out.append(e)
    return out


def _regimes_drawable(bp: Any) -> bool:
    """Fitted regimes can be drawn from the series alone: intercept and trend only (not
    with seasonal dummies or other regressors held in the model)."""
    return bp is not None and set(bp.names) <= {"const", "trend"}


def analysis_figures(
    figs: Figures, prep: Prepared, objs: dict[str, Any], event_ids: Sequence[str]
) -> dict[str, str | None]:

    y = prep.data
    key = prep.spec.key
    out: dict[str, str | None] = {}
    labels = [v.item() if hasattr(v, "item") else v for v in y[y.dims[0]].values]
    placeable = _placeable(event_ids, labels)
    lo, hi = labels[0], labels[-1]
    # Event objects, not ids: the user's own events are not in the catalogue.
    shown = [event_obj(e) for e in placeable if event_in_range(e, prep.freq, lo, hi)]
    # Module-level functions bound to their data: picklable, so drawn by the pool.
    partial = functools.partial
    if _regimes_drawable(objs.get("bai_perron")):
        bp = objs["bai_perron"]
        out["regimes"] = figs.draw(
            f"analysis-{key}-regimes", partial(_plot, "regimes", bp, y=y, events=shown)
        )
    else:
        out["series"] = figs.draw(
            f"analysis-{key}-series", partial(_plot, "timeseries", y, events=shown)
        )
    if "sup_f" in objs:
        out["f_path"] = figs.draw(
            f"analysis-{key}-fpath",
            partial(_plot, "f_path", objs["sup_f"], level=LEVEL, events=shown),
            size=(6.4, 2.8),
        )
    if "cusum" in objs:
        out["cusum"] = figs.draw(
            f"analysis-{key}-cusum",
            partial(_plot, "cusum", objs["cusum"], events=shown),
            size=(6.4, 2.8),
        )
    for eid, res in objs.get("effects", {}).items():
        paint = partial(_plot, "counterfactual", res, events=[event_obj(eid)])
        out[f"effect:{eid}"] = figs.draw(f"analysis-{key}-effect-{slug(eid)}", paint)
    return out


def _plot(function: str, obj: Any, ax: Any, **kwargs: Any) -> None:
    """``policyts.plotting.<function>(obj, ax=ax, **kwargs)``: a figure's paint, bound
    with :func:`functools.partial`."""
    from policyts import plotting

    getattr(plotting, function)(obj, ax=ax, **kwargs)


def _paint_indicator(ax: Any, *, ds: Any, series: Any, events: Sequence[str]) -> None:
    from policyts import plotting

    plotting.indicator(ds, ax=ax, events=events, series=series)


def _paint_overview(ax: Any, *, items: Sequence[dict[str, Any]], cols: int) -> None:
    from policyts import plotting

    # The grid replaces the single axes the figure was made with.
    plotting.overview(items, ncols=cols, panel_size=(6.4 / cols, 1.9), fig=ax.figure)


def overview_figure(
    figs: Figures,
    panels: Sequence[tuple[Prepared, dict[str, Any], Sequence[str]]],
    *,
    ncols: int = 3,
) -> str | None:
    """The page's first figure: every analysed series with its events and regimes.

    Parameters
    ----------
    figs : Figures
    panels : sequence of (Prepared, dict, sequence of str)
        Per analysis, in page order: the prepared series, the objects of
        ``unknown_date_tests`` (its ``"bai_perron"`` result, when there is one, is drawn as
        fitted regimes) and the ids of the events tested on it.
    ncols : int
        Panels per row.

    Returns
    -------
    str or None
        The file name (``overview.png``), or None when figures are off or there is no
        analysis.
    """

    if not panels:
        return None
    items = []
    for prep, objs, event_ids in panels:
        y = prep.data
        title = prep.spec.title or str(y.attrs.get("long_name", prep.spec.variable))
        labels = [v.item() if hasattr(v, "item") else v for v in y[y.dims[0]].values]
        shown = [event_obj(e) for e in _placeable(event_ids, labels)]
        item: dict[str, Any] = {"y": y, "title": title, "events": shown}
        if _regimes_drawable(objs.get("bai_perron")):
            item["bai_perron"] = objs["bai_perron"]
        items.append(item)
    cols = min(ncols, len(items))
    rows = -(-len(items) // cols)
    size = (6.4, 1.9 * rows + 0.45)

    paint = functools.partial(_paint_overview, items=items, cols=cols)
    return figs.draw("overview", paint, size=size)
