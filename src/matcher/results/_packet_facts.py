"""What the case packet says about the patient: the profile as given, and what is not known.

The profile is read from the result's query (the inputs kept for what-if questions) only to
write it into the packet the person asked for; nothing here prints, logs or keeps it.
"""

from __future__ import annotations

import html
from typing import Any

from matcher.results._i18n import Lang, cancer_words, city_words, is_chinese, say, translate
from matcher.results._missing_words import fact_lines
from matcher.results._values import Recommendations

_e = html.escape
_VALUE_KEYS = {"tcm_preference": "value.tcm", "disease_status": "value.status",
               "city_mode": "value.city_mode", "language_mode": "value.language_mode"}  # fmt: skip
#: Rules whose outcome depends on a fact the profile may lack, by that fact's message id.
_FACT_OF_RULE = {"stage.": "missing.stage", "biomarker.": "missing.biomarkers",
                 "fitness.poor-performance": "missing.ecog", "fitness.child": "missing.age",
                 "eligibility.adults-not-to-childrens-hospitals": "missing.age",
                 "eligibility.children-only-evidence": "missing.age",
                 "language.": "missing.languages", "history.": "missing.history"}  # fmt: skip


def _given(text: str) -> str:
    """A value as the person gave it, escaped and marked with its language."""
    return f'<span lang="{"zh" if is_chinese(text) else "en"}" translate="no">{_e(text)}</span>'


def _value(field: str, value: Any, lang: Lang) -> str:
    if isinstance(value, bool):
        return _e(say(f"value.{str(value).lower()}", lang))
    if field in _VALUE_KEYS:
        return _e(say(f"{_VALUE_KEYS[field]}.{value}", lang))
    if field == "cities":
        return _e("、" if lang == "zh" else ", ").join(_e(city_words(c, lang)) for c in value)
    if field == "therapies_sought":
        return _e("、" if lang == "zh" else ", ").join(_e(say(f"feature.{t}", lang)) for t in value)
    if isinstance(value, dict):  # prior therapies: lines and kinds
        parts = [f"{key}: {_value(key, item, lang)}" for key, item in value.items()]
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        return "; ".join(_given(str(v)) for v in value)
    return _given(str(value))


def profile_rows(recs: Recommendations, lang: Lang) -> list[tuple[str, str]]:
    """(field label, HTML value) for each field the profile sets; empty without a profile."""
    if recs.query is None:
        return []
    patient = recs.query.patient
    fields = patient.model_dump(mode="json", exclude_defaults=True)
    rows = []
    for field, value in fields.items():
        if field == "cancer_type":
            name = patient.cancer_type.name
            shown = cancer_words(name, lang)
            html_value = _given(shown) + (f" ({_given(name)})" if shown != name else "")
            html_value += f" <small>{_e(patient.cancer_type.code)}</small>"
        else:
            html_value = _value(field, value, lang)
        rows.append((say(f"field.{field}", lang), html_value))
    return rows


def missing_lines(recs: Recommendations, lang: Lang) -> list[str]:
    """The facts to find out, in ``lang``: first the unknown fields whose answer would change
    the shortlist (``recs.missing_facts()``, with how much), then the other unknowns."""
    if recs.query is None:
        return []
    facts = recs.missing_facts()
    covered = {fact.field for fact in facts}
    return fact_lines(facts, lang) + known_unknowns(recs, lang, covered=covered)


def known_unknowns(
    recs: Recommendations, lang: Lang, *, covered: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """What the result knows it does not know, in ``lang``: absent stage, biomarkers, fitness
    and age, and any rule whose condition could not be decided for another reason.

    Fields in ``covered`` (already said, with their effect, by :func:`missing_lines`) are left
    out.
    """
    if recs.query is None:
        return []
    patient = recs.query.patient
    keys: list[str] = []
    if patient.stage is None and patient.cancer_type.staged:
        keys.append("missing.stage")
    if not patient.biomarkers:
        keys.append("missing.biomarkers")
    if patient.ecog is None:
        keys.append("missing.ecog")
    if patient.age is None:
        keys.append("missing.age")
    facts = [say(key, lang) for key in keys if key.removeprefix("missing.") not in covered]
    for outcome in recs.rules:
        if outcome.outcome != "unknown":
            continue
        fact = next((k for p, k in _FACT_OF_RULE.items() if outcome.rule_id.startswith(p)), None)
        if fact is None:
            facts.append(say("missing.rule", lang, statement=translate(outcome.statement, lang)))
    return facts
