"""Rendering pages: the Jinja2 environment (autoescape on) and its filters.

Templates get the answer as the typed :class:`~clinicite.compose.answer.Answer` (read back from the store
with ``Answer.from_dict``), the same object the composer made; anchors ``s<i>.b<j>`` are counted in the
template and :func:`cited` gives a statement's reference numbers.

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

from clinicite.compose.answer import Answer, Citation, format_probability
from clinicite.compose.render import label_for
from clinicite.editorial.workflow import STEPS
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
    return format_probability(value) if isinstance(value, (int, float)) else "–"


def cited(citations: list[Citation], answer: Answer) -> list[int]:
    """The reference numbers of a statement's citations, in order, without repeats: a number the answer's
    reference list does not hold is not shown as a link to nowhere."""
    known = {reference.n for reference in answer.references}
    return [n for n in dict.fromkeys(c.n for c in citations) if n in known]


env.filters.update(safe_url=safe_url, pubmed_url=pubmed_url, doi_url=doi_url, date=date, percent=percent,
                   cited=cited)
env.globals.update(STEPS=STEPS, authorship_label=label_for)


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
