"""Pictures of a result, checked on the Axes they draw (bars, widths, labels), never on pixels."""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from collections.abc import Iterator

import attrs
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")  # before pyplot is imported: no window, the same in CI as locally

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

import matcher
from matcher.scoring import FEATURES

PROFILE = {
    "cancer_type": "lung adenocarcinoma",
    "stage": "IV",
    "cities": ["Shanghai"],
    "city_mode": "only",
    "tcm_preference": "avoid",
}
LABELS = {feature.label for feature in FEATURES}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def recs() -> matcher.Recommendations:
    return matcher.recommend(PROFILE, top_k=5)


def _segments(ax: Axes) -> list[list[tuple[float, float, float]]]:
    """Per bar container (one per feature), each patch's (y centre, left, width)."""
    return [
        [(p.get_y() + p.get_height() / 2, p.get_x(), p.get_width()) for p in container.patches]
        for container in ax.containers
    ]


def test_each_shortlisted_hospital_gets_one_bar_whose_segments_add_up_to_its_score(
    recs: matcher.Recommendations,
) -> None:
    ax = recs.plot()
    segments = _segments(ax)
    assert segments and all(len(container) == len(recs) for container in segments)
    for index, rec in enumerate(recs):
        bar = sorted((left, width) for _, left, width in (c[index] for c in segments))
        assert np.isclose(sum(width for _, width in bar), rec.score)
        # stacked: each segment starts where the one before it ends
        for (left, width), (next_left, _) in itertools.pairwise(bar):
            assert np.isclose(left + width, next_left)


def test_every_segment_is_a_feature_contribution_labelled_in_plain_words(
    recs: matcher.Recommendations,
) -> None:
    ax = recs.plot()
    scored = {c.label for rec in recs for c in rec.contributions if c.points > 0}
    legend = ax.get_legend()
    assert legend is not None
    assert {text.get_text() for text in legend.get_texts()} == scored
    assert scored <= LABELS
    by_label = {container.get_label(): container for container in ax.containers}
    for index, rec in enumerate(recs):
        for contribution in rec.contributions:
            if contribution.points > 0:
                patch = by_label[contribution.label].patches[index]
                assert np.isclose(patch.get_width(), contribution.points)


def test_the_best_hospital_is_at_the_top_on_a_0_to_100_scale(
    recs: matcher.Recommendations,
) -> None:
    ax = recs.plot()
    assert ax.get_xlim() == (0.0, 100.0)
    assert ax.yaxis_inverted()
    labels = [label.get_text().replace("\n", " ") for label in ax.get_yticklabels()]
    assert labels == [f"{rec.rank}. {rec.hospital.name}" for rec in recs]


def test_the_plot_draws_on_the_axes_it_is_given(recs: matcher.Recommendations) -> None:
    _, ax = plt.subplots()
    assert recs.plot(ax=ax) is ax
    _, other = plt.subplots()
    assert recs.plot_excluded(ax=other) is other


def test_a_feature_keeps_its_colour_from_one_picture_to_the_next(
    recs: matcher.Recommendations,
) -> None:
    other = matcher.recommend({"cancer_type": "HCC", "tcm_preference": "prefer"}, top_k=3)
    colours = {}
    for result in (recs, other):
        for container in result.plot().containers:
            colour = tuple(container.patches[0].get_facecolor())
            assert colours.setdefault(container.get_label(), colour) == colour


def test_an_empty_shortlist_draws_a_note_instead_of_bars() -> None:
    empty = matcher.recommend({"cancer_type": "NPC", "cities": ["Lhasa"], "city_mode": "only"})
    assert len(empty) == 0
    ax = empty.plot()
    assert ax.containers == []
    assert [text.get_text() for text in ax.texts] == ["No hospital was recommended"]


def test_the_excluded_plot_counts_hospitals_by_the_rule_that_left_them_out(
    recs: matcher.Recommendations,
) -> None:
    ax = recs.plot_excluded()
    counts = Counter(exclusion.rule_id for exclusion in recs.excluded)
    statements = {outcome.rule_id: outcome.statement for outcome in recs.rules}
    (container,) = ax.containers
    widths = [patch.get_width() for patch in container.patches]
    labels = [label.get_text().replace("\n", " ") for label in ax.get_yticklabels()]
    assert sorted(widths, reverse=True) == widths
    assert dict(zip(labels, widths, strict=True)) == {
        statements[rule_id]: count for rule_id, count in counts.items()
    }
    assert str(len(recs.excluded)) in ax.get_title()


def test_nothing_excluded_draws_a_note_instead_of_bars(recs: matcher.Recommendations) -> None:
    nothing_left_out = attrs.evolve(recs, excluded=())
    ax = nothing_left_out.plot_excluded()
    assert ax.containers == []
    assert [text.get_text() for text in ax.texts] == ["No hospital was left out"]


def test_without_matplotlib_the_error_says_how_to_install_it(
    recs: matcher.Recommendations, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install matplotlib"):
        recs.plot()
    with pytest.raises(ImportError, match=r"pip install matplotlib"):
        recs.plot_excluded()
