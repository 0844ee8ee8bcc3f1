"""Three views of one :class:`~clinicite.compose.answer.Answer`: JSON, Markdown and HTML.

HTML escapes every piece of text, including document titles and quotes: no
markup from a source is ever emitted. Citation numbers link to their
reference; each reference shows its grade and, on hover, the quoted span.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from clinicite.compose.answer import Answer, Citation, Reference, format_probability

FORMATS = ("json", "md", "html")


def render(answer: Answer, format: str = "md") -> str:
    if format == "json":
        return to_json(answer)
    if format in ("md", "markdown"):
        return to_markdown(answer)
    if format == "html":
        return to_html(answer)
    raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


def to_json(answer: Answer) -> str:
    return json.dumps(answer.to_dict(), ensure_ascii=False, indent=2)


def _numbers(citations: list[Citation]) -> list[int]:
    return sorted(dict.fromkeys(c.n for c in citations))


def _md_cites(citations: list[Citation]) -> str:
    numbers = _numbers(citations)
    return (" " + "".join(f"[{n}]" for n in numbers)) if numbers else ""


def _md_escape(text: str) -> str:
    """Neutralise Markdown and HTML control characters in document text."""
    return (text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "\\[").replace("]", "\\]").replace("*", "\\*").replace("_", "\\_")
            .replace("`", "\\`").replace("|", "\\|"))


def authorship_label(answer: Answer) -> str:
    """Which composer wrote the answer, in one sentence a reader sees above the sections."""
    return label_for(answer.composer, answer.authorship)


def label_for(composer: str | None, authorship: dict | None) -> str:
    """:func:`authorship_label` from an answer's JSON fields (the web templates use this)."""
    written = authorship if isinstance(authorship, dict) else {}
    if composer == "language-model":
        removed = len(written.get("dropped") or [])
        model = written.get("model") or "unnamed model"
        checked = (f"; {removed} statement{'s' if removed != 1 else ''} that the sources did not support "
                   f"{'were' if removed != 1 else 'was'} removed" if removed else
                   "; every statement was checked against the source it cites")
        return f"Written by a language model ({model}) from the cited sources{checked}."
    return "Composed extractively: each statement is quoted from the source it cites."


def removed_statements(answer: Answer) -> list[dict]:
    """The language model's statements that were checked and left out, with why."""
    return [d for d in (answer.authorship or {}).get("dropped") or [] if isinstance(d, dict)]


def to_markdown(answer: Answer) -> str:
    lines = [f"# {_md_escape(answer.title)}", ""]
    for flag in answer.red_flags:
        lines += [f"> **Urgent:** {_md_escape(flag)}", ""]
    lines += [f"**Bottom line:** {_md_escape(answer.bottom_line)}{_md_cites(answer.bottom_line_citations)}", ""]
    lines += [f"*{_md_escape(authorship_label(answer))}*", ""]
    for notice in answer.notices:
        lines += [f"> Note: {_md_escape(notice)}", ""]
    for section in answer.sections:
        lines += [f"## {_md_escape(section.heading)}", ""]
        if section.intro:
            lines += [_md_escape(section.intro), ""]
        if section.key == "differential" and answer.differential:
            lines += _markdown_differential(answer) + [""]
        for bullet in section.bullets:
            flag = " *(partly supported)*" if bullet.flagged else ""
            lines.append(f"- {_md_escape(bullet.text)}{_md_cites(bullet.citations)}{flag}")
        lines.append("")
    if answer.differential and not any(s.key == "differential" for s in answer.sections):
        lines += ["## Differential diagnosis", ""] + _markdown_differential(answer) + [""]
    if removed_statements(answer):
        lines += ["## Statements removed by the checker", "",
                  "*Written by the language model, not supported by the sources they cited, not part of the "
                  "answer:*", ""]
        lines += [f"- ~~{_md_escape(d.get('text') or '')}~~ ({_md_escape(d.get('detail') or d.get('reason') or '')})"
                  for d in removed_statements(answer)] + [""]
    if answer.references:
        lines += ["## References", ""]
        lines += [f"{ref.n}. {_markdown_reference(ref)}" for ref in answer.references]
        lines.append("")
    lines += [f"*{_md_escape(answer.disclaimer)}*", ""]
    return "\n".join(lines)


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _markdown_reference(ref: Reference) -> str:
    """"Doe J, Roe R, et al. Title. *Journal*. 2019. PMID: [123](link). doi: [10.1/x](link). Evidence: *RCT*."."""
    parts = ref.parts()
    text = " ".join(_sentence(_md_escape(parts[key])) if key != "journal" else f"*{_md_escape(parts[key])}*."
                    for key in ("authors", "title", "journal", "year") if key in parts)
    if "pmid" in parts:
        text += f" PMID: [{parts['pmid']}](https://pubmed.ncbi.nlm.nih.gov/{parts['pmid']}/)."
    if "doi" in parts:
        text += f" doi: [{_md_escape(parts['doi'])}](https://doi.org/{quote(parts['doi'], safe='/:;.-')})."
    url = _safe_url(ref.url)
    if url and not any(key in parts for key in ("pmid", "doi")):
        text += f" <{url}>"
    return text + f" Evidence: *{_md_escape(ref.grade)}*."


def _html_reference(ref: Reference) -> str:
    parts = ref.parts()
    pieces = []
    for key in ("authors", "title", "journal", "year"):
        if key not in parts:
            continue
        text = escape(_sentence(parts[key]))
        if key == "title" and _safe_url(ref.url):
            text = f'<a href="{escape(ref.url, quote=True)}" rel="noopener nofollow">{escape(parts[key])}</a>' + \
                ("" if parts[key].endswith(("?", "!")) else ".")
        elif key == "journal":
            text = f"<i>{escape(parts[key])}</i>."
        pieces.append(f'<span class="{key}">{text}</span>')
    if "pmid" in parts:
        pieces.append(f'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/{escape(parts["pmid"], quote=True)}/" '
                      f'rel="noopener nofollow">{escape(parts["pmid"])}</a>.')
    if "doi" in parts:
        pieces.append(f'doi: <a href="https://doi.org/{escape(parts["doi"], quote=True)}" '
                      f'rel="noopener nofollow">{escape(parts["doi"])}</a>.')
    return " ".join(pieces)


def _markdown_differential(answer: Answer) -> list[str]:
    rows = ["| Diagnosis | Probability | For | Against | Sources |", "|---|---|---|---|---|"]
    for row in answer.differential:
        probability = format_probability(row.probability)
        rows.append(f"| {_md_escape(row.name)} | {probability} | {_md_escape(', '.join(row.for_))} | "
                    f"{_md_escape(', '.join(row.against))} | {_md_cites(row.citations).strip()} |")
    return rows


def _html_cites(answer: Answer, citations: list[Citation]) -> str:
    parts = []
    for citation in citations:
        title = escape(citation.quote[:300], quote=True)
        parts.append(f'<a class="cite" href="#ref-{citation.n}" title="{title}">[{citation.n}]</a>')
    return (" " + "".join(dict.fromkeys(parts))) if parts else ""


def to_html(answer: Answer) -> str:
    """An HTML fragment (an <article>); the web app places it inside its own page."""
    out = [f'<article class="answer" data-audience="{escape(answer.audience)}" '
           f'data-question-type="{escape(answer.question_type)}">', f"<h1>{escape(answer.title)}</h1>"]
    for flag in answer.red_flags:
        out.append(f'<p class="red-flag" role="alert"><strong>Urgent:</strong> {escape(flag)}</p>')
    out.append(f'<p class="bottom-line"><strong>Bottom line:</strong> {escape(answer.bottom_line)}'
               f"{_html_cites(answer, answer.bottom_line_citations)}</p>")
    out.append(f'<p class="authorship" data-composer="{escape(answer.composer)}">'
               f"{escape(authorship_label(answer))}</p>")
    for notice in answer.notices:
        out.append(f'<p class="notice">{escape(notice)}</p>')
    for section in answer.sections:
        out.append(f'<section data-key="{escape(section.key)}"><h2>{escape(section.heading)}</h2>')
        if section.intro:
            out.append(f'<p class="intro">{escape(section.intro)}</p>')
        if section.key == "differential" and answer.differential:
            out.append(_html_differential(answer))
        if section.bullets:
            out.append("<ul>")
            for bullet in section.bullets:
                flag = ' <em class="flag">(partly supported)</em>' if bullet.flagged else ""
                out.append(f"<li>{escape(bullet.text)}{_html_cites(answer, bullet.citations)}{flag}</li>")
            out.append("</ul>")
        out.append("</section>")
    if answer.differential and not any(s.key == "differential" for s in answer.sections):
        out.append(f"<section data-key=\"differential\"><h2>Differential diagnosis</h2>{_html_differential(answer)}"
                   "</section>")
    if removed_statements(answer):
        out.append('<details class="removed"><summary>Statements removed by the checker (written by the '
                   "language model, not supported by the sources they cited, not part of the answer)</summary><ul>")
        out += [f"<li><del>{escape(d.get('text') or '')}</del> ({escape(d.get('detail') or d.get('reason') or '')})"
                "</li>" for d in removed_statements(answer)]
        out.append("</ul></details>")
    if answer.references:
        out.append('<section class="references"><h2>References</h2><ol>')
        for ref in answer.references:
            out.append(f'<li id="ref-{ref.n}" value="{ref.n}">{_html_reference(ref)} '
                       f'<span class="grade">{escape(ref.grade)}</span></li>')
        out.append("</ol></section>")
    out.append(f'<p class="disclaimer">{escape(answer.disclaimer)}</p></article>')
    return "\n".join(out)


def _html_differential(answer: Answer) -> str:
    rows = ["<table class=\"differential\"><thead><tr><th>Diagnosis</th><th>Probability</th><th>For</th>"
            "<th>Against</th><th>Sources</th></tr></thead><tbody>"]
    for row in answer.differential:
        probability = format_probability(row.probability)
        rows.append(f"<tr><td>{escape(row.name)}</td><td>{probability}</td><td>{escape(', '.join(row.for_))}</td>"
                    f"<td>{escape(', '.join(row.against))}</td><td>{_html_cites(answer, row.citations)}</td></tr>")
    rows.append("</tbody></table>")
    return "".join(rows)
