"""A result as text for a terminal: the ranked table, one hospital in full, one exclusion."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import Final

from matcher.results._values import (
    Exclusion,
    Reason,
    Recommendation,
    Recommendations,
    Relaxation,
    SourceRef,
)
from matcher.results._words import _DISCLAIMER, QUOTE_CHARS, TOP_REASONS, _shorten
from matcher.rules import RuleOutcome

#: Terminal width the text table wraps to.
WIDTH: Final = 100


def _wrap(text: str, width: int, indent: str, *, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent if first is None else first]


def _where(ref: SourceRef) -> str:
    where = ref.credit if ref.kind == "seed" else f"{ref.credit}, {ref.where}"
    if ref.read is not None:
        where += f", read {ref.read.isoformat()}"
    if ref.via:
        where += f", via {ref.via}"
    return where


def _reason_lines(reason: Reason, width: int, indent: str) -> list[str]:
    lines = _wrap(
        f"{reason.text} ({reason.points:.1f} points)", width, indent + "  ", first=indent + "+ "
    )
    if reason.source is not None:
        quote = f"\u201c{_shorten(reason.source.quote)}\u201d"
        lines += _wrap(quote, width, indent + "  ")
        lines += _wrap(f"({_where(reason.source)})", width, indent + "  ")
    return lines


def _item_lines(item: Recommendation, width: int, reasons: int) -> list[str]:
    score = f"{item.score:5.1f}"
    city_width = 16
    name_width = max(20, width - 6 - city_width - len(score) - 2)
    names = textwrap.wrap(item.hospital.name, name_width) or [item.hospital.name]
    city = item.hospital.city
    lines = [f"{item.rank:>4}  {names[0]:<{name_width}} {city:<{city_width}} {score}".rstrip()]
    lines += [f"      {name}" for name in names[1:]]
    indent = " " * 6
    if item.tied:
        lines.append(f"{indent}= tied on score with another hospital; order by hospital id")
    for reason in item.reasons[:reasons]:
        lines += _reason_lines(reason, width, indent)
    hidden = len(item.reasons) - reasons
    if hidden > 0:
        lines.append(f"{indent}  ... and {hidden} more reason{'s' * (hidden != 1)}")
    for caveat in item.caveats:
        lines += _wrap(caveat, width, indent + "  ", first=indent + "! ")
    return lines


def _header_line(width: int) -> str:
    city_width = 16
    name_width = max(20, width - 6 - city_width - 5 - 2)
    return f"Rank  {'Hospital':<{name_width}} {'City':<{city_width}} Score"


def _grouped(excluded: Iterable[Exclusion]) -> dict[str, dict[str, list[str]]]:
    """Left-out hospital names by rule, then by reason, in first-seen order."""
    groups: dict[str, dict[str, list[str]]] = {}
    for exclusion in excluded:
        by_reason = groups.setdefault(exclusion.rule_id, {})
        by_reason.setdefault(exclusion.reason, []).append(exclusion.hospital.name)
    return groups


def _excluded_lines(recs: Recommendations, width: int) -> list[str]:
    if not recs.excluded:
        return []
    counts = Counter(exclusion.rule_id for exclusion in recs.excluded)
    order = sorted(counts, key=lambda rule_id: (-counts[rule_id], rule_id))
    total = len(recs.excluded)
    summary = ", ".join(f"{rule_id} {counts[rule_id]}" for rule_id in order)
    lines = _wrap(
        f"Left out: {total} hospital{'s' * (total != 1)} ({summary})", width, "  ", first=""
    )
    groups = _grouped(recs.excluded)
    for rule_id in order:
        for reason, names in groups[rule_id].items():
            lines += _wrap(f"{rule_id}: {reason}", width, "      ", first="  ")
            lines += _wrap("; ".join(names), width, "    ")
    return lines


def to_text(recs: Recommendations, *, width: int = WIDTH, reasons: int = TOP_REASONS) -> str:
    """The result as a table for a terminal, wrapped to ``width`` columns.

    Each ranked hospital's row is followed by its top ``reasons`` (quotes shortened, with their
    source file or URL) and its caveats; then the caveats for the whole result, what relaxing a
    constraint would bring back, the rules that applied and a compact list of left-out
    hospitals by rule. The patient's profile is never shown.
    """
    lines: list[str] = []
    if recs.message:
        lines += _wrap(recs.message, width, "")
    else:
        shown = len(recs)
        lines += _wrap(
            f"{shown} of {recs.n_eligible} eligible hospital{'s' * (recs.n_eligible != 1)}, "
            f"best first (catalog {recs.catalog_version}). {_DISCLAIMER}",
            width,
            "",
        )
        lines += ["", _header_line(width)]
        for item in recs:
            lines += _item_lines(item, width, reasons)
    if recs.caveats:
        lines += ["", "Caveats"]
        for caveat in recs.caveats:
            lines += _wrap(_shorten(caveat, 4 * QUOTE_CHARS), width, "    ", first="  - ")
    useful = [relaxation for relaxation in recs.relaxations if relaxation.hospital_ids]
    if useful:
        lines += ["", "Relaxing one constraint"]
        for relaxation in useful:
            lines += _wrap(str(relaxation), width, "    ", first="  - ")
    fired = [outcome.rule_id for outcome in recs.fired_rules]
    if fired:
        lines += ["", *_wrap("Rules that applied: " + ", ".join(fired), width, "  ", first="")]
    excluded = _excluded_lines(recs, width)
    if excluded:
        lines += ["", *excluded]
    return "\n".join(line.rstrip() for line in lines)


def recommendation_detail(item: Recommendation, n_eligible: int, *, width: int = WIDTH) -> str:
    """One ranked hospital in full: rank among the eligible, score, every contribution and quote."""
    hospital = item.hospital
    lines = _wrap(f"{hospital.name} ({hospital.city}) [{hospital.id}]", width, "  ", first="")
    tied = " (tied on score; order by hospital id)" if item.tied else ""
    lines.append(
        f"Rank {item.rank} of {n_eligible} eligible hospital{'s' * (n_eligible != 1)}, "
        f"score {item.score:.1f} of 100{tied}."
    )
    lines += ["", "Score by feature (points = 100 x value x weight / sum of weights):"]
    for part in sorted(item.contributions, key=lambda part: -part.points):
        head = f"{part.points:7.1f}  {part.label} (value {part.value:.2f}, weight {part.weight:g})"
        lines += _wrap(head, width, " " * 11, first="")
        if part.evidence is not None:
            lines += _wrap(f"\u201c{_shorten(part.evidence.quote)}\u201d", width, " " * 11)
            lines += _wrap(f"({_where(part.evidence)})", width, " " * 11)
    if item.caveats:
        lines += ["", "Caveats:"]
        for caveat in item.caveats:
            lines += _wrap(caveat, width, "    ", first="  ! ")
    return "\n".join(line.rstrip() for line in lines)


def exclusion_detail(
    exclusion: Exclusion,
    rule: RuleOutcome | None,
    relaxations: Iterable[Relaxation],
    *,
    width: int = WIDTH,
) -> str:
    """Why one hospital was left out: the rule, its reason and statement, and what would help."""
    hospital = exclusion.hospital
    lines = _wrap(f"{hospital.name} ({hospital.city}) [{hospital.id}]", width, "  ", first="")
    lines += _wrap(f"Left out by rule {exclusion.rule_id}: {exclusion.reason}.", width, "  ")
    if rule is not None:
        lines += _wrap(f"The rule: {rule.statement}", width, "  ")
        if rule.source is not None:
            lines += _wrap(f"It rests on {rule.source}", width, "  ")
    for relaxation in relaxations:
        if hospital.id in relaxation.hospital_ids:
            lines += _wrap(
                f"Relaxing {relaxation.constraint} alone would bring it back.", width, "  "
            )
    return "\n".join(line.rstrip() for line in lines)


def missing_facts_text(recs: Recommendations, *, width: int = WIDTH) -> str:
    """What to ask next, one line per unknown field, the one that would change most first."""
    facts = recs.missing_facts()
    if not facts:
        return "What to ask next: no unknown field would change this shortlist."
    lines = ["What to ask next (the answer that would change the shortlist most):"]
    for fact in facts:
        lines += _wrap(str(fact), width, "   ", first=" - ")
    return "\n".join(lines)
