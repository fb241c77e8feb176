"""A result as text for a terminal: the ranked table, one hospital in full, one exclusion."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import Final

from matcher.results._i18n import (
    Lang,
    city_words,
    claim_terms,
    hospital_name,
    say,
    translate,
)
from matcher.results._missing_words import fact_lines
from matcher.results._sources import SourceRef
from matcher.results._values import (
    Exclusion,
    Reason,
    Recommendation,
    Recommendations,
    Relaxation,
)
from matcher.results._words import (
    QUOTE_CHARS,
    TOP_REASONS,
    _shorten,
    cut_quote,
    is_wide,
    pad,
    wrap_wide,
)
from matcher.rules import RuleOutcome

#: Terminal width the text table wraps to.
WIDTH: Final = 100


def _wrap(
    text: str, width: int, indent: str, *, first: str | None = None, lang: Lang = "en"
) -> list[str]:
    """Lines of at most ``width`` columns; text holding Chinese is measured by display width
    and may break between Chinese characters."""
    if is_wide(text):
        return wrap_wide(text, width, indent if first is None else first, indent)
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent if first is None else first]


def _credit(ref: SourceRef, lang: Lang) -> str:
    """Title (publisher; authority, year), with the authority in ``lang``."""
    if lang == "en":
        return ref.credit
    details = [say(f"authority.{ref.authority}", lang)] if ref.authority else []
    if ref.year is not None:
        details.append(str(ref.year))
    who = "; ".join(part for part in (ref.publisher, ", ".join(details)) if part)
    return f"{ref.title} ({who})" if who else ref.title


def _where(ref: SourceRef, lang: Lang = "en") -> str:
    credit = _credit(ref, lang)
    where = credit if ref.kind == "seed" else f"{credit}, {ref.where}"
    if ref.read is not None:
        where += ", " + say("text.read", lang, date=ref.read.isoformat())
    if ref.via:
        where += ", " + say("text.via", lang, via=ref.via)
    return where


def _quoted(ref: SourceRef, reason: str = "", lang: Lang = "en") -> str:
    """The quote in quotation marks, cut around the words of ``reason``; a dataset row in words."""
    if ref.row is not None:
        return ref.shown(lang)
    said = ref.quote
    limit = QUOTE_CHARS // 2 if is_wide(said) else QUOTE_CHARS  # a wide character is 2 columns
    return f"\u201c{cut_quote(said, claim_terms(reason), limit)}\u201d"


def _reason_lines(reason: Reason, width: int, indent: str, lang: Lang = "en") -> list[str]:
    points = say("text.points", lang, points=f"{reason.points:.1f}")
    text = translate(reason.text, lang) + (" " if lang == "en" else "") + points
    lines = _wrap(text, width, indent + "  ", first=indent + "+ ", lang=lang)
    if reason.source is not None:
        lines += _wrap(_quoted(reason.source, reason.text, lang), width, indent + "  ", lang=lang)
        lines += _wrap(f"({_where(reason.source, lang)})", width, indent + "  ", lang=lang)
    return lines


def _item_lines(item: Recommendation, width: int, reasons: int, lang: Lang = "en") -> list[str]:
    score = f"{item.score:5.1f}"
    city_width = 16
    name_width = max(20, width - 6 - city_width - len(score) - 2)
    name = hospital_name(item.hospital, lang)
    names = _wrap(name, name_width, "")
    city = city_words(item.hospital.city, lang)
    row = f"{item.rank:>4}  {pad(names[0], name_width)} {pad(city, city_width)} {score}"
    lines = [row.rstrip()]
    lines += [f"      {name}" for name in names[1:]]
    indent = " " * 6
    if item.tied:
        lines.append(f"{indent}{say('text.tied', lang)}")
    for reason in item.reasons[:reasons]:
        lines += _reason_lines(reason, width, indent, lang)
    hidden = len(item.reasons) - reasons
    if hidden > 0:
        lines.append(f"{indent}  {say('text.more_reasons', lang, count=hidden)}")
    for caveat in item.caveats:
        lines += _wrap(
            translate(caveat, lang), width, indent + "  ", first=indent + "! ", lang=lang
        )
    return lines


def _header_line(width: int, lang: Lang = "en") -> str:
    city_width = 16
    name_width = max(20, width - 6 - city_width - 5 - 2)
    hospital = f"{say('text.hospital', lang):<{name_width}}"
    return say(
        "text.header", lang, hospital=hospital, city=f"{say('text.city', lang):<{city_width}}"
    )


def _grouped(excluded: Iterable[Exclusion]) -> dict[str, dict[str, list[str]]]:
    """Left-out hospital names by rule, then by reason, in first-seen order."""
    groups: dict[str, dict[str, list[str]]] = {}
    for exclusion in excluded:
        by_reason = groups.setdefault(exclusion.rule_id, {})
        by_reason.setdefault(exclusion.reason, []).append(exclusion.hospital.name)
    return groups


def _folded_lines(recs: Recommendations, width: int, lang: Lang) -> list[str]:
    """One line per reason, with how many hospitals it left out, most first."""
    counts = Counter((exclusion.rule_id, exclusion.reason) for exclusion in recs.excluded)
    head = say("text.left_out", lang, count=len(recs.excluded))
    if lang == "en" and len(recs.excluded) == 1:
        head = head.replace("hospitals", "hospital", 1)
    lines = _wrap(head, width, "  ", first="")
    for (rule_id, reason), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        text = say("text.left_out_count", lang, count=count, reason=translate(reason, lang))
        text += f" [{rule_id}]" if lang == "en" else ""
        lines += _wrap(text, width, "      ", first="  ", lang=lang)
    return lines


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


def to_text(
    recs: Recommendations,
    *,
    width: int = WIDTH,
    reasons: int = TOP_REASONS,
    lang: Lang = "en",
    show_excluded: bool = False,
    all_reasons: bool = False,
) -> str:
    """The result as a table for a terminal, wrapped to ``width`` columns.

    Each ranked hospital's row is followed by its top ``reasons`` (every one with
    ``all_reasons``), each quote cut around the words that carry its claim, with the source's
    title and publisher, and its caveats; then the caveats for the whole result, what relaxing
    a constraint would bring back, the rules that applied and the left-out hospitals: one line
    per reason with a count, or every hospital by rule with ``show_excluded``. ``lang`` "zh"
    writes matcher's words in Chinese (quotes stay as their sources wrote them). The patient's
    profile is never shown.
    """
    if all_reasons:
        reasons = max((len(item.reasons) for item in recs), default=0)
    lines: list[str] = []
    if recs.message:
        lines += _wrap(recs.message if lang == "en" else say("packet.empty", lang), width, "")
    else:
        summary = say(
            "text.summary",
            lang,
            shown=len(recs),
            eligible=recs.n_eligible,
            catalog=recs.catalog_version,
        )
        if lang == "en" and recs.n_eligible == 1:
            summary = summary.replace("eligible hospitals", "eligible hospital", 1)
        lines += _wrap(summary, width, "", lang=lang)
        lines += ["", _header_line(width, lang)]
        for item in recs:
            lines += _item_lines(item, width, reasons, lang)
    if recs.caveats:
        lines += ["", say("text.caveats", lang)]
        for caveat in recs.caveats:
            text = _shorten(translate(caveat, lang), 4 * QUOTE_CHARS)
            lines += _wrap(text, width, "    ", first="  - ", lang=lang)
    useful = [relaxation for relaxation in recs.relaxations if relaxation.hospital_ids]
    if useful:
        lines += ["", say("text.relaxing", lang)]
        for relaxation in useful:
            lines += _wrap(_relaxation(relaxation, lang), width, "    ", first="  - ", lang=lang)
    fired = [outcome.rule_id for outcome in recs.fired_rules]
    if fired:
        text = say("text.rules", lang, rules=", ".join(fired))
        lines += ["", *_wrap(text, width, "  ", first="")]
    if recs.n_excluded:
        excluded = (
            _excluded_lines(recs, width)
            if show_excluded and lang == "en"
            else _folded_lines(recs, width, lang)
        )
        if show_excluded and lang == "zh":
            excluded = _excluded_zh(recs, width)
        lines += ["", *excluded]
    return "\n".join(line.rstrip() for line in lines)


def _relaxation(relaxation: Relaxation, lang: Lang) -> str:
    if lang == "en":
        return str(relaxation)
    count = len(relaxation.hospital_ids)
    constraint = say(f"constraint.{relaxation.rule_id}", lang)
    text = say("relax.many", lang, constraint=constraint, count=count)
    return say("relax.best", lang, text=text, best=relaxation.best) if relaxation.best else text


def _excluded_zh(recs: Recommendations, width: int) -> list[str]:
    lines = _wrap(say("text.left_out_all", "zh", count=len(recs.excluded)), width, "  ", first="")
    groups: dict[str, list[str]] = {}
    for exclusion in recs.excluded:
        groups.setdefault(exclusion.reason, []).append(hospital_name(exclusion.hospital, "zh"))
    for reason, names in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        head = say("text.left_out_count", "zh", count=len(names), reason=translate(reason, "zh"))
        lines += _wrap(head, width, "      ", first="  ", lang="zh")
        lines += _wrap("\uff1b".join(names), width, "    ", lang="zh")
    return lines


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
            said = part.evidence
            shown = said.shown() if said.row else f"\u201c{_shorten(said.quote)}\u201d"
            lines += _wrap(shown, width, " " * 11)
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


def missing_facts_text(recs: Recommendations, *, lang: Lang = "en", width: int = WIDTH) -> str:
    """What to ask next, one line per unknown field, the one that would change most first."""
    facts = recs.missing_facts()
    if not facts:
        return say("missing.none", lang)
    lines = [say("missing.heading", lang)]
    for line in fact_lines(facts, lang):
        lines += _wrap(line, width, "   ", first=" - ")
    return "\n".join(lines)
