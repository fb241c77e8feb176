"""Pictures of a result: each score broken into its feature contributions, and the exclusions.

matplotlib is an optional extra (``pip install matplotlib``), imported only when a picture
is drawn. Each function draws on the Axes it is given (or a new figure) and returns that Axes.
Colours are fixed per feature, so the same feature has the same colour in every picture.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from matcher.scoring._features import FEATURE_INDEX, FEATURES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from matcher.results._values import Recommendations

INSTALL_HINT: Final = "drawing pictures needs matplotlib: pip install matplotlib"
#: Hospital names and rule statements are wrapped to this many characters per line.
NAME_WIDTH: Final = 34
STATEMENT_WIDTH: Final = 48
#: Colours from "tab20b" for the features beyond the 20 of "tab20", chosen to stand apart from
#: the tab20 colours they are drawn beside.
_EXTRA_COLOURS: Final = (2, 6, 10, 17)


def _require_matplotlib() -> None:
    """Raise an ImportError saying how to install matplotlib when it is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error


def _new_axes(height: float) -> Axes:
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(11.0, height), layout="constrained")
    return ax


def _label_bars(
    ax: Axes, ends: Sequence[tuple[float, str]], names: Sequence[str], width: int
) -> None:
    """Write each bar's value at its end and its name, wrapped, beside it; the first at the top."""
    positions = list(range(len(names)))
    for position, (end, text) in zip(positions, ends, strict=True):
        ax.text(end, position, text, va="center", fontsize="small")
    ax.set_yticks(positions, [textwrap.fill(name, width, break_on_hyphens=False) for name in names])
    ax.invert_yaxis()


def feature_colour(feature: str) -> tuple[float, float, float, float]:
    """The fixed colour of a feature (RGBA), the same in every picture."""
    _require_matplotlib()
    from matplotlib import colormaps

    index = FEATURE_INDEX[feature]
    if index < 20:
        rgba: tuple[float, float, float, float] = colormaps["tab20"](index)
    else:
        rgba = colormaps["tab20b"](_EXTRA_COLOURS[(index - 20) % len(_EXTRA_COLOURS)])
    return rgba


def plot_contributions(recs: Recommendations, ax: Axes | None = None) -> Axes:
    """Each shortlisted hospital's score as a horizontal bar stacked by feature contribution.

    The best hospital is at the top; a segment's width is the points its feature adds, so the
    segments of a bar add up to the hospital's score on the 0-100 scale. Features that add
    nothing to any shortlisted hospital are left out of the legend.

    Parameters
    ----------
    recs
        The result to draw.
    ax
        The matplotlib Axes to draw on; ``None`` makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    _require_matplotlib()
    items = list(recs)
    if ax is None:
        ax = _new_axes(1.6 + 0.65 * max(len(items), 1))
    ax.set_xlim(0, 100)
    ax.set_xlabel("score (0-100): the points each feature adds")
    if not items:
        ax.set_yticks([])
        ax.text(50, 0.5, "No hospital was recommended", ha="center", va="center")
        return ax
    totals = {feature.name: 0.0 for feature in FEATURES}
    points = [{c.feature: c.points for c in item.contributions} for item in items]
    for row in points:
        for name, value in row.items():
            totals[name] += value
    shown = sorted(
        (feature for feature in FEATURES if totals[feature.name] > 0),
        key=lambda feature: (-totals[feature.name], FEATURE_INDEX[feature.name]),
    )
    positions = list(range(len(items)))
    left = [0.0] * len(items)
    for feature in shown:
        widths = [row.get(feature.name, 0.0) for row in points]
        ax.barh(
            positions,
            widths,
            left=left,
            height=0.7,
            label=feature.label,
            color=feature_colour(feature.name),
            edgecolor="white",
            linewidth=0.5,
        )
        left = [start + width for start, width in zip(left, widths, strict=True)]
    _label_bars(
        ax,
        [(item.score + 0.8, f"{item.score:.1f}") for item in items],
        [f"{item.rank}. {item.hospital.name}" for item in items],
        NAME_WIDTH,
    )
    ax.set_title("What each hospital's score is made of (best at the top)")
    ax.legend(
        title="feature",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize="small",
    )
    return ax


def plot_exclusions(recs: Recommendations, ax: Axes | None = None) -> Axes:
    """How many hospitals each rule left out, labelled with the rule's statement.

    Each hospital is counted once, under the first rule that left it out (the rule its
    :class:`~matcher.Exclusion` names), so the bars add up to the number of hospitals left out.

    Parameters
    ----------
    recs
        The result to draw.
    ax
        The matplotlib Axes to draw on; ``None`` makes a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    _require_matplotlib()
    from matplotlib.ticker import MaxNLocator

    counts = Counter(exclusion.rule_id for exclusion in recs.excluded)
    statements = {outcome.rule_id: outcome.statement for outcome in recs.rules}
    ordered = sorted(counts, key=lambda rule_id: (-counts[rule_id], rule_id))
    if ax is None:
        lines = sum(
            len(textwrap.wrap(statements.get(r, r), STATEMENT_WIDTH, break_on_hyphens=False))
            for r in ordered
        )
        ax = _new_axes(1.6 + 0.3 * max(lines, 2))
    ax.set_xlabel("hospitals left out")
    if not ordered:
        ax.set_yticks([])
        ax.set_xticks([])
        ax.text(0.5, 0.5, "No hospital was left out", ha="center", va="center")
        return ax
    positions = list(range(len(ordered)))
    values = [counts[rule_id] for rule_id in ordered]
    ax.barh(positions, values, height=0.6, color="#8c8c8c")
    _label_bars(
        ax,
        [(value, f" {value}") for value in values],
        [statements.get(rule_id, rule_id) for rule_id in ordered],
        STATEMENT_WIDTH,
    )
    ax.set_xlim(0, max(values) * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    total = len(recs.excluded)
    ax.set_title(
        f"Why {total} hospital{'s' * (total != 1)} {'were' if total != 1 else 'was'} left out"
    )
    return ax
