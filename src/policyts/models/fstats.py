"""Unknown-date single-break tests: the F-statistic path over a trimmed range, sup-F
(Andrews 1993), ave-F and exp-F (Andrews & Ploberger 1994), with Hansen (1997) asymptotic
p-values and a fixed-regressor bootstrap (Hansen 2000) for short samples.

Scale convention
----------------
For a candidate break at position ``b`` (first observation of the new regime) the path
holds two numbers:

* ``wald[b] = (RSS_0 - RSS_b) / (RSS_b / (n - 2k))`` -- the Wald (chi-square, "k times F")
  scale, which is what Andrews' and Hansen's distributions and R strucchange's ``Fstats``
  use;
* ``f[b] = wald[b] / k`` -- the classical Chow F statistic at that date.

``sup_f`` reports both (``SupF.wald`` and ``SupF.f``); p-values are computed from the
Wald scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from policyts._series import Series1D
from policyts.models._aliases import renamed_fields
from policyts.models._degenerate import check_design, regressor_problem
from policyts.models._design import DIFFERENCE_NOTE, Design, build_design
from policyts.models._fstats_kernels import (
    ave_exp,
    bootstrap_pvalue,
    check_bootstrap,
    f_path_arrays,
    trim_to_obs,
)
from policyts.models._many import (
    BREAK_CONVENTION,
    Ctx,
    Group,
    GroupResult,
    Out,
    array_input,
    check_seeds,
    check_shared_common,
    is_panel,
    make_ctx,
    panel_seeds,
    prepare,
    run,
    run_array,
)
from policyts.models._results import SummaryMixin, format_number
from policyts.models._seasonal_design import (
    partial_f_path_arrays,
    seasonal_dummies,
    seasonal_note,
)
from policyts.models._tables import HANSEN_MAX_K, hansen_pvalue, hansen_tau

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["FPath", "SupF", "f_path", "sup_f", "sup_f_array", "sup_f_panel", "trim_to_obs"]


_PANEL_SEASONAL = (
    "seasonal=True applies to one series; loop over the panel's series (each gets its "
    "seasonal dummies from its time labels)"
)


@renamed_fields(n="nobs")
@dataclass(frozen=True, repr=False)
class FPath(SummaryMixin):
    """F statistics for every admissible break date.

    Attributes
    ----------
    positions : ndarray
        0-based positions of the candidate breaks (first observation of the new regime).
    labels : list
        Their time labels (first period of the new regime).
    wald : ndarray
        Statistics on the Wald scale (k times F).
    f : ndarray
        Classical Chow F statistics (Wald / k).
    k, nobs : int
        Number of changing coefficients and observations (``n``, the old name of
        ``nobs``, still reads it with a ``DeprecationWarning``).
    first, last : int
        First and last candidate positions.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> from policyts.models import f_path
    >>> path = f_path(y)
    >>> len(path.f), round(float(path.f.max()), 1)
    (29, 283.3)
    """

    positions: np.ndarray
    labels: list[Any]
    wald: np.ndarray
    k: int
    n: int
    rss0: float
    name: str = "y"
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def nobs(self) -> int:
        """Number of observations."""
        return self.n

    @property
    def f(self) -> np.ndarray:
        return self.wald / self.k

    @property
    def first(self) -> int:
        return int(self.positions[0])

    @property
    def last(self) -> int:
        return int(self.positions[-1])

    @property
    def tau(self) -> float:
        """Hansen's trimming parameter for this range of candidates."""
        return hansen_tau(self.n, self.first, self.last)

    def summary(self) -> str:
        i = int(np.argmax(self.wald))
        return (
            f"F-statistic path for {self.name!r}: {len(self.positions)} candidate breaks "
            f"{self.labels[0]!r}..{self.labels[-1]!r} (first period of the new regime)\n"
            f"max Wald (k*F) = {format_number(self.wald[i])} at {self.labels[i]!r}; "
            f"k = {self.k}, n = {self.n}"
        )

    def to_dataset(self) -> Any:
        import xarray as xr

        return xr.Dataset(
            {
                "wald": (
                    "break_label",
                    self.wald,
                    {"long_name": "Wald statistic (k*F)", "units": "1"},
                ),
                "f": ("break_label", self.f, {"long_name": "Chow F statistic", "units": "1"}),
            },
            coords={
                "break_label": (
                    "break_label",
                    np.asarray(self.labels),
                    {"long_name": "first period of the new regime"},
                ),
                "position": ("break_label", self.positions),
            },
            attrs={"k": self.k, "n_obs": self.n, "series": self.name},
        )

    def critical_value(self, level: float = 0.95, *, scale: str = "wald") -> float:
        """Asymptotic sup-F critical value at ``level`` (Hansen 1997 response surface),
        on the Wald scale (``scale="wald"``, default) or the F scale (``scale="f"``)."""
        if not 0 < level < 1:
            raise ValueError(f"level must lie in (0, 1), got {level}")
        if scale not in ("wald", "f"):
            raise ValueError(f"scale must be 'wald' or 'f', not {scale!r}")
        cv = _sup_critical_value(self.k, self.tau, 1 - level)
        return cv if scale == "wald" else cv / self.k

    def plot(self, ax: Any = None, *, level: float = 0.95, **kwargs: Any) -> Any:
        """Plot the F path (F scale) with the sup-F critical value at ``level``:
        :func:`policyts.plotting.f_path` (its keywords, e.g. ``events``, pass through)."""
        from policyts import plotting

        return plotting.f_path(self, ax=ax, level=level, **kwargs)


def _sup_critical_value(k: int, tau: float, alpha: float) -> float:
    from scipy.optimize import brentq

    return float(brentq(lambda x: float(hansen_pvalue(x, k, tau, "sup")) - alpha, 1e-6, 500.0))


def f_path(
    y: Any,
    exog: Any = None,
    *,
    trim: float | int = 0.15,
    const: bool = True,
    trend: bool = False,
    difference: bool = False,
    seasonal: bool = False,
) -> FPath:
    """F statistics for a single break at every date in the trimmed range.

    Candidate breaks are positions ``h .. n - h`` (first observation of the new regime),
    so that each regime has at least ``h`` observations, ``h`` from ``trim``
    (see :func:`trim_to_obs`).  ``difference=True`` analyses the first differences, as
    in :func:`sup_f`.  A degenerate series raises ``ValueError`` (see
    :mod:`policyts.models._degenerate`); where the model with a break fits exactly (a
    noise-free step), the statistic is infinite.  ``seasonal=True`` holds ``s - 1``
    seasonal dummies fixed across regimes, as in :func:`sup_f`.

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import f_path
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> path = f_path(y)
    >>> path.first, path.last
    (6, 34)
    >>> int(path.labels[np.argmax(path.f)])
    20
    """
    design = build_design(y, exog, const=const, trend=trend, difference=difference)
    check_design(design, test="The F-statistic path")
    fixed = _seasonal_fixed(design, seasonal)
    path = _f_path_design(design, trim, fixed)
    notes = [DIFFERENCE_NOTE] if difference else []
    if fixed is not None:
        notes.append(seasonal_note(fixed[1], design.names))
    if notes:
        path.attrs["note"] = "; ".join(notes)
    return path


def _seasonal_fixed(design: Design, seasonal: bool) -> tuple[np.ndarray, tuple[str, ...]] | None:
    """Seasonal dummies held fixed across regimes (``seasonal=True``), checked against
    the design for collinearity; None without ``seasonal``."""
    if not seasonal:
        return None
    D, names = seasonal_dummies(design.series)
    problem = regressor_problem(np.column_stack([design.X, D]), (*design.names, *names))
    if problem is not None:
        raise ValueError(f"with seasonal=True: {problem}")
    return D, names


def _f_path_design(
    design: Design,
    trim: float | int,
    fixed: tuple[np.ndarray, tuple[str, ...]] | None = None,
) -> FPath:
    n, k = design.n, design.k
    h = trim_to_obs(trim, n, k)
    if fixed is None:
        pos, wald, rss0 = f_path_arrays(design.y, design.X, h)
    else:
        if n - 2 * k - fixed[0].shape[1] < 1:
            raise ValueError(
                f"n = {n} observations are too few for {k} changing coefficients in two "
                f"regimes plus {fixed[0].shape[1]} seasonal dummies"
            )
        pos, wald, rss0 = partial_f_path_arrays(design.y, design.X, fixed[0], h)
    return FPath(
        positions=pos,
        labels=[design.series.label(int(i)) for i in pos],
        wald=np.asarray(wald, dtype=float),
        k=k,
        n=n,
        rss0=float(rss0),
        name=design.series.name,
        attrs=dict(design.series.attrs),
    )


@renamed_fields(n="nobs")
@dataclass(frozen=True, repr=False)
class SupF(SummaryMixin):
    """sup-F, ave-F and exp-F tests for one break at an unknown date.

    Attributes
    ----------
    wald : float
        sup of the path on the Wald scale (k times F) -- the number Andrews' and Hansen's
        tables, and R strucchange's ``sctest(Fstats)``, refer to.
    f : float
        The same on the classical F scale (wald / k).
    pvalue : float
        Hansen (1997) asymptotic p-value of the sup statistic.
    ave_wald, ave_pvalue, exp_wald, exp_pvalue : float
        ave-F and exp-F (Wald scale) with their Hansen p-values.
    break_index, break_label, break_end_label
        Position and label of the first period of the new regime at the sup; label of the
        last period of the old regime.
    bootstrap_pvalue : float or None
        Fixed-regressor bootstrap p-value of the sup statistic, if requested.
    path : FPath

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> from policyts.models import sup_f
    >>> res = sup_f(y)
    >>> res.nobs, res.k, res.tau
    (40, 1, 0.15)
    >>> print(res.summary().splitlines()[0])
    Andrews sup-F test for one structural break at an unknown date
    """

    wald: float
    pvalue: float
    ave_wald: float
    ave_pvalue: float
    exp_wald: float
    exp_pvalue: float
    break_index: int
    break_label: Any
    break_end_label: Any
    k: int
    n: int
    tau: float
    path: FPath
    bootstrap_pvalue: float | None = None
    bootstrap_draws: int = 0
    note: str = ""

    @property
    def nobs(self) -> int:
        """Number of observations."""
        return self.n

    @property
    def f(self) -> float:
        return self.wald / self.k

    @property
    def stat(self) -> float:
        """The sup statistic on the Wald scale (alias of ``wald``)."""
        return self.wald

    def summary(self) -> str:
        lines = [
            "Andrews sup-F test for one structural break at an unknown date",
            f"H0: no break; H1: one break in {self.path.labels[0]!r}..{self.path.labels[-1]!r}",
            f"n = {self.n}, k = {self.k} changing coefficients, tau = {self.tau:.4f}",
            f"sup Wald (k*F) = {format_number(self.wald)}  (sup F = {format_number(self.f)})",
            f"  p-value (Hansen 1997) = {format_number(self.pvalue)}",
        ]
        if self.bootstrap_pvalue is not None:
            lines.append(
                f"  p-value (fixed-regressor bootstrap, {self.bootstrap_draws} draws) = "
                f"{format_number(self.bootstrap_pvalue)}"
            )
        lines += [
            f"  at {self.break_label!r} (first period of the new regime; old regime ends "
            f"{self.break_end_label!r})",
            f"ave Wald = {format_number(self.ave_wald)}, p = {format_number(self.ave_pvalue)}",
            f"exp Wald = {format_number(self.exp_wald)}, p = {format_number(self.exp_pvalue)}",
        ]
        if self.note:
            lines.append(f"Note: {self.note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "wald": self.wald,
            "f": self.f,
            "p_value": _nan_none(self.pvalue),
            "bootstrap_p_value": self.bootstrap_pvalue,
            "ave_wald": self.ave_wald,
            "ave_p_value": _nan_none(self.ave_pvalue),
            "exp_wald": self.exp_wald,
            "exp_p_value": _nan_none(self.exp_pvalue),
            "k": self.k,
            "n_obs": self.n,
            "tau": self.tau,
        }

    def to_dataset(self) -> Any:
        ds = self.path.to_dataset()
        ds.attrs.update({"sup_wald": self.wald, "sup_pvalue": self.pvalue})
        return ds

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        return self.path.plot(ax=ax, **kwargs)


def _nan_none(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def sup_f(
    y: Any,
    exog: Any = None,
    *,
    trim: float | int = 0.15,
    const: bool = True,
    trend: bool = False,
    bootstrap: int = 0,
    seed: int | None = 0,
    heteroskedastic: bool = True,
    difference: bool = False,
    seasonal: bool = False,
) -> SupF:
    """Test for one structural break at an unknown date (sup-F, ave-F, exp-F).

    Parameters
    ----------
    y, exog, const, trend
        The model ``y_t = x_t' beta + u_t`` (see :func:`policyts.models.chow`).
    trim : float or int
        Minimum regime length: a fraction of n in (0, 0.5) or a number of observations.
    bootstrap : int
        Number of fixed-regressor bootstrap draws (0 = none; 999 is a good choice for
        short annual series, where the asymptotic p-value can be poor).
    seed : int or None
        Seed of the bootstrap's random numbers (results are reproducible by default).
    heteroskedastic : bool
        Bootstrap errors ``u*_t = e_t z_t`` with the OLS residuals ``e_t`` (True, Hansen's
        heteroskedastic version) or ``sigma z_t`` (False); ``z_t ~ N(0, 1)``.
    difference : bool
        Test the first differences ``dy_t = y_t - y_{t-1}``, each labelled by its later
        period t; the break label is then the first period of the new growth rate (the
        mean of ``dy`` changes from that period on).  ``exog`` rows are matched by label,
        not differenced.
    seasonal : bool
        For monthly or quarterly series: add ``s - 1`` seasonal dummies (s = 12 or 4, from
        the time labels) whose coefficients stay the same in both regimes, so that only
        the intercept, trend and ``exog`` coefficients may break (partial structural
        change) and a seasonal cycle is not taken for a break.  The statistic is then
        ``(RSS_0 - RSS_1) / (RSS_1 / (n - 2k - p))`` with ``RSS_0`` from the model with
        common coefficients and ``RSS_1`` from the model with regime-specific non-seasonal
        coefficients, both with the common seasonal dummies (``p`` of them); ``k`` (the
        Hansen p-value's number of restrictions) counts the changing coefficients only.
        ``ValueError`` on annual data or a series without a monthly or quarterly calendar.

    Returns
    -------
    SupF

    Raises
    ------
    ValueError
        On bad input or a degenerate series: constant, a single deviating value, fitted
        exactly without a break, values too large to square (see
        :mod:`policyts.models._degenerate`).  A noise-free step is not degenerate: its
        sup statistic is infinite with p-value 0.

    Notes
    -----
    Statistics and Hansen p-values are tested against R strucchange 1.5-3 (``Fstats``,
    ``sctest``). Hansen's p-values need k <= 40 changing coefficients; for larger k the
    p-value is NaN and the note says so (use the bootstrap).

    References
    ----------
    Andrews, D. W. K. (1993). Tests for parameter instability and structural change with
    unknown change point. Econometrica 61(4), 821-856.
    Andrews, D. W. K. and Ploberger, W. (1994). Optimal tests when a nuisance parameter
    is present only under the alternative. Econometrica 62(6), 1383-1414.
    Hansen, B. E. (1997). Journal of Business & Economic Statistics 15(1), 60-67.
    Hansen, B. E. (2000). Testing for structural change in conditional models. Journal of
    Econometrics 97(1), 93-115.

    Examples
    --------
    >>> import numpy as np
    >>> from policyts.models import sup_f
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[np.zeros(20), np.full(20, 2.0)] + rng.normal(scale=0.5, size=40)
    >>> res = sup_f(y)
    >>> res.break_label, res.break_end_label
    (20, 19)
    >>> bool(res.pvalue < 0.01)
    True
    """
    if is_panel(y):  # many series: an xarray.Dataset of results over the other dims
        if seasonal:
            raise ValueError(_PANEL_SEASONAL)
        if difference:
            raise ValueError(
                "difference=True is for one series; for many, difference along time "
                "first: y.diff(dim) labels each difference by its later period"
            )
        return sup_f_panel(  # type: ignore[return-value]
            y,
            exog,
            trim=trim,
            const=const,
            trend=trend,
            bootstrap=bootstrap,
            seed=seed,
            heteroskedastic=heteroskedastic,
        )
    design = build_design(y, exog, const=const, trend=trend, difference=difference)
    check_design(design, test="The sup-F test")
    fixed = _seasonal_fixed(design, seasonal)
    path = _f_path_design(design, trim, fixed)
    check_bootstrap(bootstrap)
    res = _sup_from_path(design, path, trim, bootstrap, seed, heteroskedastic, fixed)
    notes = [res.note] if res.note else []
    if difference:
        notes.append(DIFFERENCE_NOTE)
    if fixed is not None:
        notes.append(seasonal_note(fixed[1], design.names))
    if notes:
        res = replace(res, note="; ".join(notes))
    return res


def _sup_from_path(
    design: Design,
    path: FPath,
    trim: float | int,
    bootstrap: int,
    seed: int | None,
    heteroskedastic: bool,
    fixed: tuple[np.ndarray, tuple[str, ...]] | None = None,
) -> SupF:
    k, n = path.k, path.n
    i = int(np.argmax(path.wald))
    sup = float(path.wald[i])
    ave, expf = ave_exp(path.wald)
    tau = path.tau
    note = ""
    if k <= HANSEN_MAX_K:
        p_sup = float(hansen_pvalue(sup, k, tau, "sup"))
        p_ave = float(hansen_pvalue(float(ave), k, tau, "ave"))
        p_exp = float(hansen_pvalue(float(expf), k, tau, "exp"))
    else:
        p_sup = p_ave = p_exp = float("nan")
        note = f"Hansen (1997) p-values exist only for k <= {HANSEN_MAX_K}; use bootstrap"
    boot_p = None
    if bootstrap:
        boot_p = bootstrap_pvalue(
            design, trim, sup, bootstrap, seed, heteroskedastic, None if fixed is None else fixed[0]
        )
    pos = int(path.positions[i])
    return SupF(
        wald=sup,
        pvalue=p_sup,
        ave_wald=float(ave),
        ave_pvalue=p_ave,
        exp_wald=float(expf),
        exp_pvalue=p_exp,
        break_index=pos,
        break_label=path.labels[i],
        break_end_label=design.series.label(pos - 1),
        k=k,
        n=n,
        tau=tau,
        path=path,
        bootstrap_pvalue=boot_p,
        bootstrap_draws=int(bootstrap),
        note=note,
    )


# --------------------------------------------------------------------------------------
# many series: sup_f_panel (xarray) and sup_f_array (numpy) on the engine of _many
# --------------------------------------------------------------------------------------

_PANEL_REFERENCES = (
    "Andrews (1993), Econometrica 61(4); Andrews & Ploberger (1994), Econometrica 62(6); "
    "Hansen (1997), JBES 15(1); Hansen (2000), J. Econometrics 97(1)"
)
_SUP_OUTPUTS = [
    Out(
        "sup_wald", (), np.float64, np.nan, {"long_name": "sup Wald statistic (k*F)", "units": "1"}
    ),
    Out("sup_f", (), np.float64, np.nan, {"long_name": "sup F statistic (Wald / k)", "units": "1"}),
    Out(
        "pvalue",
        (),
        np.float64,
        np.nan,
        {"long_name": "Hansen (1997) asymptotic p-value of sup-F", "units": "1"},
    ),
    Out(
        "ave_wald", (), np.float64, np.nan, {"long_name": "ave Wald statistic (k*F)", "units": "1"}
    ),
    Out(
        "ave_pvalue",
        (),
        np.float64,
        np.nan,
        {"long_name": "Hansen (1997) p-value of ave-F", "units": "1"},
    ),
    Out(
        "exp_wald", (), np.float64, np.nan, {"long_name": "exp Wald statistic (k*F)", "units": "1"}
    ),
    Out(
        "exp_pvalue",
        (),
        np.float64,
        np.nan,
        {"long_name": "Hansen (1997) p-value of exp-F", "units": "1"},
    ),
    Out(
        "break_index",
        (),
        np.int64,
        -1,
        {"long_name": "position of the first period of the new regime at the sup (-1: none)"},
    ),
    Out(
        "break_label", (), "label", None, {"long_name": "first period of the new regime at the sup"}
    ),
    Out(
        "break_end_label",
        (),
        "label",
        None,
        {"long_name": "last period of the old regime at the sup"},
    ),
]
_BOOT_OUTPUT = Out(
    "bootstrap_pvalue",
    (),
    np.float64,
    np.nan,
    {"long_name": "fixed-regressor bootstrap p-value of sup-F (Hansen 2000)", "units": "1"},
)


# About 16 MB of float64 per block of series in the sup-F kernel.
_SUP_BLOCK_VALUES = 2_000_000


def _sup_group(Yg: np.ndarray, g: Group, ctx: Ctx) -> GroupResult:
    p = ctx.params
    k = g.X.shape[1]
    try:
        h = trim_to_obs(p["trim"], g.n, k)
    except ValueError as err:
        return f"too few observations ({g.n}): {err}"
    tau = hansen_tau(g.n, h, g.n - h)
    S = Yg.shape[0]
    sup, ave, expf = np.empty(S), np.empty(S), np.empty(S)
    pos = np.empty(S, dtype=np.int64)
    # Blocks of series bound the memory of the F paths (each series holds prefix sums
    # and a path of n - 2h + 1 values); every series is computed on its own, so the
    # results do not depend on the block size.
    block = max(1, _SUP_BLOCK_VALUES // (g.n * (k + 2)))
    for b0 in range(0, S, block):
        rows = slice(b0, b0 + block)
        positions, wald, _ = f_path_arrays(Yg[rows], g.X, h)
        i = np.argmax(wald, axis=-1)
        sup[rows] = np.take_along_axis(wald, i[:, None], axis=-1)[:, 0]
        ave[rows], expf[rows] = ave_exp(wald)
        pos[rows] = positions[i] + g.start
    res: dict[str, np.ndarray] = {
        "sup_wald": sup,
        "sup_f": sup / k,
        "ave_wald": ave,
        "exp_wald": expf,
        "break_index": pos,
        "break_label": pos,
        "break_end_label": pos - 1,
    }
    if k <= HANSEN_MAX_K:
        res["pvalue"] = hansen_pvalue(sup, k, tau, "sup")
        res["ave_pvalue"] = hansen_pvalue(ave, k, tau, "ave")
        res["exp_pvalue"] = hansen_pvalue(expf, k, tau, "exp")
    draws = p["bootstrap"]
    if draws:
        names = tuple(f"x{j}" for j in range(k))
        boot = np.empty(Yg.shape[0])
        seeds = g.data.get("seed")
        for r, row in enumerate(Yg):
            s1 = Series1D(values=row, labels=pd.RangeIndex(g.n), freq="position")
            boot[r] = bootstrap_pvalue(
                Design(series=s1, X=g.X, names=names),
                p["trim"],
                float(sup[r]),
                draws,
                p["seed"] if seeds is None else int(seeds[r]),
                p["heteroskedastic"],
            )
        res["bootstrap_pvalue"] = boot
    return res


def _sup_setup(
    n: int, k: int, trim: float | int, bootstrap: int
) -> tuple[int, float, list[Out], dict[str, Any]]:
    h = trim_to_obs(trim, n, k)
    check_bootstrap(bootstrap)
    outs = _SUP_OUTPUTS + ([_BOOT_OUTPUT] if bootstrap else [])
    tau = hansen_tau(n, h, n - h)
    attrs: dict[str, Any] = {
        "test": "sup-F, ave-F and exp-F tests for one break at an unknown date",
        "scale": "Wald (k*F) for *_wald; F for sup_f",
        "trim": trim,
        "min_segment": h,
        "tau": tau,
        "conventions": BREAK_CONVENTION,
        "references": _PANEL_REFERENCES,
        "comment": (
            "min_segment and tau are for a series covering the whole time axis; with "
            "span='observed' trim applies to each series' own length"
        ),
    }
    if k > HANSEN_MAX_K:
        attrs["note"] = f"Hansen (1997) p-values exist only for k <= {HANSEN_MAX_K}; use bootstrap"
    if bootstrap:
        attrs["bootstrap_draws"] = int(bootstrap)
        attrs["bootstrap_note"] = (
            "each series' bootstrap p-value equals sup_f(series, bootstrap=..., seed=...) "
            "with that series' seed; with one integer seed every series uses the same draws"
        )
    return h, tau, outs, attrs


def sup_f_panel(
    y: Any,
    exog: Any = None,
    *,
    dim: str | None = None,
    trim: float | int = 0.15,
    const: bool = True,
    trend: bool = False,
    bootstrap: int = 0,
    seed: int | None = 0,
    heteroskedastic: bool = True,
    span: str = "common",
) -> xr.Dataset:
    """sup-F test for one break at an unknown date, for every series in ``y``.

    Parameters
    ----------
    y : xarray.DataArray or xarray.Dataset
        Series along ``dim`` and any other dimensions (numpy- or dask-backed; for dask the
        time dimension in one chunk).  A Dataset is one series per data variable.
    exog : xarray.DataArray, xarray.Dataset or array_like, optional
        Further regressors.  A DataArray has the time dimension, optionally dimensions of
        ``y`` (regressors that vary by series) and at most one more dimension, the
        regressors (its coordinate names them); a Dataset is one regressor per variable;
        an array has rows = time and is shared by every series.
    dim : str, optional
        The time dimension (default ``"year"`` or ``"time"`` if present).
    trim, const, trend, bootstrap, heteroskedastic
        As in :func:`policyts.models.sup_f`.
    seed : int, None or xarray.DataArray of int
        Seed of the bootstrap draws.  Each series' bootstrap p-value is that of
        ``sup_f(series, bootstrap=bootstrap, seed=...)`` with its seed.  One integer gives
        every series the same draws (reproducible, but the p-values of different series
        are then dependent); a DataArray of non-negative integers over (some of) the other
        dimensions gives each series its own seed -- what a Monte-Carlo study needs, e.g.
        ``xr.DataArray(np.arange(31 * 1000).reshape(31, 1000), dims=("province",
        "replication"))``; None draws fresh, unreproducible numbers for every series.
    span : {"common", "observed"}
        Sample of each series (see the module docstring).

    Returns
    -------
    xarray.Dataset
        Over the dimensions of ``y`` other than ``dim``: ``sup_wald`` (Wald scale, k*F),
        ``sup_f`` (F scale), ``pvalue`` (Hansen 1997), ``ave_wald``, ``ave_pvalue``,
        ``exp_wald``, ``exp_pvalue``, ``break_index`` (0-based position of the first period
        of the new regime at the sup, -1 if not computed), ``break_label`` (its label),
        ``break_end_label`` (last period of the old regime), ``bootstrap_pvalue`` (if
        requested), ``n_obs``, ``sample_start``, ``sample_end`` and ``reason`` (empty when
        computed).  Integer and float time labels are returned as floats (NaN when
        missing), datetimes as datetimes (NaT).

    Raises
    ------
    ValueError
        For problems that concern every series (see the module docstring).

    Notes
    -----
    Each series' numbers equal :func:`policyts.models.sup_f` on that series to a relative
    1e-10 (tests/test_panel.py), and numpy-, xarray- and dask-backed runs agree to 1e-12.

    References
    ----------
    Andrews, D. W. K. (1993). Econometrica 61(4), 821-856.
    Hansen, B. E. (1997). Journal of Business & Economic Statistics 15(1), 60-67.
    Hansen, B. E. (2000). Journal of Econometrics 97(1), 93-115.

    Examples
    --------
    >>> import numpy as np
    >>> import xarray as xr
    >>> rng = np.random.default_rng(0)
    >>> shift = np.r_[np.zeros(15), np.ones(15)] * np.array([[2.0], [3.0], [1.5]])
    >>> y = xr.DataArray(
    ...     shift + rng.normal(scale=0.5, size=(3, 30)),
    ...     dims=("unit", "year"),
    ...     coords={"unit": ["a", "b", "c"], "year": np.arange(1991, 2021)},
    ... )
    >>> from policyts.models import sup_f_panel
    >>> sup_f_panel(y)["break_label"].values.tolist()
    [2006.0, 2006.0, 2005.0]
    """
    prep = prepare(y, exog, dim, const, trend, span, "sup_f_panel")
    row_inputs = panel_seeds(seed, prep)
    ctx = make_ctx(
        prep.series.n,
        const,
        trend,
        span,
        prep.exog_names,
        prep.labels,
        trim=trim,
        bootstrap=int(bootstrap),
        seed=None if row_inputs else seed,
        heteroskedastic=heteroskedastic,
    )
    _, _, outs, attrs = _sup_setup(ctx.n, ctx.k, trim, int(bootstrap))
    if row_inputs:
        attrs["bootstrap_seed"] = "one per series (input)"
    elif bootstrap:
        attrs["bootstrap_seed"] = "none (fresh draws)" if seed is None else int(seed)
    return run(prep, ctx, _sup_group, outs, attrs, row_inputs)


def sup_f_array(
    y: Any,
    exog: Any = None,
    *,
    trim: float | int = 0.15,
    const: bool = True,
    trend: bool = False,
    bootstrap: int = 0,
    seed: int | None = 0,
    heteroskedastic: bool = True,
    span: str = "common",
    labels: Any = None,
) -> dict[str, np.ndarray]:
    """The numpy kernel of :func:`sup_f_panel`: ``y`` is an array ``(..., n)`` with time
    on the last axis; ``exog`` is ``(n,)``, ``(n, q)`` or ``(..., n, q)``; ``labels`` are the
    time labels (default positions 0..n-1); ``seed`` is None, an integer or integers
    broadcastable to ``y.shape[:-1]``.  Returns a dict of arrays over ``y.shape[:-1]``
    with the variables of :func:`sup_f_panel`."""
    Y, E, lab, names = array_input(y, exog, labels, span)
    seeds = check_seeds(seed, "an array broadcastable to y.shape[:-1]")
    if seeds is not None and (seeds < 0).any():
        raise ValueError("seeds must be non-negative integers")
    ctx = make_ctx(
        Y.shape[-1],
        const,
        trend,
        span,
        names,
        lab,
        trim=trim,
        bootstrap=int(bootstrap),
        seed=None if seeds is not None else seed,
        heteroskedastic=heteroskedastic,
    )
    check_shared_common(E, ctx)
    _, _, outs, _ = _sup_setup(ctx.n, ctx.k, trim, int(bootstrap))
    rows = {} if seeds is None else {"seed": seeds}
    return run_array(Y, E, ctx, _sup_group, outs, rows)
