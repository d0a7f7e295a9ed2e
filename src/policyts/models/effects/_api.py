"""The entry point :func:`effect`: align the event, fit the chosen model, derive effects,
run the placebo tests and check for confounding events."""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats

from policyts._series import Series1D, as_series
from policyts.models._results import HypothesisTest
from policyts.models.effects import _placebo
from policyts.models.effects._controls import fit_regression, fit_synthetic
from policyts.models.effects._core import (
    TERM_TEXT,
    TERMS,
    ModelFit,
    Spec,
    Term,
    Window,
    intervention_columns,
)
from policyts.models.effects._counts import FAMILIES, fit_counts
from policyts.models.effects._degenerate import check_degenerate, check_exact_fit
from policyts.models.effects._gaussian import fit_its
from policyts.models.effects._inputs import (
    MIN_PRE,
    Alignment,
    align_event,
    as_controls,
    confounder_warnings,
    label_text,
)
from policyts.models.effects._integrated import fit_its_ima, integration_warnings
from policyts.models.effects._result import EffectEstimate, EffectResult, PlaceboTest
from policyts.models.effects._seasonal import calendar, check_seasonal_args, resolve_seasonal
from policyts.models.effects._statespace import UCM_COMPONENTS, fit_sarimax, fit_ucm

__all__ = ["effect", "MODELS", "ERRORS"]

MODELS = ("its", "counts", "ucm", "regression", "synthetic", "sarimax")
"""``its`` segmented regression; ``counts`` its count (GLM) version; ``ucm`` structural
time-series counterfactual; ``regression`` regression on control series; ``synthetic``
synthetic control; ``sarimax`` intervention ARIMA."""

ERRORS = ("ar1", "iid", "hac", "ima")
"""Error models of ``model="its"``."""

_PARAMETRIC = ("its", "counts", "sarimax")
_COUNTERFACTUAL = ("ucm", "regression", "synthetic")


def effect(
    series: Any,
    *,
    event: Any,
    model: str = "its",
    log: bool = False,
    controls: Any = None,
    placebo_units: Any = None,
    rule: str = "majority",
    anticipation: int = 0,
    exclude: tuple[int, int] | None = None,
    allow_imprecise: bool = False,
    interventions: Sequence[str] | None = None,
    trend: bool | None = None,
    errors: str | None = None,
    maxlags: int | None = None,
    bootstrap: int | None = None,
    family: str | None = None,
    order: tuple[int, int, int] | None = None,
    components: str | None = None,
    level: float = 0.95,
    placebo: bool = True,
    confounder_window: int = 1,
    jurisdiction: str | None = None,
    n_draws: int = 4000,
    seed: int = 0,
    name: str | None = None,
    freq: str | None = None,
    seasonal: bool | str | None = None,
    harmonics: int | None = None,
    seasonal_order: Sequence[int] | None = None,
    log_controls: bool = False,
    placebo_max_pre_mspe: float | None = None,
) -> EffectResult:
    """Estimate the effect of a dated event on a time series.

    Did the event change the path of the series, by how much, and how sure can we be?
    The event is mapped to the *first treated period* of the series; a model of the
    series without the event (the counterfactual) is compared with what was observed
    after it.

    Parameters
    ----------
    series : pandas.Series, xarray.DataArray or array_like
        One series on a regular time axis (integer years, dates or periods), without
        missing values (select a gap-free span first).
    event : str, datetime.date, int or pandas.Period
        A catalogue id (``"ip_strategy_2008"``), a date (``"2008-06-05"``), or a period
        label of the series (``2008``, ``"2017Q2"``); a position for a bare array.
        It becomes the first treated period by
        :func:`policyts.events.first_affected_period` with ``rule``.
    model : {"its", "counts", "ucm", "regression", "synthetic", "sarimax"}
        ``"its"``: segmented regression (interrupted time series) on the series or its
        log, errors by ``errors``. ``"counts"``: the same with a Poisson,
        quasi-Poisson or negative-binomial GLM (log link). ``"ucm"``: structural
        time-series model (statsmodels ``UnobservedComponents``, trend ``components``,
        ``controls`` as regressors) fitted on the pre-period and projected. ``"regression"``:
        OLS on the ``controls`` (and a trend) fitted on the pre-period and projected.
        ``"synthetic"``: synthetic control from the ``controls`` as donors. ``"sarimax"``:
        intervention ARIMA with step/ramp/pulse regressors.
    log : bool
        Model the natural log of the series (and of the placebo units and synthetic-control
        donors, which are the same quantity in other units); effects on the model scale are
        then in log points, with percent versions. Control regressors stay as given
        unless ``log_controls=True``. Not for ``"counts"``, which has a log link.
    controls : pandas.DataFrame, mapping, xarray.Dataset or 2-D DataArray, optional
        Control series on the same time axis, covering every period of the series:
        regressors (``its``, ``counts`` as logs, ``ucm``, ``regression``, ``sarimax``) or
        donors (``synthetic``).
    placebo_units : same types as ``controls``, optional
        Series for the placebo-in-space test: the same analysis is run on each, at the
        same date, and the p-value is the rank of the actual statistic among them. Only
        the units named here are used: without them the test is not run (the result's
        notes say so), except for ``synthetic``, whose donors are the placebo units
        (each donor in turn is the treated unit, the others its donors; Abadie et al.
        2010). Control *regressors* are never treated as placebo units.
    rule : {"majority", "containing", "next"}
        Rule of :func:`policyts.events.first_affected_period`.
    anticipation : int
        Treat this many periods before the first affected period as treated.
    exclude : (int, int), optional
        ``(before, after)``: drop ``before`` periods just before the first treated period
        and ``after`` periods from it on from estimation (transition periods). They are
        still shown, and listed in the result.
    allow_imprecise : bool
        Accept an event date too coarse for the series' frequency (see
        :func:`policyts.events.first_affected_period`); the result then says so.
    interventions : sequence of {"step", "ramp", "pulse"}, optional
        Intervention terms: step (level change), ramp (slope change, 0 at the first
        treated period), pulse (one-period effect). Default ``("step", "ramp")``. For
        ``ucm``, ``regression`` and ``synthetic`` they say which of the level and slope
        change of the post-period gaps to report (no pulse).
    trend : bool, optional
        Linear trend in the pre-period model (default True). Not for ``ucm`` (its trend
        is ``components``) and ``synthetic``.
    errors : {"ar1", "iid", "hac", "ima"}, optional
        Errors of ``model="its"`` (default ``"ar1"``): AR(1) errors by REML GLS with
        parametric bootstrap-t inference; independent errors (OLS, exact t); OLS with
        a Newey-West covariance (too small in short series: the result warns); or
        ``"ima"``, integrated errors, ARIMA(0, 1, 1) by exact maximum likelihood (the
        regression in levels, the trend a drift), valid when the series has a unit root.
        The result warns, naming ``"ima"``, when the AR(1) coefficient sits at its bound
        or the pre-period looks integrated (ADF does not reject at 10% and KPSS rejects
        trend stationarity at 5%).
    maxlags : int, optional
        HAC truncation lag (``errors="hac"``); default ``floor(4 (n/100)^(2/9))``.
    bootstrap : int, optional
        Bootstrap draws for ``errors="ar1"`` (default 499; 0 uses the t distribution).
    family : {"negbin", "poisson", "quasipoisson"}, optional
        Family of ``model="counts"``: ``"negbin"`` (default), NB2 with the dispersion set
        by moments (Pearson statistic = residual degrees of freedom) and t(n - k - 1)
        inference; ``"poisson"`` (normal inference; the result warns when the data are
        overdispersed); ``"quasipoisson"`` (Pearson dispersion, t(n - k)).
    order : (p, d, q), optional
        ARIMA order of ``model="sarimax"`` (default ``(1, 0, 0)``). With ``d = 0`` the
        regression has a constant and a trend; with ``d >= 1`` the trend is a drift.
    components : str, optional
        Trend of ``model="ucm"`` (statsmodels ``level``: ``"lltrend"`` local linear
        trend, the default; ``"llevel"``, ``"rwdrift"``, ``"dtrend"`` ...).
    level : float
        Confidence level of every interval.
    placebo : bool
        Run the placebo tests.
    confounder_window : int
        Periods on each side of the first treated period searched for other catalogue
        events (default 1: the first treated year +- 1 on an annual series).
    jurisdiction : str, optional
        Only events of this jurisdiction (``"CN"``; a province ``"CN-FJ"`` also gets the
        national events) are checked as confounders; default all.
    n_draws : int
        Draws from the counterfactual's predictive distribution, used for the
        cumulative and relative effects and for count-model intervals.
    seed : int
        Seed of the bootstrap and of the predictive draws (results are reproducible).
    name : str, optional
        Name of the series in output.
    freq : {"year", "quarter", "month"}, optional
        Frequency of the series. Read from the time labels by default (``1983-02`` or a
        monthly date: monthly; ``2017Q2``: quarterly; integer years: annual); declare it
        for a bare array (position 0 is then the first season). A ``freq`` that
        contradicts the labels raises.
    seasonal : {None, True, False, "dummies", "fourier"}
        Seasonal terms for quarterly and monthly series. ``None`` (default): seasonal
        dummies when the pre-period is seasonal by the check in the Notes, none
        otherwise; ``True``/``"dummies"``: one dummy per season but the first (January,
        Q1); ``"fourier"``: ``harmonics`` sine-cosine pairs; ``False``: none (the result
        warns when the data are seasonal). In ``its``, ``counts``, ``regression`` and
        ``sarimax`` they are regressors; ``ucm`` gets a stochastic seasonal component
        (trigonometric for ``"fourier"``); ``synthetic`` takes none (the donors carry
        the seasons). ``details["seasonal"]`` and ``details["seasonal_terms"]`` say
        what was used.
    harmonics : int, optional
        Harmonics of ``seasonal="fourier"`` (default 2 for monthly, 1 for quarterly data).
    seasonal_order : (P, D, Q) or (P, D, Q, s), optional
        Seasonal ARIMA order of ``model="sarimax"`` (``s`` defaults to the seasons per
        year). When given, seasonal dummies are left out unless ``seasonal`` asks for them
        (and with ``D = 1`` they cannot be used).
    log_controls : bool
        Take natural logs of the control regressors (``its``, ``counts``, ``ucm``,
        ``regression``, ``sarimax``); default False: controls enter as given.
    placebo_max_pre_mspe : float, optional
        Leave out of the placebo-in-space test the units whose pre-period mean squared
        prediction error exceeds this multiple of the treated unit's (Abadie et al. 2010
        show 20, 5 and 2); the test's note names them. Default: keep every unit.

    Returns
    -------
    EffectResult
        Level and slope change (model scale, with percent versions for log and count
        models), per-period, cumulative, average and relative effects, the joint and
        predictive tests, placebo p-values, warnings naming confounding events, and the
        observed and counterfactual paths (``to_dataset()``, ``plot()``).

    Raises
    ------
    ValueError
        For an event before the first or after the last observation, fewer than three
        pre-period observations (or fewer than the model needs), a post-period of zero
        length, non-positive values with a log model (negative or fractional values with
        a count model), controls with missing periods, a series that is not on a single
        regular time axis, or an option that does not apply to the model.

    See Also
    --------
    policyts.models.chow_predictive : the test used when the post-period is short.
    policyts.events.first_affected_period : the event-to-period rule.

    Notes
    -----
    Conventions: time in every model is counted from the first treated period (0 there);
    the ramp is 0 at the first treated period, so ``level_change`` is the effect at that
    period and the effect ``j`` periods later is ``level_change + j * slope_change``.
    Counterfactual intervals are prediction intervals (they include the noise of the
    series), as in CausalImpact (Brodersen et al. 2015); per-period effect intervals
    are the observation minus them.

    When the post-period has fewer periods than the intervention terms need, the
    unidentified terms are dropped with a warning (the level change then is the
    departure of the first post period from the pre-period model), and the Chow (1960)
    predictive F test and the count of post periods outside the prediction interval
    carry the evidence; a warning also says when the post-period is no longer than the
    pre-period model's parameters (no separate post-period regression is possible).

    Seasonality: on quarterly and monthly series the pre-period (on the model scale) is
    checked by the F test of seasonal dummies in a regression on a constant and a trend
    with AR(1) errors (REML); ``p < 0.05`` counts as seasonal (size and power by
    simulation in tests/reference/seasonality). Checked against R 4.2 on ``Seatbelts`` (tests/reference/seatbelts):
    ``lm`` and ``nlme::gls`` with month dummies, and ``arima`` with seasonal terms.

    Degenerate input (a constant series, a model that fits exactly, all-zero counts)
    raises a ``ValueError`` rather than returning numbers from a degenerate fit.

    Placebo-in-time: the no-event model is fitted to every used period; the mean
    absolute standardised residual over the post-period block is compared with that over
    every other block of the same length (every fake event date, blocks wrapping around
    the end), a moving-block permutation test (Chernozhukov, Wuethrich & Zhu 2021),
    exact when the standardised residuals are exchangeable. Placebo-in-space: the same
    model on each placebo unit, compared by the post/pre RMSPE ratio of the
    counterfactual (Abadie et al. 2010). Re-estimating the model at fake dates inside
    the pre-period was tried first and rejected: its p-values were not uniform under no
    effect (U-shaped; the fake dates' statistics are more alike than the real one).

    Other events: every catalogue event (other than the one tested) within
    ``confounder_window`` periods of the first treated period, and every statistical
    event whose first affected period lies inside the periods used, is named in a
    warning.

    Checked by simulation with fixed seeds (tests/test_effects_simulation*.py): the 95%
    intervals cover known level and slope changes in 92.5-97.5% of 400 replications with
    Gaussian (OLS), AR(1) (REML GLS, bootstrap-t), Poisson and negative-binomial noise;
    placebo-in-time p-values pass Kolmogorov-Smirnov and decile tests of uniformity under
    no effect with independent and (for ``errors="ar1"``) AR(1) errors, and keep their
    size when a model ignores AR(1) errors (where the analytic test rejects 27% at 10%). Checked against R 4.2
    (tests/reference/effects): ``lm`` + ``sandwich::NeweyWest``, ``predict.lm``,
    ``nlme::gls`` with ``corAR1`` (REML), ``glm`` (Poisson, quasi-Poisson),
    ``MASS::theta.mm`` with ``glm(negative.binomial)`` and ``arima`` with regressors.

    References
    ----------
    Box, G. E. P. and Tiao, G. C. (1975). Intervention analysis with applications to
    economic and environmental problems. JASA 70(349), 70-79.
    Wagner, A. K., Soumerai, S. B., Zhang, F. and Ross-Degnan, D. (2002). Segmented
    regression analysis of interrupted time series studies in medication use research.
    J. Clinical Pharmacy and Therapeutics 27, 299-309.
    Abadie, A., Diamond, A. and Hainmueller, J. (2010). Synthetic control methods for
    comparative case studies. JASA 105(490), 493-505.
    Chernozhukov, V., Wuethrich, K. and Zhu, Y. (2021). An exact and robust conformal
    inference method for counterfactual and synthetic controls. JASA 116(536), 1849-1864.
    Brodersen, K. H., Gallusser, F., Koehler, J., Remy, N. and Scott, S. L. (2015).
    Inferring causal impact using Bayesian structural time-series models. Annals of
    Applied Statistics 9(1), 247-274.

    Examples
    --------
    >>> from policyts import datasets
    >>> from policyts.models.effects import effect
    >>> apps = datasets.load("cn_invention_applications")["resident"]
    >>> res = effect(apps, event="ip_strategy_2008", log=True, placebo=False)
    >>> res.first_treated, res.n_pre, res.n_post
    (2008, 23, 15)
    """
    spec, model_notes = _resolve_spec(
        model=model,
        log=log,
        controls=controls,
        interventions=interventions,
        trend=trend,
        errors=errors,
        maxlags=maxlags,
        bootstrap=bootstrap,
        family=family,
        order=order,
        components=components,
        level=level,
        seed=seed,
        log_controls=log_controls,
    )
    check_seasonal_args(seasonal, harmonics, seasonal_order, spec.model)
    if placebo_max_pre_mspe is not None:
        try:
            k_mspe = float(placebo_max_pre_mspe)
        except (TypeError, ValueError):
            k_mspe = float("nan")
        if not k_mspe >= 1 or isinstance(placebo_max_pre_mspe, bool):
            raise ValueError(
                "placebo_max_pre_mspe must be a number >= 1 (a multiple of the treated "
                f"unit's pre-period MSPE), got {placebo_max_pre_mspe!r}"
            )
    n_draws = _whole(n_draws, "n_draws", minimum=100)
    confounder_window = _whole(confounder_window, "confounder_window", minimum=0)
    s = as_series(series, name=name)
    cal = calendar(s, freq)
    align = align_event(
        s,
        event,
        rule=rule,
        anticipation=anticipation,
        exclude=exclude,
        allow_imprecise=allow_imprecise,
    )
    C, cnames = as_controls(controls, s, what="controls")
    if spec.model in ("regression", "synthetic") and not cnames:
        raise ValueError(f"model={spec.model!r} needs control series: give controls=")
    if spec.model == "synthetic" and len(cnames) < 2:
        raise ValueError("a synthetic control needs at least two donor series in controls")
    if placebo_units is None and spec.model == "synthetic" and placebo:
        P, pnames = C, cnames
    else:
        P, pnames = as_controls(placebo_units, s, what="placebo_units")
    y_model = _model_scale(s.values, spec, s.labels, f"series {s.name!r}")
    C_model = _model_scale_controls(C, cnames, spec, s, "controls")
    P_model = _model_scale(P, spec, s.labels, "placebo_units", names=pnames) if pnames else P
    check_degenerate(y_model, align.role, spec, s.name)
    choice = resolve_seasonal(
        cal,
        model=spec.model,
        seasonal=seasonal,
        harmonics=harmonics,
        seasonal_order=seasonal_order,
        y_pre=y_model[align.pre],
        name=s.name,
    )
    spec = dataclasses.replace(
        spec,
        seasonal=choice.kind,
        period=choice.period,
        harmonics=choice.harmonics,
        seasonal_order=choice.seasonal_order,
    )
    n = s.n
    win = Window(
        y=y_model,
        tc=(np.arange(n) - align.t0).astype(float),
        role=align.role.copy(),
        controls=C_model,
        control_names=tuple(cnames),
        seasonal=choice.columns,
        seasonal_names=choice.names,
    )
    min_pre = _min_pre(spec, len(cnames) + len(choice.names))
    if win.pre.size < min_pre:
        raise ValueError(
            f"model {spec.model!r} needs at least {min_pre} pre-period observations "
            f"(with {len(cnames)} control(s)); there are {win.pre.size} before "
            f"{label_text(s.label(align.t0))}: give a longer series or a smaller model"
        )
    warns: list[str] = list(choice.warnings)
    notes: list[str] = list(align.notes) + model_notes + list(choice.notes)
    terms = spec.terms
    if spec.model in _PARAMETRIC:
        terms, w_terms, n_terms = _identified_terms(win, spec)
        warns += w_terms
        notes += n_terms
    fit = _dispatch(win, spec, terms)
    check_exact_fit(fit, win, spec)
    fit.extra.update(choice.details(cal))
    if choice.kind != "none":
        fit.method += f"; seasonal terms: {choice.description}"
    if spec.model == "its" and spec.errors != "ima":
        warns += integration_warnings(win, fit)
    warns += fit.warnings
    notes += fit.notes
    rng = np.random.default_rng(spec.seed)
    paths = _paths(s, win, fit, spec, rng, n_draws)
    tests = list(fit.tests)
    exceed = _exceedance(paths, win, spec)
    if exceed is not None:
        tests.append(exceed)
    k_pre = 1 + int(spec.trend) + len(cnames) + len(choice.names)
    if win.n_post <= k_pre and spec.model in ("its", "counts", "sarimax", "regression"):
        cp = next((t for t in tests if t.name.startswith("Chow predictive")), None)
        ev = (
            f"the Chow predictive test (p = {cp.pvalue:.3g})"
            if cp is not None
            else "the joint test"
        )
        if exceed is not None:
            ev += (
                f" and the prediction-interval exceedance ({int(exceed.stat)} of "
                f"{win.n_post} outside)"
            )
        warns.append(
            f"short post-period: {win.n_post} period(s) after the event, not more than the "
            f"{k_pre} parameters of the pre-period model: a separate post-period regression "
            f"(Chow test) cannot be estimated; the evidence is {ev}"
        )
    pit = pis = None
    if placebo:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pit = _placebo_in_time(s, win, spec)
            if pnames:
                pis = _placebo_in_space(
                    win, spec, fit, terms, P_model, pnames, placebo_max_pre_mspe
                )
    if placebo and not pnames:
        notes.append(
            "placebo-in-space not run: no placebo_units were given (control regressors are "
            "not placebo units)"
        )
    if pit is not None and not pit.n_placebos:
        notes.append(f"placebo-in-time not available: {pit.note}")
    if placebo_units is not None and not placebo:
        warns.append("placebo_units were given but placebo=False: no placebo test was run")
    conf_w, conf_ids, conf_desc = confounder_warnings(
        s, align, window=confounder_window, jurisdiction=jurisdiction
    )
    warns = conf_w + warns
    return _build(
        s,
        align,
        spec,
        fit,
        paths,
        tests,
        pit,
        pis,
        conf_ids,
        conf_desc,
        warns,
        notes,
        n_draws,
    )


# --------------------------------------------------------------------------- options


def _whole(x: Any, what: str, *, minimum: int) -> int:
    if isinstance(x, bool) or not isinstance(x, int | np.integer) or x < minimum:
        raise ValueError(f"{what} must be a whole number >= {minimum}, got {x!r}")
    return int(x)


def _not_for(value: Any, what: str, model: str, used_by: str) -> None:
    if value is not None:
        raise ValueError(
            f"{what}={value!r} does not apply to model={model!r}; it is used by {used_by}"
        )


def _resolve_spec(
    *,
    model: str,
    log: bool,
    controls: Any,
    interventions: Sequence[str] | None,
    trend: bool | None,
    errors: str | None,
    maxlags: int | None,
    bootstrap: int | None,
    family: str | None,
    order: tuple[int, int, int] | None,
    components: str | None,
    level: float,
    seed: int,
    log_controls: bool = False,
) -> tuple[Spec, list[str]]:
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; use one of {', '.join(MODELS)}")
    if not isinstance(log, bool):
        raise ValueError(f"log must be True or False, got {log!r}")
    if not isinstance(log_controls, bool):
        raise ValueError(f"log_controls must be True or False, got {log_controls!r}")
    if log_controls and model == "synthetic":
        raise ValueError(
            "log_controls does not apply to model='synthetic': its donors are the same "
            "quantity as the series and take its scale (log=True logs them)"
        )
    if log_controls and controls is None:
        raise ValueError("log_controls=True but no controls were given")
    try:
        lv = float(level)
    except (TypeError, ValueError):
        raise ValueError(f"level must be a number in (0, 1), got {level!r}") from None
    if not 0 < lv < 1:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    seed = _whole(seed, "seed", minimum=0)
    notes: list[str] = []
    if model == "counts" and log:
        raise ValueError(
            "model='counts' already has a log link: its level and slope changes are in log "
            "points; drop log=True"
        )
    terms = ("step", "ramp") if interventions is None else _terms(interventions)
    if model in _COUNTERFACTUAL and "pulse" in terms:
        raise ValueError(
            f"model={model!r} reports the level and slope change of the post-period gaps; "
            "a pulse applies to its, counts and sarimax"
        )
    if not any(t in terms for t in ("step", "ramp")) and model in _COUNTERFACTUAL:
        raise ValueError("interventions must include 'step' or 'ramp'")
    if model in ("ucm", "synthetic"):
        _not_for(trend, "trend", model, "its, counts, regression and sarimax")
        trend_v = False
    else:
        trend_v = True if trend is None else bool(trend)
    if model == "its":
        errors_v = "ar1" if errors is None else errors
        if errors_v not in ERRORS:
            raise ValueError(f"unknown errors {errors_v!r}; use one of {', '.join(ERRORS)}")
        if maxlags is not None and errors_v != "hac":
            raise ValueError("maxlags applies only to errors='hac'")
        if maxlags is not None:
            _whole(maxlags, "maxlags", minimum=0)
        if errors_v == "ima" and order is not None:
            raise ValueError(
                "errors='ima' fixes the ARIMA order (0, 1, 1); order= is for model='sarimax'"
            )
        if bootstrap is not None and errors_v != "ar1":
            raise ValueError("bootstrap applies only to errors='ar1'")
        boot = 499 if bootstrap is None else _whole(bootstrap, "bootstrap", minimum=0)
        if 0 < boot < 99:
            raise ValueError(f"bootstrap needs 0 (off) or at least 99 draws, got {boot}")
    else:
        _not_for(errors, "errors", model, "model='its'")
        _not_for(maxlags, "maxlags", model, "model='its' with errors='hac'")
        _not_for(bootstrap, "bootstrap", model, "model='its' with errors='ar1'")
        errors_v, boot = "", 0
    if model == "counts":
        family_v = "negbin" if family is None else family
        if family_v not in FAMILIES:
            raise ValueError(f"unknown family {family_v!r}; use one of {', '.join(FAMILIES)}")
    else:
        _not_for(family, "family", model, "model='counts'")
        family_v = ""
    if model == "sarimax":
        order_v = (1, 0, 0) if order is None else _order(order)
    elif model == "its" and errors_v == "ima":
        order_v = (0, 1, 1)
    else:
        _not_for(order, "order", model, "model='sarimax'")
        order_v = (0, 0, 0)
    if model == "ucm":
        comp = "lltrend" if components is None else components
        if comp not in UCM_COMPONENTS:
            raise ValueError(f"unknown components {comp!r}; use one of {', '.join(UCM_COMPONENTS)}")
    else:
        _not_for(components, "components", model, "model='ucm'")
        comp = ""
    if model == "regression" and controls is None:
        raise ValueError("model='regression' needs control series: give controls=")
    return (
        Spec(
            model=model,
            log=log,
            terms=terms,
            trend=trend_v,
            errors=errors_v,
            maxlags=maxlags,
            family=family_v,
            order=order_v,
            components=comp,
            level=lv,
            bootstrap=boot,
            seed=seed,
            log_controls=log_controls,
        ),
        notes,
    )


def _terms(interventions: Sequence[str]) -> tuple[str, ...]:
    if isinstance(interventions, str):
        interventions = (interventions,)
    out = []
    for t in interventions:
        if t not in TERMS:
            raise ValueError(f"unknown intervention {t!r}; use 'step', 'ramp' or 'pulse'")
        if t in out:
            raise ValueError(f"intervention {t!r} given twice")
        out.append(t)
    if not out:
        raise ValueError("interventions is empty; give at least one of 'step', 'ramp', 'pulse'")
    return tuple(t for t in TERMS if t in out)


def _order(order: Any) -> tuple[int, int, int]:
    try:
        p, d, q = (int(v) for v in order)
    except (TypeError, ValueError):
        raise ValueError(f"order must be three whole numbers (p, d, q), got {order!r}") from None
    if min(p, d, q) < 0 or d > 2:
        raise ValueError(f"order (p, d, q) needs p, q >= 0 and 0 <= d <= 2, got {order!r}")
    return p, d, q


def _min_pre(spec: Spec, J: int) -> int:
    k = 1 + int(spec.trend) + J
    if spec.model == "its" and spec.errors == "ima":
        need = k + 3
    elif spec.model == "its":
        need = k + 1 + int(spec.errors == "ar1")
    elif spec.model == "counts":
        need = k + 1 + int(spec.family == "negbin")
    elif spec.model == "regression":
        need = k + 1
    elif spec.model == "ucm":
        need = J + 4 + (spec.period if spec.seasonal != "none" else 0)
    elif spec.model == "sarimax":
        p, d, q = spec.order
        need = k + p + q + d + 2
    else:
        need = MIN_PRE
    return max(MIN_PRE, need)


# --------------------------------------------------------------------------- data


def _model_scale(
    values: np.ndarray,
    spec: Spec,
    labels: Any,
    what: str,
    *,
    names: list[str] | None = None,
) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if spec.model == "counts":
        _check_counts(arr, labels, what, names)
        return arr
    if spec.log:
        _check_positive(arr, labels, what, names, "log=True")
        return np.log(arr)
    return arr


def _model_scale_controls(
    C: np.ndarray, names: list[str], spec: Spec, s: Series1D, what: str
) -> np.ndarray:
    if not names:
        return C
    if spec.model == "synthetic" and spec.log:
        _check_positive(
            C, s.labels, "donors (controls)", names, "log=True (donors take the series' scale)"
        )
        return np.log(C)
    if spec.log_controls:
        _check_positive(C, s.labels, what, names, "log_controls=True")
        return np.log(C)
    return C


def _where(arr: np.ndarray, mask: np.ndarray, labels: Any, names: list[str] | None) -> str:
    if arr.ndim == 1:
        i = int(np.flatnonzero(mask)[0])
        return f"{label_text(labels[i])} (value {arr[i]:g})"
    i, j = (int(v) for v in np.argwhere(mask)[0])
    nm = names[j] if names else str(j)
    return f"{nm!r} at {label_text(labels[i])} (value {arr[i, j]:g})"


def _check_positive(
    arr: np.ndarray, labels: Any, what: str, names: list[str] | None, why: str
) -> None:
    bad = ~(arr > 0)
    if bad.any():
        raise ValueError(
            f"{what} has {int(bad.sum())} non-positive value(s), first {_where(arr, bad, labels, names)}; "
            f"{why} needs values > 0"
            + (": model the series in levels instead" if why == "log=True" else "")
        )


def _check_counts(arr: np.ndarray, labels: Any, what: str, names: list[str] | None) -> None:
    neg = arr < 0
    if neg.any():
        raise ValueError(
            f"{what} has {int(neg.sum())} negative value(s), first {_where(arr, neg, labels, names)}; "
            "a count model needs counts >= 0"
        )
    frac = arr != np.round(arr)
    if frac.any():
        raise ValueError(
            f"{what} has {int(frac.sum())} non-integer value(s), first "
            f"{_where(arr, frac, labels, names)}; model='counts' is for counts: use "
            "model='its' with log=True for other positive data"
        )


# --------------------------------------------------------------------------- terms


def _identified_terms(win: Window, spec: Spec) -> tuple[tuple[str, ...], list[str], list[str]]:
    """Drop intervention terms that the used post-period cannot identify (pulse, then ramp,
    then step) and say so."""
    used = win.used
    base = [np.ones(win.m)]
    if spec.trend:
        base.append(win.tc)
    if win.seasonal_names:
        base.append(win.season_cols)
    Xb = np.column_stack(base + ([win.controls] if win.controls.shape[1] else []))
    rank_base = np.linalg.matrix_rank(Xb[win.pre])
    if rank_base < Xb.shape[1]:
        raise ValueError(
            "the pre-period regressors (constant"
            + (", trend" if spec.trend else "")
            + (", controls" if win.controls.shape[1] else "")
            + ") are collinear over the pre-period: drop a control or the trend"
        )
    kept = list(spec.terms)
    dropped: list[str] = []
    for t in ("pulse", "ramp", "step"):
        X = np.column_stack([Xb, intervention_columns(win.tc, tuple(kept))])[used]
        if np.linalg.matrix_rank(X) == X.shape[1]:
            break
        if t in kept:
            kept.remove(t)
            dropped.append(t)
    warns: list[str] = []
    notes: list[str] = []
    if dropped:
        what = ", ".join(TERM_TEXT[t] for t in dropped)
        warns.append(
            f"short post-period: {win.n_post} period(s) after the event cannot identify the "
            f"{what} ({', '.join(dropped)}); not estimated"
            + (
                f". The {TERM_TEXT[kept[0]]} is the departure from the pre-period model"
                if kept
                else "; no intervention term is identified"
            )
        )
    if kept and win.n_post == len(kept):
        notes.append(
            f"the post-period has as many periods ({win.n_post}) as intervention terms: "
            "they fit it exactly, and the estimates are the departures from the pre-period "
            "model (their test is the Chow predictive test)"
        )
    return tuple(kept), warns, notes


def _dispatch(win: Window, spec: Spec, terms: tuple[str, ...]) -> ModelFit:
    if spec.model == "its" and spec.errors == "ima":
        return fit_its_ima(win, spec, terms)
    if spec.model == "its":
        return fit_its(win, spec, terms)
    if spec.model == "counts":
        return fit_counts(win, spec, terms)
    if spec.model == "sarimax":
        return fit_sarimax(win, spec, terms)
    if spec.model == "ucm":
        return fit_ucm(win, spec)
    if spec.model == "regression":
        return fit_regression(win, spec)
    return fit_synthetic(win, spec)


# --------------------------------------------------------------------------- paths


class _Paths:
    """Original-scale paths and predictive draws over the ``out`` periods."""

    def __init__(
        self,
        observed: np.ndarray,
        cf: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        fitted: np.ndarray,
        draws: np.ndarray | None,
        first_out: int,
    ) -> None:
        self.observed, self.cf, self.lower, self.upper = observed, cf, lower, upper
        self.fitted, self.draws, self.first_out = fitted, draws, first_out


def _back(x: np.ndarray, spec: Spec) -> np.ndarray:
    return np.exp(x) if spec.log or spec.model == "counts" else x


def _paths(
    s: Series1D, win: Window, fit: ModelFit, spec: Spec, rng: np.random.Generator, n_draws: int
) -> _Paths:
    fo = win.first_out
    cf = _back(fit.cf, spec)
    lower = np.full(win.m, np.nan)
    upper = np.full(win.m, np.nan)
    draws = None
    a = (1 - spec.level) / 2
    if fit.pred_cov is not None:
        mean = fit.cf[fo:]
        sd = np.sqrt(np.diag(fit.pred_cov))
        c = float(
            stats.norm.ppf(1 - a)
            if not np.isfinite(fit.pred_df)
            else stats.t.ppf(1 - a, fit.pred_df)
        )
        lower[fo:] = _back(mean - c * sd, spec)
        upper[fo:] = _back(mean + c * sd, spec)
        L = np.linalg.cholesky(fit.pred_cov + 1e-12 * np.eye(mean.size) * np.max(sd) ** 2)
        z = rng.standard_normal((n_draws, mean.size)) @ L.T
        if np.isfinite(fit.pred_df):
            z /= np.sqrt(rng.chisquare(fit.pred_df, size=(n_draws, 1)) / fit.pred_df)
        draws = _back(mean + z, spec)
    elif fit.sampler is not None:
        draws = fit.sampler(rng, n_draws)
        lower[fo:], upper[fo:] = np.quantile(draws, [a, 1 - a], axis=0)
    fitted = _back(fit.fitted, spec)
    return _Paths(s.values.copy(), cf, lower, upper, fitted, draws, fo)


def _exceedance(paths: _Paths, win: Window, spec: Spec) -> HypothesisTest | None:
    post = win.post
    lo, hi = paths.lower[post], paths.upper[post]
    if np.isnan(lo).any():
        return None
    obs = paths.observed[post]
    k = int(((obs < lo) | (obs > hi)).sum())
    n = post.size
    alpha = 1 - spec.level
    return HypothesisTest(
        name="Prediction-interval exceedance",
        stat=float(k),
        pvalue=float(stats.binom.sf(k - 1, n, alpha)),
        scale="count",
        null_hypothesis=f"each post period falls outside the {spec.level:.0%} prediction "
        f"interval with probability {alpha:g}",
        alternative_hypothesis="more post periods fall outside than that",
        df=(float(n),),
        distribution=f"binomial({n}, {alpha:g}), periods treated as independent",
        details={"periods outside": k, "post periods": n},
        note=f"{k} of {n} post period(s) outside the prediction interval",
    )


# --------------------------------------------------------------------------- placebos


def _placebo_in_time(s: Series1D, win: Window, spec: Spec) -> PlaceboTest:
    try:
        p, actual, fakes, values, note = _placebo.in_time(win, spec, list(s.labels))
    except (ValueError, np.linalg.LinAlgError) as exc:
        return PlaceboTest(
            "in-time", float("nan"), float("nan"), _placebo.STATISTIC, note=f"not computable: {exc}"
        )
    return PlaceboTest("in-time", p, actual, _placebo.STATISTIC, fakes, values, note)


def _placebo_in_space(
    win: Window,
    spec: Spec,
    fit: ModelFit,
    terms: tuple[str, ...],
    P: np.ndarray,
    pnames: list[str],
    max_pre_mspe: float | None = None,
) -> PlaceboTest:
    quick = dataclasses.replace(spec, bootstrap=0)
    try:
        p, actual, units, values, note = _placebo.in_space(
            # the placebo units need the counterfactual only, not bootstrap inference
            win,
            spec,
            fit,
            P,
            pnames,
            lambda w: _dispatch(w, quick, terms),
            max_pre_mspe,
        )
    except (ValueError, np.linalg.LinAlgError) as exc:
        return PlaceboTest(
            "in-space",
            float("nan"),
            float("nan"),
            _placebo.STATISTIC_SPACE,
            note=f"not computable: {exc}",
        )
    return PlaceboTest("in-space", p, actual, _placebo.STATISTIC_SPACE, units, values, note)


# --------------------------------------------------------------------------- result


def _scales(s: Series1D, spec: Spec) -> tuple[str, str, str]:
    units = str(s.attrs.get("units", "")) or "units of the series"
    if spec.log or spec.model == "counts":
        return "log points", "log points per period", units
    return units, f"{units} per period", units


def _estimate(t: Term | None, name: str, scale: str) -> EffectEstimate | None:
    if t is None:
        return None
    return EffectEstimate(name, t.estimate, t.ci, t.p_value, t.se, scale, t.p_method)


def _percent(e: EffectEstimate | None, scale: str) -> EffectEstimate | None:
    if e is None:
        return None

    def pc(x: float) -> float:
        return 100 * math.expm1(x) if math.isfinite(x) else float("nan")

    return EffectEstimate(
        f"{e.name}, percent",
        pc(e.estimate),
        (pc(e.ci[0]), pc(e.ci[1])),
        e.p_value,
        float("nan"),
        scale,
        e.p_value_method,
    )


def _build(
    s: Series1D,
    align: Alignment,
    spec: Spec,
    fit: ModelFit,
    paths: _Paths,
    tests: list[HypothesisTest],
    pit: PlaceboTest | None,
    pis: PlaceboTest | None,
    conf_ids: list[str],
    conf_desc: str,
    warns: list[str],
    notes: list[str],
    n_draws: int,
) -> EffectResult:
    level_scale, slope_scale, units = _scales(s, spec)
    lc = _estimate(fit.terms.get("step"), "level change", level_scale)
    sc = _estimate(fit.terms.get("ramp"), "slope change", slope_scale)
    pu = _estimate(fit.terms.get("pulse"), "pulse", level_scale)
    if spec.model in _COUNTERFACTUAL:
        lc = lc if "step" in spec.terms else None
        sc = sc if "ramp" in spec.terms else None
    logish = spec.log or spec.model == "counts"
    lcp = _percent(lc, "percent") if logish else None
    scp = _percent(sc, "percent per period (change in the growth factor)") if logish else None
    post = np.flatnonzero(align.role == 1)
    pin = post - paths.first_out
    obs = paths.observed[post]
    cfp = paths.cf[post]
    a = (1 - spec.level) / 2
    cum_est = float(np.sum(obs - cfp))
    rel_est = float(100 * (obs.sum() / cfp.sum() - 1))
    if paths.draws is not None:
        tot = paths.draws[:, pin].sum(axis=1)
        eff = obs.sum() - tot
        lo, hi = np.quantile(eff, [a, 1 - a])
        n_hi = int(np.sum(tot >= obs.sum()))
        n_lo = int(np.sum(tot <= obs.sum()))
        p = float(min(1.0, 2 * (1 + min(n_hi, n_lo)) / (1 + tot.size)))
        how = f"predictive draws ({n_draws})"
        with np.errstate(divide="ignore", invalid="ignore"):
            rel_d = 100 * (obs.sum() / tot - 1)
        rlo, rhi = np.quantile(rel_d, [a, 1 - a])
        cum = EffectEstimate(
            "cumulative effect", cum_est, (float(lo), float(hi)), p, scale=units, p_value_method=how
        )
        k = post.size
        avg = EffectEstimate(
            "average effect",
            cum_est / k,
            (float(lo) / k, float(hi) / k),
            p,
            scale=f"{units} per period",
            p_value_method=how,
        )
        rel = EffectEstimate(
            "relative effect",
            rel_est,
            (float(rlo), float(rhi)),
            p,
            scale="percent of the counterfactual",
            p_value_method=how,
        )
    else:
        nan2 = (float("nan"), float("nan"))
        cum = EffectEstimate("cumulative effect", cum_est, nan2, float("nan"), scale=units)
        avg = EffectEstimate(
            "average effect", cum_est / post.size, nan2, float("nan"), scale=f"{units} per period"
        )
        rel = EffectEstimate(
            "relative effect", rel_est, nan2, float("nan"), scale="percent of the counterfactual"
        )
    lab = s.label
    pre = np.flatnonzero(align.role == 0)
    details: dict[str, Any] = dict(fit.extra)
    details.update({"seed": spec.seed, "n_draws": n_draws})
    if spec.model == "its" and spec.errors == "ar1":
        details["bootstrap"] = spec.bootstrap
    return EffectResult(
        series_name=s.name,
        units=str(s.attrs.get("units", "")),
        long_name=str(s.attrs.get("long_name", "")),
        model=spec.model,
        method=fit.method,
        log=spec.log,
        event=align.event_text,
        event_id=align.event_id,
        rule=align.rule,
        first_treated=lab(align.t0),
        first_treated_index=align.t0,
        first_treated_by_rule=lab(align.by_rule),
        anticipation=align.anticipation,
        excluded=tuple(lab(int(i)) for i in align.excluded),
        pre_period=(lab(int(pre[0])), lab(int(pre[-1]))),
        post_period=(lab(int(post[0])), lab(int(post[-1]))),
        n_pre=int(pre.size),
        n_post=int(post.size),
        level=spec.level,
        level_change=lc,
        slope_change=sc,
        pulse=pu,
        level_change_percent=lcp,
        slope_change_percent=scp,
        cumulative_effect=cum,
        average_effect=avg,
        relative_effect_percent=rel,
        joint_test=fit.joint,
        tests=tuple(tests),
        placebo_in_time=pit,
        placebo_in_space=pis,
        confounders=tuple(conf_ids),
        confounder_window=conf_desc,
        warnings=tuple(warns),
        notes=tuple(dict.fromkeys(notes)),
        labels=s.labels,
        dim=s.dim,
        observed=paths.observed,
        counterfactual=paths.cf,
        lower=paths.lower,
        upper=paths.upper,
        fitted=paths.fitted,
        role=align.role,
        coefficients=fit.coefficients,
        details=details,
        attrs=s.attrs,
    )
