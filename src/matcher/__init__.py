"""matcher: ranked, explained, sourced shortlists of Chinese hospitals for a cancer patient.

Decision support, not medical advice: every result shows the claims and quotes it rests on so
that a clinician can check it.

>>> import matcher
>>> recs = matcher.recommend({"cancer_type": "nasopharyngeal carcinoma", "stage": "III"})
>>> recs[0].hospital.id
'sysu-cancer-center'
"""

from matcher._catalog import Catalog, load_catalog
from matcher._catalog_schema import CatalogFile, Hospital, Source
from matcher._engine import recommend
from matcher._errors import CatalogError, MatcherError, ProfileError
from matcher._ontology import CancerType
from matcher._patient import Patient
from matcher._results import (
    Contribution,
    Exclusion,
    Reason,
    Recommendation,
    Recommendations,
    Relaxation,
    SourceRef,
)
from matcher.rules import RuleOutcome
from matcher.scoring import DEFAULT_WEIGHTS, Weights

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_WEIGHTS",
    "CancerType",
    "Catalog",
    "CatalogError",
    "CatalogFile",
    "Contribution",
    "Exclusion",
    "Hospital",
    "MatcherError",
    "Patient",
    "ProfileError",
    "Reason",
    "Recommendation",
    "Recommendations",
    "Relaxation",
    "RuleOutcome",
    "Source",
    "SourceRef",
    "Weights",
    "__version__",
    "load_catalog",
    "recommend",
]
