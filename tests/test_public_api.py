"""The public surface: exactly the names we mean to publish, each importable and documented."""

from __future__ import annotations

import importlib
import pkgutil

import matcher

PUBLIC = {
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
}


#: Public submodules (imported on their own, or loaded as a side effect of importing them): one
#: subpackage per stage of the flow (docs/architecture.md), plus the learning, Dask and synthetic
#: entry points.
PUBLIC_MODULES = {
    "common",
    "profile",
    "catalog",
    "scoring",
    "rules",
    "results",
    "analysis",
    "evaluation",
    "cohort",
    "cli",
    "synthetic",
    "learning",
    "dask",
}


def test_the_public_names_are_exactly_the_reviewed_list() -> None:
    assert set(matcher.__all__) == PUBLIC


def test_every_public_name_imports_and_has_a_docstring() -> None:
    for name in matcher.__all__:
        value = getattr(matcher, name)
        if name.isupper() or name.startswith("__"):
            continue
        assert value.__doc__, f"{name} has no docstring"


def test_no_private_name_leaks_into_the_package_namespace() -> None:
    leaked = {
        name
        for name in dir(matcher)
        if not name.startswith("_") and name not in PUBLIC and name not in PUBLIC_MODULES
    }
    assert leaked == set()


def test_every_module_imports() -> None:
    for module in pkgutil.walk_packages(matcher.__path__, "matcher."):
        importlib.import_module(module.name)


def test_importing_matcher_does_not_load_scikit_learn() -> None:
    """scikit-learn costs seconds to import; only matcher.learning and evaluate() need it."""
    import subprocess
    import sys

    code = (
        "import sys, matcher; matcher.recommend({'cancer_type': 'NPC'}); "
        "print('sklearn' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
