"""Results people can read and save: a terminal table, notebook HTML, JSON and a data frame.

Every renderer reads the fields of a :class:`~matcher.Recommendations` and nothing else; none of
them shows the patient's profile (``to_dict(include_profile=True)`` is the one way to add it).

The dictionary (and JSON) structure, schema version 1::

    {
      "kind": "matcher.recommendations", "schema_version": 1,
      "matcher_version": "0.1.0", "catalog_version": "...",
      "top_k": 5, "n_eligible": 12, "message": "",      # message explains an empty result
      "items": [                                        # ranked, best first
        {"rank": 1, "tied": false, "score": 66.3,
         "hospital": {"id", "name", "name_zh", "city", "province", "kind", "evidence"},
         "contributions": [{"feature", "label", "value", "weight", "points",
                            "evidence": SOURCE or null}, ...],
         "reasons": [{"text", "points", "source": SOURCE or null}, ...],
         "caveats": ["..."], "sources": [SOURCE, ...], "rules": ["rule id", ...]}
      ],
      "excluded": [{"hospital": {"id", "name", "city"}, "rule": "...", "reason": "..."}],
      "rules": [{"id", "outcome": "met" | "not_met" | "unknown", "statement",
                 "source": {"where", "quote"} or null}],
      "caveats": ["..."],
      "relaxations": [{"rule", "constraint", "hospital_ids": [...], "best": name or null}],
      "weights": {"<feature>": weight, ...},
      "profile": {...}                                  # only with include_profile=True
    }

    SOURCE = {"id", "kind", "title", "where", "quote", "read": "YYYY-MM-DD" or null, "via"}

Keys appear in this order; the same result always gives the same text.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from matcher.catalog._schema import Hospital
from matcher.common._version import __version__
from matcher.results._values import (
    Contribution,
    Exclusion,
    Reason,
    Recommendation,
    Recommendations,
    Relaxation,
    SourceRef,
)
from matcher.rules import RuleOutcome
from matcher.scoring import FEATURE_NAMES

if TYPE_CHECKING:
    import pandas as pd

#: The ``kind`` and ``schema_version`` header of :func:`to_dict` output.
RESULT_KIND: Final = "matcher.recommendations"
RESULT_SCHEMA_VERSION: Final = 1

#: Terminal width the text table wraps to.
WIDTH: Final = 100
#: Reasons shown per hospital in the text table and HTML (the JSON keeps every one).
TOP_REASONS: Final = 3
#: Quotes are shortened to this many characters in the text table and HTML.
QUOTE_CHARS: Final = 160
_DISCLAIMER: Final = "Decision support, not medical advice: confirm with the hospital."


# --- dictionary and JSON ---------------------------------------------------------------------


def _source(ref: SourceRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "id": ref.id,
        "kind": ref.kind,
        "title": ref.title,
        "where": ref.where,
        "quote": ref.quote,
        "read": None if ref.read is None else ref.read.isoformat(),
        "via": ref.via,
    }


def _hospital(hospital: Hospital, *, full: bool) -> dict[str, Any]:
    short = {"id": hospital.id, "name": hospital.name, "city": hospital.city}
    if not full:
        return short
    return {
        **short,
        "name_zh": hospital.name_zh,
        "province": hospital.province,
        "kind": hospital.kind,
        "evidence": hospital.evidence,
    }


def _contribution(part: Contribution) -> dict[str, Any]:
    return {
        "feature": part.feature,
        "label": part.label,
        "value": part.value,
        "weight": part.weight,
        "points": part.points,
        "evidence": _source(part.evidence),
    }


def _reason(reason: Reason) -> dict[str, Any]:
    return {"text": reason.text, "points": reason.points, "source": _source(reason.source)}


def item_dict(item: Recommendation) -> dict[str, Any]:
    """One ranked hospital as a JSON-ready dictionary (the ``items`` entries of :func:`to_dict`)."""
    return {
        "rank": item.rank,
        "tied": item.tied,
        "score": item.score,
        "hospital": _hospital(item.hospital, full=True),
        "contributions": [_contribution(part) for part in item.contributions],
        "reasons": [_reason(reason) for reason in item.reasons],
        "caveats": list(item.caveats),
        "sources": [_source(ref) for ref in item.sources],
        "rules": list(item.rules),
    }


def exclusion_dict(exclusion: Exclusion) -> dict[str, Any]:
    """One left-out hospital as a JSON-ready dictionary (the ``excluded`` entries)."""
    return {
        "hospital": _hospital(exclusion.hospital, full=False),
        "rule": exclusion.rule_id,
        "reason": exclusion.reason,
    }


def _rule(outcome: RuleOutcome) -> dict[str, Any]:
    source = outcome.source
    return {
        "id": outcome.rule_id,
        "outcome": outcome.outcome,
        "statement": outcome.statement,
        "source": None if source is None else {"where": source.where, "quote": source.quote},
    }


def _relaxation(relaxation: Relaxation) -> dict[str, Any]:
    return {
        "rule": relaxation.rule_id,
        "constraint": relaxation.constraint,
        "hospital_ids": list(relaxation.hospital_ids),
        "best": relaxation.best,
    }


def to_dict(recs: Recommendations, *, include_profile: bool = False) -> dict[str, Any]:
    """The whole result as plain, JSON-ready data (the structure in this module's docstring).

    Parameters
    ----------
    recs
        The result to export.
    include_profile
        Add the patient profile under ``"profile"`` (left out by default, for privacy).

    Raises
    ------
    ValueError
        When ``include_profile`` is asked for but the result does not carry its inputs.
    """
    data: dict[str, Any] = {
        "kind": RESULT_KIND,
        "schema_version": RESULT_SCHEMA_VERSION,
        "matcher_version": __version__,
        "catalog_version": recs.catalog_version,
        "top_k": recs.top_k,
        "n_eligible": recs.n_eligible,
        "message": recs.message,
        "items": [item_dict(item) for item in recs],
        "excluded": [exclusion_dict(exclusion) for exclusion in recs.excluded],
        "rules": [_rule(outcome) for outcome in recs.rules],
        "caveats": list(recs.caveats),
        "relaxations": [_relaxation(relaxation) for relaxation in recs.relaxations],
        "weights": {feature: float(weight) for feature, weight in recs.weights.items()},
    }
    if include_profile:
        if recs.query is None:
            raise ValueError("this result does not carry the profile it was computed from")
        data["profile"] = recs.query.patient.model_dump(mode="json")
    return data


def to_json(recs: Recommendations, *, indent: int | None = 2, include_profile: bool = False) -> str:
    """:func:`to_dict` as JSON text (UTF-8 characters kept; the same result, the same text)."""
    return json.dumps(
        to_dict(recs, include_profile=include_profile),
        indent=indent,
        ensure_ascii=False,
        allow_nan=False,
    )


# --- data frame ------------------------------------------------------------------------------


def to_frame(recs: Recommendations) -> pd.DataFrame:
    """One row per recommendation: rank, hospital_id, name, city, score, points per feature.

    Each feature column holds the points that feature added to the score (0 where it added
    none), so the feature columns of a row sum to its score.

    Raises
    ------
    ImportError
        When pandas is not installed (``pip install "matcher[frame]"``).
    """
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError(
            "Recommendations.to_frame() needs pandas; install the frame extra: "
            'pip install "matcher[frame]"'
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


# --- text ------------------------------------------------------------------------------------


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    return textwrap.shorten(text, width=limit, placeholder=" \u2026")


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
    where = ref.where
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


# --- HTML ------------------------------------------------------------------------------------

_e = html.escape


def _link(where: str) -> str:
    """A source location: a link for http(s) URLs, plain escaped text for anything else."""
    if where.startswith(("https://", "http://")):
        return f'<a href="{_e(where)}" target="_blank" rel="noopener noreferrer">{_e(where)}</a>'
    return f"<code>{_e(where)}</code>"


def _source_html(ref: SourceRef) -> str:
    extra = ""
    if ref.read is not None:
        extra += f", read {_e(ref.read.isoformat())}"
    if ref.via:
        extra += f", via {_e(ref.via)}"
    return f"<q>{_e(_shorten(ref.quote))}</q> <small>({_link(ref.where)}{extra})</small>"


def _bar(score: float) -> str:
    percent = min(100.0, max(0.0, score))
    return (
        '<span style="display:inline-block;width:60px;height:0.6em;background:#e5e7eb;'
        'vertical-align:middle" aria-hidden="true"><span style="display:block;height:100%;'
        f'width:{percent:.1f}%;background:#2563eb"></span></span>'
    )


def _list(entries: list[str]) -> str:
    if not entries:
        return ""
    return (
        "<ul style='margin:0;padding-left:1.2em'>"
        + "".join(f"<li>{e}</li>" for e in entries)
        + "</ul>"
    )


def _item_html(item: Recommendation, reasons: int) -> str:
    hospital = item.hospital
    name = f"<strong>{_e(hospital.name)}</strong>"
    if hospital.name_zh:
        name += f"<br><small>{_e(hospital.name_zh)}</small>"
    shown = []
    for reason in item.reasons[:reasons]:
        text = f"{_e(reason.text)} <small>({reason.points:.1f} points)</small>"
        if reason.source is not None:
            text += f"<br>{_source_html(reason.source)}"
        shown.append(text)
    hidden = len(item.reasons) - reasons
    if hidden > 0:
        shown.append(f"<small>and {hidden} more</small>")
    tied = " <small>(tied)</small>" if item.tied else ""
    return (
        f"<tr><td>{item.rank}</td><td>{name}</td><td>{_e(hospital.city)}</td>"
        f'<td style="white-space:nowrap">{item.score:.1f}{tied} {_bar(item.score)}</td>'
        f"<td>{_list(shown)}</td><td>{_list([_e(c) for c in item.caveats])}</td></tr>"
    )


def to_html(recs: Recommendations, *, reasons: int = TOP_REASONS) -> str:
    """The result as HTML for notebooks; every text from the result or catalog is escaped.

    A table of the ranked hospitals (score with a small bar, top reasons with quotes and source
    links, caveats), then collapsible sections for left-out hospitals and the rules that applied.
    Only ``http(s)`` sources become links.
    """
    parts = ['<div class="matcher-recommendations">']
    if recs.message:
        parts.append(f"<p><strong>{_e(recs.message)}</strong></p>")
    else:
        parts.append(
            f"<p>{len(recs)} of {recs.n_eligible} eligible hospitals, best first "
            f"(catalog {_e(recs.catalog_version)}). <em>{_e(_DISCLAIMER)}</em></p>"
        )
        parts.append(
            "<table><thead><tr><th>Rank</th><th>Hospital</th><th>City</th><th>Score</th>"
            "<th>Reasons</th><th>Caveats</th></tr></thead><tbody>"
        )
        parts += [_item_html(item, reasons) for item in recs]
        parts.append("</tbody></table>")
    if recs.caveats:
        parts.append("<p>Caveats:</p>" + _list([_e(caveat) for caveat in recs.caveats]))
    useful = [relaxation for relaxation in recs.relaxations if relaxation.hospital_ids]
    if useful:
        parts.append("<p>Relaxing one constraint:</p>" + _list([_e(str(r)) for r in useful]))
    if recs.excluded:
        rows = "".join(
            f"<tr><td>{_e(x.hospital.name)}</td><td>{_e(x.hospital.city)}</td>"
            f"<td><code>{_e(x.rule_id)}</code></td><td>{_e(x.reason)}</td></tr>"
            for x in recs.excluded
        )
        parts.append(
            f"<details><summary>Left out ({len(recs.excluded)})</summary><table><thead><tr>"
            "<th>Hospital</th><th>City</th><th>Rule</th><th>Reason</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></details>"
        )
    fired = recs.fired_rules
    if fired:
        entries = [f"<code>{_e(o.rule_id)}</code>: {_e(o.statement)}" for o in fired]
        parts.append(
            f"<details><summary>Rules that applied ({len(fired)} of {len(recs.rules)})"
            f"</summary>{_list(entries)}</details>"
        )
    parts.append("</div>")
    return "".join(parts)
