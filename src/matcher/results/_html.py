"""A result as HTML for notebooks, with every text from the result or catalog escaped."""

from __future__ import annotations

import html

from matcher.results._sources import SourceRef
from matcher.results._values import Recommendation, Recommendations
from matcher.results._words import _DISCLAIMER, TOP_REASONS, _shorten

_e = html.escape


def _link(where: str) -> str:
    """A source location: a link for http(s) URLs, plain escaped text for anything else."""
    if where.startswith(("https://", "http://")):
        return f'<a href="{_e(where)}" target="_blank" rel="noopener noreferrer">{_e(where)}</a>'
    return f"<code>{_e(where)}</code>"


def _source_html(ref: SourceRef) -> str:
    extra = ""
    said = _e(ref.shown()) if ref.row else f"<q>{_e(_shorten(ref.quote))}</q>"
    if ref.kind == "seed":
        return f"{said} <small>({_e(ref.credit)})</small>"
    if ref.read is not None:
        extra += f", read {_e(ref.read.isoformat())}"
    if ref.via:
        extra += f", via {_e(ref.via)}"
    credit = _e(ref.credit)
    return f"{said} <small>({credit}, {_link(ref.where)}{extra})</small>"


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


def to_html(
    recs: Recommendations, *, reasons: int = TOP_REASONS, missing_facts: bool = False
) -> str:
    """The result as HTML for notebooks; every text from the result or catalog is escaped.

    A table of the ranked hospitals (score with a small bar, top reasons with quotes and source
    links, caveats), then collapsible sections for left-out hospitals and the rules that applied.
    Only ``http(s)`` sources become links. ``missing_facts`` adds what to ask next (it
    re-runs the query per answer).
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
    if missing_facts:
        parts.append(missing_facts_html(recs))
    parts.append("</div>")
    return "".join(parts)


def missing_facts_html(recs: Recommendations) -> str:
    """What to ask next as an HTML list (every text escaped)."""
    facts = recs.missing_facts()
    if not facts:
        return "<p>What to ask next: no unknown field would change this shortlist.</p>"
    return "<p>What to ask next:</p>" + _list([_e(str(fact)) for fact in facts])
