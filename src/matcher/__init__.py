"""matcher: ranked, explained, sourced shortlists of Chinese hospitals for a cancer patient.

Decision support, not medical advice: every result shows the claims and quotes it rests on so
that a clinician can check it.

>>> import matcher
>>> recs = matcher.recommend({"cancer_type": "nasopharyngeal carcinoma", "stage": "III"})
>>> recs[0].hospital.id
'sysu-cancer-center'
"""

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
from matcher.results._values import (
    Contribution,
    Exclusion,
    Reason,
    Recommendation,
    Recommendations,
    Relaxation,
    SourceRef,
)
from matcher.rules import RuleOutcome
from matcher.scoring import DEFAULT_WEIGHTS, Weights, WeightsError, load_weights, save_weights

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
