"""Short summaries of result objects for ``repr()`` and notebooks (``_repr_html_``).

A summary names what a value is and its key figures in at most :data:`MAX_LINES` lines of at
most :data:`LINE_CHARS` characters; the HTML form is one small table with every text escaped.
Neither ever shows a profile's values: they are built from hospitals, scores, rules, reasons and
counts only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

from matcher.results._values import Recommendation, Recommendations
from matcher.results._words import TOP_REASONS, _shorten

#: The most lines a ``repr()`` runs to, its first line included.
MAX_LINES: Final = 20
#: The most characters in one line of a ``repr()``.
LINE_CHARS: Final = 110
#: The most rows an HTML summary's table shows.
MAX_ROWS: Final = 12

_e = html.escape


def summary(head: str, lines: Sequence[str], *, limit: int = MAX_LINES) -> str:
    """``head`` then ``lines`` indented, cut to ``limit`` lines in all ("... and N more")."""
    body = [_shorten(line, LINE_CHARS - 2) for line in lines]
    if len(body) > limit - 1:
        hidden = len(body) - (limit - 2)
        body = [*body[: limit - 2], f"... and {hidden} more"]
    return "\n".join([_shorten(head, LINE_CHARS), *(f"  {line}" for line in body)])


def html_summary(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    notes: Sequence[str] = (),
    kind: str = "summary",
) -> str:
    """One titled table (at most :data:`MAX_ROWS` rows) and notes; every text is escaped here."""
    shown = rows[:MAX_ROWS]
    parts = [f'<div class="matcher-{_e(kind)}"><p><strong>{_e(title)}</strong></p>']
    if shown:
        head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(_shorten(cell))}</td>" for cell in row) + "</tr>"
            for row in shown
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if len(rows) > len(shown):
        parts.append(f"<p><small>and {len(rows) - len(shown)} more</small></p>")
    parts += [f"<p><small>{_e(note)}</small></p>" for note in notes]
    parts.append("</div>")
    return "".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _reason_line(item: Recommendation, index: int) -> str:
    reason = item.reasons[index]
    where = f" [{reason.source.title}]" if reason.source is not None else ""
    return f"+ {reason.text}: {reason.points:.1f} points{where}"


def _head(item: Recommendation) -> str:
    tied = ", tied" if item.tied else ""
    return (
        f"rank {item.rank}: {item.hospital.name} ({item.hospital.city}), "
        f"score {item.score:.1f}{tied}"
    )


def _counts(item: Recommendation) -> str:
    return (
        f"{_count(len(item.reasons), 'reason')}, {_count(len(item.caveats), 'caveat')}, "
        f"{_count(len(item.sources), 'source')}, {_count(len(item.rules), 'rule')} applied"
    )


def recommendation_repr(item: Recommendation) -> str:
    """Rank, hospital, score, the top reasons with their sources' titles, and counts."""
    top = min(TOP_REASONS, len(item.reasons))
    lines = [_reason_line(item, index) for index in range(top)]
    lines += [f"! {caveat}" for caveat in item.caveats[:2]]
    lines.append(f"{item.hospital.id}: {_counts(item)}")
    return summary(f"<Recommendation {_head(item)}>", lines)


def recommendation_html(item: Recommendation) -> str:
    """The same as an HTML table of the top reasons."""
    rows = [
        (
            reason.text,
            f"{reason.points:.1f}",
            "" if reason.source is None else reason.source.credit,
        )
        for reason in item.reasons[:TOP_REASONS]
    ]
    notes = [f"Caveat: {caveat}" for caveat in item.caveats[:2]]
    notes.append(f"{item.hospital.id}: {_counts(item)}")
    return html_summary(
        _head(item).capitalize(),
        ("top reason", "points", "source"),
        rows,
        notes=notes,
        kind="recommendation",
    )


def recommendations_repr(recs: Recommendations) -> str:
    """Counts and the catalog version, then one line per ranked hospital."""
    head = (
        f"Recommendations({len(recs.items)} of {recs.n_eligible} eligible, "
        f"{recs.n_excluded} excluded, catalog {recs.catalog_version!r})"
    )
    lines = [
        f"{item.rank}. {item.hospital.name} ({item.hospital.city}) {item.score:.1f}"
        + (" tied" if item.tied else "")
        for item in recs
    ]
    if recs.message:
        lines.append(recs.message)
    if recs.caveats:
        lines.append(_count(len(recs.caveats), "caveat") + " for the whole result")
    return summary(head, lines)
