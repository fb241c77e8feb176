"""A result as a pandas data frame: one row per recommendation, points per feature, reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from matcher.results._values import Recommendation, Recommendations
from matcher.results._words import TOP_REASONS
from matcher.scoring import FEATURE_NAMES

if TYPE_CHECKING:
    import pandas as pd

#: The text columns after the feature points: every reason, and the titles of the sources
#: behind the top reasons.
TEXT_COLUMNS: Final = ("reasons", "top_sources")
#: Texts in one cell are joined with this.
JOIN: Final = "; "


def top_source_titles(item: Recommendation, reasons: int = TOP_REASONS) -> tuple[str, ...]:
    """The titles of the sources behind the top ``reasons`` reasons, each once, best first."""
    titles = [r.source.title for r in item.reasons[:reasons] if r.source is not None]
    return tuple(dict.fromkeys(titles))


def to_frame(recs: Recommendations) -> pd.DataFrame:
    """One row per recommendation: rank, hospital_id, name, city, score, points per feature,
    then ``reasons`` and ``top_sources``.

    Each feature column holds the points that feature added to the score (0 where it added
    none), so the feature columns of a row sum to its score. ``reasons`` holds every reason in
    plain words, most points first, joined by "; "; ``top_sources`` the titles of the sources
    behind the top three reasons, each once, joined the same way.

    Raises
    ------
    ImportError
        When pandas is not installed (``pip install pandas``).
    """
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError(
            "Recommendations.to_frame() needs pandas; install the frame extra: pip install pandas"
        ) from error
    columns = ["rank", "hospital_id", "name", "city", "score", *FEATURE_NAMES, *TEXT_COLUMNS]
    rows = []
    for item in recs:
        points = dict.fromkeys(FEATURE_NAMES, 0.0)
        points.update({part.feature: part.points for part in item.contributions})
        rows.append(
            [item.rank, item.hospital.id, item.hospital.name, item.hospital.city, item.score]
            + [points[feature] for feature in FEATURE_NAMES]
            + [JOIN.join(r.text for r in item.reasons), JOIN.join(top_source_titles(item))]
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(
        {"rank": "int64", "score": "float64"} | dict.fromkeys(FEATURE_NAMES, "float64")
    )
