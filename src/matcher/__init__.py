"""matcher: ranked, explained, sourced shortlists of Chinese hospitals for a cancer patient.

Decision support, not medical advice: every result shows the claims and quotes it rests on so
that a clinician can check it.

>>> import matcher
>>> recs = matcher.recommend({"cancer_type": "nasopharyngeal carcinoma", "stage": "III"})
>>> recs[0].hospital.id
'sysu-cancer-center'
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any
from typing import Final as _Final

if _TYPE_CHECKING:
    from matcher._engine import recommend
    from matcher.analysis._bring_in import BringIn
    from matcher.analysis._changes import FeatureShift, FieldChange, RankChange, RuleChange
    from matcher.analysis._stability import RankStability, Stability, stability
    from matcher.analysis._whatif import WhatIf
    from matcher.catalog._loader import Catalog, load_catalog
    from matcher.catalog._schema import CatalogFile, Hospital, Source
    from matcher.cohort._batch import recommend_many
    from matcher.cohort._table import CohortRecommendations
    from matcher.common._errors import CatalogError, MatcherError, ProfileError
    from matcher.common._manifest import DataIntegrityError
    from matcher.common._version import __version__
    from matcher.evaluation._evaluate import Evaluation, VignetteEvaluation, evaluate
    from matcher.evaluation._vignettes import (
        Vignette,
        VignetteError,
        VignetteGrade,
        Vignettes,
        load_vignettes,
    )
    from matcher.profile._ontology import CancerType
    from matcher.profile._patient import Patient
    from matcher.results._sources import SourceRef
    from matcher.results._values import (
        Contribution,
        Exclusion,
        Reason,
        Recommendation,
        Recommendations,
        Relaxation,
    )
    from matcher.rules import RuleOutcome
    from matcher.scoring import DEFAULT_WEIGHTS, Weights, WeightsError, load_weights, save_weights

#: Where each public name is defined. ``import matcher`` loads none of them, so that the command
#: line (``matcher --help``) starts without numpy, pydantic and the catalog; the first use of a
#: name imports its module (see ``__getattr__``), and ``from matcher import X`` works as ever.
_PUBLIC_MODULE: _Final[dict[str, str]] = {
    "recommend": "matcher._engine",
    "BringIn": "matcher.analysis._bring_in",
    "FeatureShift": "matcher.analysis._changes",
    "FieldChange": "matcher.analysis._changes",
    "RankChange": "matcher.analysis._changes",
    "RuleChange": "matcher.analysis._changes",
    "RankStability": "matcher.analysis._stability",
    "Stability": "matcher.analysis._stability",
    "stability": "matcher.analysis._stability",
    "WhatIf": "matcher.analysis._whatif",
    "Catalog": "matcher.catalog._loader",
    "load_catalog": "matcher.catalog._loader",
    "CatalogFile": "matcher.catalog._schema",
    "Hospital": "matcher.catalog._schema",
    "Source": "matcher.catalog._schema",
    "recommend_many": "matcher.cohort._batch",
    "CohortRecommendations": "matcher.cohort._table",
    "CatalogError": "matcher.common._errors",
    "MatcherError": "matcher.common._errors",
    "ProfileError": "matcher.common._errors",
    "DataIntegrityError": "matcher.common._manifest",
    "__version__": "matcher.common._version",
    "Evaluation": "matcher.evaluation._evaluate",
    "VignetteEvaluation": "matcher.evaluation._evaluate",
    "evaluate": "matcher.evaluation._evaluate",
    "Vignette": "matcher.evaluation._vignettes",
    "VignetteError": "matcher.evaluation._vignettes",
    "VignetteGrade": "matcher.evaluation._vignettes",
    "Vignettes": "matcher.evaluation._vignettes",
    "load_vignettes": "matcher.evaluation._vignettes",
    "CancerType": "matcher.profile._ontology",
    "Patient": "matcher.profile._patient",
    "Contribution": "matcher.results._values",
    "Exclusion": "matcher.results._values",
    "Reason": "matcher.results._values",
    "Recommendation": "matcher.results._values",
    "Recommendations": "matcher.results._values",
    "Relaxation": "matcher.results._values",
    "SourceRef": "matcher.results._sources",
    "RuleOutcome": "matcher.rules",
    "DEFAULT_WEIGHTS": "matcher.scoring",
    "Weights": "matcher.scoring",
    "WeightsError": "matcher.scoring",
    "load_weights": "matcher.scoring",
    "save_weights": "matcher.scoring",
}


def __getattr__(name: str) -> _Any:
    """Import a public name's module on first use, and keep the name in the package."""
    module = _PUBLIC_MODULE.get(name)
    if module is None:
        raise AttributeError(f"module 'matcher' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "DEFAULT_WEIGHTS",
    "BringIn",
    "CancerType",
    "Catalog",
    "CatalogError",
    "CatalogFile",
    "CohortRecommendations",
    "Contribution",
    "DataIntegrityError",
    "Evaluation",
    "Exclusion",
    "FeatureShift",
    "FieldChange",
    "Hospital",
    "MatcherError",
    "Patient",
    "ProfileError",
    "RankChange",
    "RankStability",
    "Reason",
    "Recommendation",
    "Recommendations",
    "Relaxation",
    "RuleChange",
    "RuleOutcome",
    "Source",
    "SourceRef",
    "Stability",
    "Vignette",
    "VignetteError",
    "VignetteEvaluation",
    "VignetteGrade",
    "Vignettes",
    "Weights",
    "WeightsError",
    "WhatIf",
    "__version__",
    "evaluate",
    "load_catalog",
    "load_vignettes",
    "load_weights",
    "recommend",
    "recommend_many",
    "save_weights",
    "stability",
]
