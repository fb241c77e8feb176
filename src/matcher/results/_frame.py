"""A result as a pandas data frame: one row per recommendation, points per feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matcher.results._values import Recommendations
from matcher.scoring import FEATURE_NAMES

if TYPE_CHECKING:
    import pandas as pd


def to_frame(recs: Recommendations) -> pd.DataFrame:
    """One row per recommendation: rank, hospital_id, name, city, score, points per feature.

    Each feature column holds the points that feature added to the score (0 where it added
    none), so the feature columns of a row sum to its score.

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
    columns = ["rank", "hospital_id", "name", "city", "score", *FEATURE_NAMES]
    rows = []
    for item in recs:
        points = dict.fromkeys(FEATURE_NAMES, 0.0)
        points.update({part.feature: part.points for part in item.contributions})
        rows.append(
            [item.rank, item.hospital.id, item.hospital.name, item.hospital.city, item.score]
            + [points[feature] for feature in FEATURE_NAMES]
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(
        {"rank": "int64", "score": "float64"} | dict.fromkeys(FEATURE_NAMES, "float64")
    )
