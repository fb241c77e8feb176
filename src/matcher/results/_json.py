"""A result as plain, JSON-ready data and JSON text (schema version 1).

The dictionary (and JSON) structure, schema version 1::

    {
      "kind": "matcher.recommendations", "schema_version": 1,
      "matcher_version": "0.2.0", "catalog_version": "...",
      "top_k": 5, "n_eligible": 12, "message": "",      # message explains an empty result
      "items": [                                        # ranked, best first
        {"rank": 1, "tied": false, "score": 66.3,
         "hospital": {"id", "name", "name_zh", "city", "province", "kind", "evidence"},
         "contributions": [{"feature", "label", "value", "weight", "points",
                            "evidence": SOURCE or null}, ...],
         "reasons": [{"text", "points", "source": SOURCE or null}, ...],
         "caveats": ["..."], "sources": [SOURCE, ...], "rules": ["rule id", ...]}
      ],
      "excluded": [{"hospital": {"id", "name", "city"}, "rule": "...", "reason": "..."}],
      "rules": [{"id", "outcome": "met" | "not_met" | "unknown", "statement",
                 "source": {"where", "quote"} or null}],
      "caveats": ["..."],
      "relaxations": [{"rule", "constraint", "hospital_ids": [...], "best": name or null}],
      "weights": {"<feature>": weight, ...},
      "profile": {...}                                  # only with include_profile=True
    }

    SOURCE = {"id", "kind", "title", "where", "quote", "read": "YYYY-MM-DD" or null, "via",
              "authority", "publisher", "year", "row": ROW or null}
    ROW = {"ranking", "year", "specialty", "position", "name", "reputation_score", "text"}
                                                        # a quote that is a data file's row

Keys appear in this order; the same result always gives the same text.
"""

from __future__ import annotations

import json
from typing import Any, Final

from matcher.catalog._schema import Hospital
from matcher.common._version import __version__
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

#: The ``kind`` and ``schema_version`` header of :func:`to_dict` output.
RESULT_KIND: Final = "matcher.recommendations"
RESULT_SCHEMA_VERSION: Final = 1


def _source(ref: SourceRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "id": ref.id,
        "kind": ref.kind,
        "title": ref.title,
        "where": ref.where,
        "quote": ref.quote,
        "read": None if ref.read is None else ref.read.isoformat(),
        "via": ref.via,
        "authority": ref.authority,
        "publisher": ref.publisher,
        "year": ref.year,
        "row": _row(ref),
    }


def _row(ref: SourceRef) -> dict[str, Any] | None:
    """The dataset row a quote is a span of, with its words (the quote itself stays verbatim)."""
    row = ref.row
    if row is None:
        return None
    return {
        "ranking": row.ranking,
        "year": row.year,
        "specialty": row.specialty,
        "position": row.position,
        "name": row.name,
        "reputation_score": row.reputation_score,
        "text": row.words(),
    }


def _hospital(hospital: Hospital, *, full: bool) -> dict[str, Any]:
    short = {"id": hospital.id, "name": hospital.name, "city": hospital.city}
    if not full:
        return short
    return {
        **short,
        "name_zh": hospital.name_zh,
        "province": hospital.province,
        "kind": hospital.kind,
        "evidence": hospital.evidence,
    }


def _contribution(part: Contribution) -> dict[str, Any]:
    return {
        "feature": part.feature,
        "label": part.label,
        "value": part.value,
        "weight": part.weight,
        "points": part.points,
        "evidence": _source(part.evidence),
    }


def _reason(reason: Reason) -> dict[str, Any]:
    return {"text": reason.text, "points": reason.points, "source": _source(reason.source)}


def item_dict(item: Recommendation) -> dict[str, Any]:
    """One ranked hospital as a JSON-ready dictionary (the ``items`` entries of :func:`to_dict`)."""
    return {
        "rank": item.rank,
        "tied": item.tied,
        "score": item.score,
        "hospital": _hospital(item.hospital, full=True),
        "contributions": [_contribution(part) for part in item.contributions],
        "reasons": [_reason(reason) for reason in item.reasons],
        "caveats": list(item.caveats),
        "sources": [_source(ref) for ref in item.sources],
        "rules": list(item.rules),
    }


def exclusion_dict(exclusion: Exclusion) -> dict[str, Any]:
    """One left-out hospital as a JSON-ready dictionary (the ``excluded`` entries)."""
    return {
        "hospital": _hospital(exclusion.hospital, full=False),
        "rule": exclusion.rule_id,
        "reason": exclusion.reason,
    }


def _rule(outcome: RuleOutcome) -> dict[str, Any]:
    source = outcome.source
    return {
        "id": outcome.rule_id,
        "outcome": outcome.outcome,
        "statement": outcome.statement,
        "source": None if source is None else {"where": source.where, "quote": source.quote},
    }


def _relaxation(relaxation: Relaxation) -> dict[str, Any]:
    return {
        "rule": relaxation.rule_id,
        "constraint": relaxation.constraint,
        "hospital_ids": list(relaxation.hospital_ids),
        "best": relaxation.best,
    }


def to_dict(
    recs: Recommendations, *, include_profile: bool = False, missing_facts: bool = False
) -> dict[str, Any]:
    """The whole result as plain, JSON-ready data (the structure in this module's docstring).

    Parameters
    ----------
    recs
        The result to export.
    include_profile
        Add the patient profile under ``"profile"`` (left out by default, for privacy).
    missing_facts
        Add ``"missing_facts"``: what to ask next (see ``Recommendations.missing_facts``).

    Raises
    ------
    ValueError
        When ``include_profile`` is asked for but the result does not carry its inputs.
    """
    data: dict[str, Any] = {
        "kind": RESULT_KIND,
        "schema_version": RESULT_SCHEMA_VERSION,
        "matcher_version": __version__,
        "catalog_version": recs.catalog_version,
        "top_k": recs.top_k,
        "n_eligible": recs.n_eligible,
        "message": recs.message,
        "items": [item_dict(item) for item in recs],
        "excluded": [exclusion_dict(exclusion) for exclusion in recs.excluded],
        "rules": [_rule(outcome) for outcome in recs.rules],
        "caveats": list(recs.caveats),
        "relaxations": [_relaxation(relaxation) for relaxation in recs.relaxations],
        "weights": {feature: float(weight) for feature, weight in recs.weights.items()},
    }
    if include_profile:
        if recs.query is None:
            raise ValueError("this result does not carry the profile it was computed from")
        data["profile"] = recs.query.patient.model_dump(mode="json")
    if missing_facts:
        data["missing_facts"] = missing_facts_dicts(recs)
    return data


def missing_facts_dicts(recs: Recommendations) -> list[dict[str, object]]:
    """What to ask next, as JSON-ready data (one entry per unknown field, most change first)."""
    return [fact.to_dict() for fact in recs.missing_facts()]


def to_json(
    recs: Recommendations,
    *,
    indent: int | None = 2,
    include_profile: bool = False,
    missing_facts: bool = False,
) -> str:
    """:func:`to_dict` as JSON text (UTF-8 characters kept; the same result, the same text)."""
    return json.dumps(
        to_dict(recs, include_profile=include_profile, missing_facts=missing_facts),
        indent=indent,
        ensure_ascii=False,
        allow_nan=False,
    )
