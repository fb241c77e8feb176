"""What to ask next: the unknown profile fields whose answer would change the shortlist most.

For each field the profile leaves unknown, each plausible answer is tried by re-running the same
query (catalog, weights, rules, ``top_k``) with that answer; the figure is how many hospitals of
the shortlist would be different ones. At most ``MAX_RUNS`` re-runs, so the cost is bounded
(each costs one ``recommend``). Nothing about the profile's known values is repeated.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from matcher._engine import build_recommendations
from matcher.analysis._compare import _query, _rescore, changed_patient
from matcher.profile._patient import Patient
from matcher.results._values import Recommendations

#: The most re-runs one call makes (every answer below is one re-run).
MAX_RUNS = 40


@attrs.frozen
class Answer:
    """One plausible answer to a question, and what it would do to the shortlist.

    ``changed`` is how many hospitals of the shortlist would be different ones; ``moved`` how
    many places of the shortlist would hold another hospital (new ones or a new order).
    """

    label: str
    changes: dict[str, object] = attrs.field(eq=False, repr=False)
    changed: int
    moved: int


@attrs.frozen
class MissingFact:
    """An unknown field, the answers tried, and the one that would change the shortlist most."""

    field: str
    question: str
    answers: tuple[Answer, ...]
    top_k: int

    @property
    def most(self) -> Answer:
        """The answer that changes the shortlist most (hospitals first, then places)."""
        return max(self.answers, key=lambda a: (a.changed, a.moved))

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: field, question, and per answer how many hospitals and places change."""
        return {
            "field": self.field,
            "question": self.question,
            "top_k": self.top_k,
            "answers": [
                {"answer": a.label, "hospitals_changed": a.changed, "places_changed": a.moved}
                for a in self.answers
            ],
        }

    def __str__(self) -> str:
        best = self.most
        if best.changed:
            effect = f"{best.changed} of the top {self.top_k} change"
        else:
            effect = f"the top {self.top_k} keep their hospitals, {best.moved} places reorder"
        return f"{self.field}: if {best.label}, {effect}"


def _questions(patient: Patient) -> Iterator[tuple[str, str, list[tuple[str, dict[str, object]]]]]:
    """The unknown fields of ``patient`` and the plausible answers to try for each."""
    if patient.stage is None and patient.cancer_type.staged and not patient.metastatic_sites:
        yield (
            "stage",
            "What is the stage?",
            [
                ("early (I)", {"stage": "I"}),
                ("II", {"stage": "II"}),
                ("locally advanced (III)", {"stage": "III"}),
                ("metastatic (IV)", {"stage": "IV"}),
            ],
        )
    if not patient.biomarkers:
        driver = "HER2" if patient.cancer_type.is_within("BREAST") else "EGFR"
        yield (
            "biomarkers",
            "Which biomarkers were tested, and with what result?",
            [
                (f"{driver} is positive", {"biomarkers": {driver: "positive"}}),
                ("MSI-high", {"biomarkers": {"MSI": "high"}}),
                ("a BRCA1/2 alteration", {"biomarkers": {"BRCA1": "positive"}}),
            ],
        )
    if patient.ecog is None:
        yield (
            "ecog",
            "How active is the patient (ECOG 0-4)?",
            [(f"ECOG {score}", {"ecog": score}) for score in (0, 2, 3)],
        )
    if patient.age is None:
        yield ("age", "How old is the patient?", [("a child", {"age": 10}), ("70", {"age": 70})])
    if not patient.metastatic_sites:
        yield (
            "metastatic_sites",
            "Has the cancer spread, and where?",
            [("brain", {"metastatic_sites": ["brain"]}), ("bone", {"metastatic_sites": ["bone"]})],
        )
    if patient.prior_therapies.lines is None:
        yield (
            "prior_therapies",
            "How many lines of therapy has the patient had?",
            [("two or more lines", {"prior_therapies": {"lines": 2}})],
        )
    if not patient.languages:
        yield (
            "languages",
            "Which languages can the patient be cared in?",
            [("English only", {"languages": ["en"], "language_mode": "only"})],
        )


def missing_facts(recs: Recommendations, limit: int = 5) -> tuple[MissingFact, ...]:
    """The unknown fields whose answer would change ``recs``'s shortlist most, most first.

    Only fields where some answer changes the shortlist (its hospitals or their order) are
    listed, at most ``limit`` of them; ties keep the order of the questions above.

    Raises
    ------
    ValueError
        When ``recs`` does not carry its query, or ``limit`` is below 1.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a whole number of at least 1, not {limit!r}")
    query = _query(recs)
    before = recs.hospital_ids
    found: list[MissingFact] = []
    runs = 0
    for field, question, tries in _questions(query.patient):
        answers = []
        for label, changes in tries:
            if runs >= MAX_RUNS:
                break
            runs += 1
            after = build_recommendations(
                _rescore(query, changed_patient(query.patient, changes)), recs.top_k
            ).hospital_ids
            changed = len([h for h in after if h not in before])
            moved = sum(1 for i, h in enumerate(after) if i >= len(before) or before[i] != h)
            answers.append(Answer(label, changes, changed, moved))
        if answers and any(a.changed or a.moved for a in answers):
            found.append(MissingFact(field, question, tuple(answers), recs.top_k))
    found.sort(key=lambda fact: (-fact.most.changed, -fact.most.moved))
    return tuple(found[:limit])
