"""The cohort's result: the long table of rankings, and each patient's full result on demand."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from matcher._engine import build_recommendations, score_patient
from matcher.catalog._compiled import FloatArray
from matcher.catalog._loader import Catalog
from matcher.cohort._columns import Int32Array, Int64Array
from matcher.cohort._validation import ProfileRowError, _Cohort
from matcher.common._pickling import Picklable
from matcher.results._summary import html_summary
from matcher.results._values import Recommendations
from matcher.rules import Rule
from matcher.scoring._weights import Weights

if TYPE_CHECKING:
    import pandas as pd
    from pandas.api.extensions import ExtensionDtype


@attrs.frozen(eq=False, repr=False)
class CohortRecommendations(Picklable, Mapping[int, Recommendations]):
    """Recommendations for a cohort: a long table, and each patient's full result on demand.

    The table has one entry per (patient, rank): ``patient`` (the row in the input, from 0),
    ``rank`` (from 1), ``hospital_index`` (the hospital's position in the catalog; its id is
    in ``hospital_id``) and ``score``; ``to_frame()`` gives it as a pandas DataFrame. A patient
    has ``min(top_k, eligible hospitals)`` entries, in the order ``recommend()`` ranks them.

    As a mapping from row to :class:`Recommendations`, ``result[row]`` builds that patient's
    full result (reasons, caveats, sources, exclusions), equal to ``recommend(profile, ...)``.
    Only valid rows are keys; the invalid ones are in ``errors``.
    """

    patient: Int64Array
    rank: Int32Array
    hospital_index: Int32Array
    score: FloatArray
    #: row -> the ProfileError of each row that could not be understood (errors="collect")
    errors: Mapping[int, ProfileRowError]
    #: how many profiles were given, valid or not
    n_rows: int
    #: how many groups of patients the rules tell apart
    n_groups: int
    #: how many distinct rankings were computed
    n_rankings: int
    top_k: int
    catalog: Catalog
    weights: Weights
    rules: tuple[Rule, ...]
    _profiles: _Cohort

    @property
    def hospital_id(self) -> npt.NDArray[np.object_]:
        """The id of the hospital in each entry of the table."""
        ids = np.array(self.catalog.encoded.hospital_ids, dtype=object)
        result: npt.NDArray[np.object_] = ids[self.hospital_index]
        return result

    @property
    def rows(self) -> Int64Array:
        """The rows (from 0) whose profiles were understood, in order."""
        return np.flatnonzero(self._profiles.valid)

    def to_frame(self) -> pd.DataFrame:
        """The long table as a pandas DataFrame: patient, rank, hospital_id, score.

        ``hospital_id`` has pandas' default dtype for text. Needs pandas
        (``pip install pandas``).
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "patient": self.patient,
                "rank": self.rank,
                "hospital_id": pd.Series(self.hospital_id, dtype=text_dtype()),
                "score": self.score,
            }
        )

    def __getitem__(self, row: int) -> Recommendations:
        if row not in self:
            raise KeyError(row)
        patient = self._profiles.patient(int(row))
        scored = score_patient(patient, self.catalog, self.weights, self.rules)
        return build_recommendations(scored, self.top_k)

    def __contains__(self, row: object) -> bool:
        if isinstance(row, bool) or not isinstance(row, int | np.integer):
            return False
        return bool(0 <= row < self.n_rows and self._profiles.valid[row])

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows.tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._profiles.valid))

    # Identity, as for any result holding arrays: Mapping's own __eq__ would build every
    # patient's full result to compare two cohorts.
    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return (
            f"CohortRecommendations({len(self)} patients ranked, {len(self.errors)} invalid "
            f"rows, top {self.top_k} of {len(self.catalog)} hospitals, "
            f"catalog {self.catalog.data_version!r})"
        )

    def _repr_html_(self) -> str:
        """The counts as short HTML (every text escaped; no patient is shown)."""
        return html_summary(repr(self), (), (), kind="cohort")


def text_dtype() -> np.dtype[Any] | ExtensionDtype:
    """The dtype pandas gives a column of text by default (object before pandas 3)."""
    import pandas as pd

    return pd.Series(["text"]).dtype
