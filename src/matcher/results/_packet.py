"""The case packet: one self-contained HTML page to hand to a family or send to a hospital.

The page holds the profile as given (the one place matcher ever writes a profile, because the
person asked for the packet), the shortlist with reasons, quotes and sources, each hospital's
website and contacts, what to confirm with each, the facts still missing, and the hospitals left
out, grouped by reason and folded. Every word matcher writes comes from the message catalogue in
the language asked for; quotes stay in their source's language. The page loads nothing: its
style is inline and its content policy blocks every request.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from matcher.results._i18n import (
    Lang,
    catalogue,
    city_words,
    hospital_name,
    is_chinese,
    say,
    translate,
)
from matcher.results._packet_facts import missing_lines, profile_rows
from matcher.results._packet_style import CONTENT_POLICY, CSS
from matcher.results._sources import SourceRef
from matcher.results._values import Exclusion, Recommendation, Recommendations

_e = html.escape
CHECKLIST = ("check.therapy", "check.cost", "check.waiting", "check.insurance", "check.visa",
             "check.records")  # fmt: skip


def _in(text: str) -> str:
    """Text whose language is its own (a quote, a title, a name): escaped and marked."""
    return f'<span lang="{"zh" if is_chinese(text) else "en"}" translate="no">{_e(text)}</span>'


#: Where a Chinese caveat hands over to words kept in English (a treatment and its source).
IN_ENGLISH_FROM: Final = "疗法与出处（英文）："  # noqa: RUF001  (Chinese punctuation)


def _caveat(text: str, lang: Lang) -> str:
    """A caveat in ``lang``; the treatment and source it names stay in English, marked so."""
    said = translate(text, lang)
    if lang == "zh" and said == text:
        return _in(text)
    head, mark, tail = said.partition(IN_ENGLISH_FROM)
    return _e(head) + (_e(mark) + _in(tail) if mark else "")


def _section(ident: str, heading: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{_e(heading)}</h2>{body}</section>'


def _link(url: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>'
    return _in(url)


def _source(ref: SourceRef, lang: Lang) -> str:
    """The quote and where it comes from: title, publisher, authority, year, the date read."""
    if ref.row is not None:  # a dataset row in matcher's words; the ranking keeps its own name
        words = ref.shown(lang)
        head, tail = ("", words)
        if words.startswith(ref.row.ranking):
            head, tail = _in(ref.row.ranking), words[len(ref.row.ranking) :]
        quote = f'<p class="row">{head}{_e(tail)}</p>'
    else:
        said = "zh" if is_chinese(ref.quote) else "en"
        quote = f'<blockquote lang="{said}">{_e(ref.quote)}</blockquote>'
    parts = [f"{_e(say('packet.source', lang))}: {_in(ref.title)}"]
    if ref.publisher:
        parts.append(f"{_e(say('packet.publisher', lang))}: {_in(ref.publisher)}")
    if ref.authority:
        key = f"authority.{ref.authority}"
        parts.append(f"{_e(say('packet.authority', lang))}: {_e(say(key, lang))}")
    if ref.year is not None:
        parts.append(f"{_e(say('packet.year', lang))}: {ref.year}")
    if ref.kind == "seed":
        parts.append(_e(say("packet.seed", lang)))
    else:
        parts.append(_link(ref.where))
    if ref.read is not None:
        parts.append(f"{_e(say('packet.read', lang))}: {ref.read.isoformat()}")
    return quote + f'<p class="source">{" · ".join(parts)}</p>'


def _contacts(item: Recommendation, lang: Lang) -> str:
    hospital = item.hospital
    unknown = f'<span class="unknown">{_e(say("packet.not_found", lang))}</span>'
    rows = [(say("packet.website", lang), _link(hospital.website) if hospital.website else unknown)]
    international = [c for c in hospital.contacts if c.kind == "international_department"]
    others = [c for c in hospital.contacts if c.kind != "international_department"]
    rows += [(say("packet.contact", lang), _in(c.value)) for c in others] or [
        (say("packet.contact", lang), unknown)
    ]
    rows += [(say("packet.international_department", lang), _in(c.value)) for c in international]
    if not international:
        rows.append((say("packet.international_department", lang), unknown))
    body = "".join(f"<dt>{_e(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="contact">{body}</dl>'


def _hospital(item: Recommendation, lang: Lang, reasons: int | None) -> str:
    hospital = item.hospital
    name = hospital_name(hospital, lang)
    other = hospital.name if name != hospital.name else (hospital.name_zh or "")
    head = f"{_e(say('packet.rank', lang, rank=item.rank))} · {_in(name)}"
    if other:
        head += f' <span class="other-name">{_in(other)}</span>'
    meta = [
        _e(city_words(hospital.city, lang)),
        _e(say("packet.score", lang, score=f"{item.score:.1f}")),
    ]
    if item.tied:
        meta.append(_e(say("packet.tied", lang)))
    shown = item.reasons if reasons is None else item.reasons[:reasons]
    entries = []
    for reason in shown:
        points = say("packet.points", lang, points=f"{reason.points:.1f}")
        brackets = ("\uff08", "\uff09") if lang == "zh" else (" (", ")")
        points = brackets[0] + points + brackets[1]
        text = f"{_e(translate(reason.text, lang))}<small>{_e(points)}</small>"
        if reason.source is not None:
            text += _source(reason.source, lang)
        entries.append(f"<li>{text}</li>")
    body = [
        f'<h3>{head}</h3><p class="meta">{" · ".join(meta)}</p>',
        f"<h4>{_e(say('packet.reasons', lang))}</h4><ol class='reasons'>{''.join(entries)}</ol>",
    ]
    if item.caveats:
        caveats = "".join(f"<li>{_caveat(c, lang)}</li>" for c in item.caveats)
        body.append(f"<h4>{_e(say('packet.caveats', lang))}</h4><ul class='caveats'>{caveats}</ul>")
    body.append(f"<h4>{_e(say('packet.contact', lang))}</h4>{_contacts(item, lang)}")
    checks = "".join(f"<li>{_e(say(key, lang))}</li>" for key in CHECKLIST)
    body.append(f"<h4>{_e(say('packet.checklist', lang))}</h4><ul class='checklist'>{checks}</ul>")
    return f'<article class="hospital" id="hospital-{_e(hospital.id)}">{"".join(body)}</article>'


def missing_section(facts: Sequence[str], lang: Lang) -> str:
    """The "missing facts to find out" section from a plain list of facts already in ``lang``.

    Fed by :func:`matcher.results._packet_facts.missing_lines`.
    """
    if not facts:
        body = f"<p>{_e(say('packet.missing_none', lang))}</p>"
    else:
        items = "".join(f"<li>{_e(fact)}</li>" for fact in facts)
        body = f"<p>{_e(say('packet.missing_intro', lang))}</p><ul class='missing'>{items}</ul>"
    return _section("missing", say("packet.missing", lang), body)


def _left_out(excluded: Sequence[Exclusion], lang: Lang) -> str:
    groups: dict[tuple[str, str], list[Exclusion]] = {}
    for exclusion in excluded:
        groups.setdefault((exclusion.rule_id, exclusion.reason), []).append(exclusion)
    parts = [f"<p>{_e(say('packet.left_out_intro', lang, count=len(excluded)))}</p>"]
    for (rule_id, reason), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        summary = say(
            "packet.left_out_group", lang, reason=translate(reason, lang), count=len(members)
        )
        names = "".join(
            f"<li>{_in(hospital_name(x.hospital, lang))} · "
            f"{_e(city_words(x.hospital.city, lang))}</li>"
            for x in members
        )
        parts.append(
            f'<details data-rule="{_e(rule_id)}"><summary>{_e(summary)}</summary>'
            f"<ul>{names}</ul></details>"
        )
    return _section("left-out", say("packet.left_out", lang), "".join(parts))


def _whole_result(recs: Recommendations, lang: Lang) -> str:
    entries = [f"<li>{_caveat(c, lang)}</li>" for c in recs.caveats]
    names = {x.hospital.id: x.hospital for x in recs.excluded}
    for relaxation in recs.relaxations:
        if not relaxation.hospital_ids:
            continue
        count = len(relaxation.hospital_ids)
        key = f"constraint.{relaxation.rule_id}"
        constraint = say(key, lang) if key in catalogue() else relaxation.constraint
        text = say(
            "relax.one" if count == 1 else "relax.many", lang, constraint=constraint, count=count
        )
        best = names.get(relaxation.hospital_ids[0])
        if best is not None:
            text = say("relax.best", lang, text=text, best=hospital_name(best, lang))
        entries.append(f"<li>{_e(text)}</li>")
    if not entries:
        return ""
    return _section(
        "whole-result", say("packet.general_caveats", lang), f"<ul>{''.join(entries)}</ul>"
    )


def to_packet(recs: Recommendations, lang: Lang = "en", *, reasons: int | None = None) -> str:
    """The case packet as one HTML document in ``lang`` ("en" or "zh")."""
    profile = profile_rows(recs, lang)
    if profile:
        rows = "".join(f"<dt>{_e(label)}</dt><dd>{value}</dd>" for label, value in profile)
        note = _e(say("packet.profile_note", lang))
        profile_body = f"<p class='muted'>{note}</p><dl class='profile'>{rows}</dl>"
    else:
        profile_body = f"<p>{_e(say('packet.profile_missing', lang))}</p>"
    if len(recs):
        intro = say("packet.shortlist_intro", lang, shown=len(recs), eligible=recs.n_eligible)
        shortlist = f"<p>{_e(intro)}</p>" + "".join(_hospital(i, lang, reasons) for i in recs)
    else:
        shortlist = f"<p><strong>{_e(say('packet.empty', lang))}</strong></p>"
    fired = "".join(f"<li>{_e(translate(o.statement, lang))}</li>" for o in recs.fired_rules)
    rules = (
        f"<details><summary>{_e(say('packet.rules', lang))} ({len(recs.fired_rules)})</summary>"
        f"<ul>{fired}</ul></details>"
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-Hans" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(say('packet.title', lang))}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{_e(say('packet.title', lang))}</h1>",
        f"<p class='disclaimer'>{_e(say('packet.disclaimer', lang))}</p>",
        f"<p class='made-by'>{_e(_made_by(recs, lang))}</p></header>",
        _section("profile", say("packet.profile", lang), profile_body),
        _section("shortlist", say("packet.shortlist", lang), shortlist),
        missing_section(missing_lines(recs, lang), lang),
        _whole_result(recs, lang),
        _left_out(recs.excluded, lang) if recs.n_excluded else "",
        _section(
            "rules",
            say("packet.rules", lang),
            rules,
        )
        if fired
        else "",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _made_by(recs: Recommendations, lang: Lang) -> str:
    from matcher.common._version import __version__

    return say("packet.made_by", lang, version=__version__, catalog=recs.catalog_version)


def write_packet(recs: Recommendations, path: str | Path, lang: Lang = "en") -> Path:
    """Write the case packet to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(to_packet(recs, lang), encoding="utf-8", newline="\n")
    return target
