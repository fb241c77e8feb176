"""What a rule is: a frozen declaration with a condition on the patient and effects on hospitals.

A condition answers met (True), not met (False) or unknown (None): an untested biomarker or an
unknown stage is unknown, never a reason to exclude. Effects are computed for the whole catalog
at once, as boolean masks over hospitals and changes to the feature weight vector.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal, Protocol

import attrs
import numpy as np

from matcher.catalog._compiled import BoolArray

if TYPE_CHECKING:
    from matcher.catalog._compiled import EncodedCatalog
    from matcher.catalog._loader import Catalog
    from matcher.profile._patient import Patient
    from matcher.scoring._patient_features import PatientFeatures

Outcome = Literal["met", "not_met", "unknown"]


class Condition(Protocol):
    """A test on the patient: True (met), False (not met) or None (unknown)."""

    def test(self, patient: Patient) -> bool | None:
        """Evaluate the condition for one patient."""
        ...

    def describe(self) -> str:
        """The condition in plain words."""
        ...


@attrs.frozen
class MatchContext:
    """Everything an effect may look at: the patient, the catalog and its encoded arrays."""

    patient: Patient
    catalog: Catalog
    encoded: EncodedCatalog
    features: PatientFeatures

    def feature(self, name: str) -> np.ndarray:
        """One feature column (values in [0, 1])."""
        from matcher.scoring._features import FEATURE_INDEX

        return self.features.values[:, FEATURE_INDEX[name]]

    @property
    def words(self) -> Mapping[str, str]:
        """Words for reason templates: ``{cancer}``, the patient's cancer type.

        Results explain themselves with the cancer type only; they never echo the patient's
        cities, therapies or other details back (a result may be shared).
        """
        from matcher.profile._names import person_name

        return {"cancer": person_name(self.patient.cancer_type)}


Selector = Callable[[MatchContext], BoolArray]
Text = str | Callable[[MatchContext], str | None]


@attrs.frozen
class Exclude:
    """Leave out the hospitals the selector picks, with the reason."""

    where: Selector
    reason: Text


@attrs.frozen
class Require:
    """Keep only the hospitals the selector picks; the others are left out with the reason."""

    where: Selector
    reason: Text


def _known_feature(instance: object, attribute: object, value: str) -> None:
    from matcher.scoring._features import FEATURE_INDEX

    if value not in FEATURE_INDEX:
        raise ValueError(f"unknown feature {value!r}; features are {', '.join(FEATURE_INDEX)}")


@attrs.frozen
class Weigh:
    """Change a feature's weight: ``new = old * scale + add`` (never below zero)."""

    feature: str = attrs.field(validator=_known_feature)
    add: float = attrs.field(default=0.0, validator=attrs.validators.ge(0.0))
    scale: float = attrs.field(default=1.0, validator=attrs.validators.ge(0.0))


@attrs.frozen
class WeighSought:
    """Add weight to each therapy the patient seeks (their features share the therapy's name)."""

    add: float = attrs.field(validator=attrs.validators.ge(0.0))


@attrs.frozen
class Caveat:
    """A caveat for the hospitals the selector picks, or for the whole result (``where=None``).

    The text may be a function of the context that returns None when there is nothing to say.
    """

    text: Text
    where: Selector | None = None


Effect = Exclude | Require | Weigh | WeighSought | Caveat


@attrs.frozen
class RuleSource:
    """The seed document (or public page) and the exact quote a rule rests on."""

    where: str
    quote: str

    def __str__(self) -> str:
        return f"\u201c{self.quote}\u201d ({self.where})"


@attrs.frozen
class Rule:
    """One clinical, eligibility or preference rule, read like the statement it encodes."""

    id: str
    statement: str
    when: Condition
    effects: tuple[Effect, ...]
    source: RuleSource | None = None

    def evaluate(self, patient: Patient) -> Outcome:
        """Whether the rule applies to this patient."""
        result = self.when.test(patient)
        if result is None:
            return "unknown"
        return "met" if result else "not_met"


def render(text: Text, context: MatchContext) -> str | None:
    """A reason or caveat in words, with the patient's words filled in."""
    if callable(text):
        return text(context)
    return text.format(**context.words)


def no_hospitals(context: MatchContext) -> BoolArray:
    """An all-False mask of the catalog's size."""
    return np.zeros(context.encoded.n_hospitals, dtype=np.bool_)
