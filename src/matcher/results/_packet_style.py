"""The case packet's style sheet: inline, no fonts or images fetched, and a print layout for A4."""

from __future__ import annotations

from typing import Final

#: Blocks every request the page could make (the packet loads nothing); styles are inline.
CONTENT_POLICY: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS: Final = """
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #1f2933; background: #fff; margin: 0 auto; max-width: 52rem; padding: 1.5rem;
  line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 0.3rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #2563eb; padding-bottom: 0.2rem;
  margin: 2rem 0 0.8rem; }
h3 { font-size: 1.1rem; margin: 0 0 0.2rem; }
h4 { font-size: 0.95rem; margin: 0.9rem 0 0.3rem; color: #334e68; }
.disclaimer { background: #fff7e6; border-left: 4px solid #d97706; padding: 0.4rem 0.7rem; }
.muted, .made-by { color: #52606d; font-size: 0.85rem; }
dl.profile { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.profile dt { font-weight: 600; }
dl.profile dd { margin: 0; }
article.hospital { border: 1px solid #d9e2ec; border-radius: 6px; padding: 0.9rem 1rem;
  margin: 0 0 1.2rem; }
.meta { color: #52606d; margin: 0; }
.other-name { color: #52606d; font-weight: normal; font-size: 0.9rem; }
ol.reasons, ul.caveats, ul.checklist, ul.missing { padding-left: 1.3rem; margin: 0.2rem 0; }
ol.reasons li { margin-bottom: 0.6rem; }
blockquote { margin: 0.25rem 0 0.15rem; padding: 0.2rem 0.6rem; border-left: 3px solid #9fb3c8;
  background: #f5f7fa; font-size: 0.92rem; }
p.row { margin: 0.25rem 0 0.15rem; padding: 0.2rem 0.6rem; border-left: 3px dotted #9fb3c8;
  background: #f5f7fa; font-size: 0.92rem; }
.source { color: #52606d; font-size: 0.82rem; margin: 0; overflow-wrap: anywhere; }
.caveats li { color: #8a4b08; }
dl.contact { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem;
  margin: 0; font-size: 0.92rem; }
dl.contact dt { font-weight: 600; }
dl.contact dd { margin: 0; overflow-wrap: anywhere; }
.unknown { color: #7b8794; font-style: italic; }
ul.checklist { list-style: none; padding-left: 0.2rem; }
ul.checklist li::before { content: "\\2610\\00a0"; font-size: 1.05rem; }
details { border: 1px solid #d9e2ec; border-radius: 4px; padding: 0.3rem 0.6rem;
  margin: 0.3rem 0; }
summary { cursor: pointer; }
a { color: #1d4ed8; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  article.hospital { break-inside: avoid-page; border-color: #9fb3c8; }
  blockquote, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  details { border: none; padding: 0; }
}
"""
