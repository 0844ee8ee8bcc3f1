"""Rendering pages: the Jinja2 environment (autoescape on), filters, and the answer's view model.

Everything that comes from documents or users is escaped by Jinja; links taken
from data pass :func:`safe_url` so a ``javascript:`` URL in a record never
becomes a live link.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from clinicite.editorial.workflow import STEPS
from clinicite.compose.render import label_for
from clinicite.web.deps import current_actor

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                  lstrip_blocks=True)


def safe_url(url: Any) -> str | None:
    """``url`` when it is http(s), else ``None``: data never supplies a script URL."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme in ("http", "https") else None


def pubmed_url(pmid: Any) -> str | None:
    return f"https://pubmed.ncbi.nlm.nih.gov/{quote(str(pmid))}/" if pmid and str(pmid).isdigit() else None


def doi_url(doi: Any) -> str | None:
    return f"https://doi.org/{quote(str(doi), safe='/:;()._-')}" if doi and str(doi).startswith("10.") else None


def date(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d %b %Y") if isinstance(value, datetime) else ""


def percent(value: Any) -> str:
    from clinicite.compose.answer import format_probability
    return format_probability(value) if isinstance(value, (int, float)) else "–"


env.filters.update(safe_url=safe_url, pubmed_url=pubmed_url, doi_url=doi_url, date=date, percent=percent)
env.globals.update(STEPS=STEPS, authorship_label=label_for)


def _marks(citations: list[Any], known: set[Any]) -> list[int]:
    """Reference numbers of a bullet's citations, in order, without repeats; unknown numbers dropped."""
    numbers: list[int] = []
    for citation in citations or []:
        n = citation.get("n") if isinstance(citation, dict) else citation
        if isinstance(n, int) and n in known and n not in numbers:
            numbers.append(n)
    return numbers


def answer_model(data: dict[str, Any]) -> dict[str, Any]:
    """The answer JSON reshaped for templates: citation numbers per bullet and anchors ``s<i>.b<j>``."""
    references = [r for r in data.get("references", []) if isinstance(r, dict)]
    known = {r.get("n") for r in references}
    sections = []
    for i, section in enumerate(data.get("sections", []), 1):
        bullets = [{"anchor": f"s{i}.b{j}", "id": f"s{i}-b{j}", "text": b.get("text", ""),
                    "marks": _marks(b.get("citations", []), known), "flagged": b.get("flagged", False)}
                   for j, b in enumerate(section.get("bullets", []), 1)]
        sections.append({"anchor": f"s{i}", "id": f"s{i}", "heading": section.get("heading", ""),
                         "key": section.get("key", ""), "bullets": bullets})
    differential = [{**row, "marks": _marks(row.get("citations", []), known)}
                     for row in data.get("differential", []) if isinstance(row, dict)]
    return {**data, "sections": sections, "differential": differential, "references": references,
            "bottom_line_marks": _marks(data.get("bottom_line_citations", []), known)}


def page(request: Request, template: str, status_code: int = 200, headers: dict | None = None,
         **context: Any) -> HTMLResponse:
    session = request.state.session
    try:
        actor = current_actor(request)
    except Exception:  # an error page must render even when resolving the user failed
        actor = None
    html = env.get_template(template).render(request=request, actor=actor, csrf=session.csrf,
                                             flash=session.take_flash(), audience=session.aud, **context)
    return HTMLResponse(html, status_code=status_code, headers=headers)


def render_error(request: Request, status: int, message: str, hint: str, headers: dict) -> HTMLResponse:
    return page(request, "error.html", status_code=status, headers=headers, status=status, message=message,
                hint=hint)
