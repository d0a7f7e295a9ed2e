"""Policy-effect models around dated events.

:func:`effect` answers "did this event change the path of the series, by how much, and
how sure can we be?" for the short annual series of policy evaluation (15-40 points,
often one or two after the event): segmented regression (interrupted time series) with
AR(1), HAC or independent errors; its count version (Poisson, quasi-Poisson,
negative-binomial GLM); counterfactuals from control series (structural time series,
regression on controls, synthetic control; :func:`synthetic_control` with covariate
predictors on a long panel); intervention ARIMA (Box-Tiao step, ramp and pulse);
placebo-in-time and placebo-in-space permutation tests; and warnings naming the
catalogue events that fall near the event date.

Examples
--------
>>> from policyts import datasets
>>> from policyts.models.effects import effect
>>> apps = datasets.load("cn_invention_applications")["resident"]
>>> res = effect(apps, event="patent_subsidy_end_2021", log=True, placebo=False)
>>> res.first_treated, res.n_post
(2021, 2)
>>> any("cnipa_statistical_change_2017" in w for w in res.warnings)
True
"""

from policyts.models.effects._api import ERRORS, MODELS, effect
from policyts.models.effects._controls import synthetic_weights
from policyts.models.effects._gaussian import reml_ar1
from policyts.models.effects._result import EffectEstimate, EffectResult, PlaceboTest
from policyts.models.effects._synth_api import Predictor, synthetic_control
from policyts.models.effects._synth_result import SyntheticControl

__all__ = [
    "ERRORS",
    "MODELS",
    "EffectEstimate",
    "EffectResult",
    "PlaceboTest",
    "Predictor",
    "SyntheticControl",
    "effect",
    "reml_ar1",
    "synthetic_control",
    "synthetic_weights",
]
