"""`clinicite search` and `clinicite stats`."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from typing import Optional

import typer
from rich.table import Table

from clinicite.cli.base import app, console, fail
from clinicite.errors import CliniciteError


@app.command()
def search(query: str = typer.Argument(..., help="What to look for, in words."),
           k: int = typer.Option(10, "-k", help="Number of passages."),
           mode: str = typer.Option("hybrid", help="hybrid, lexical or dense."),
           year_from: Optional[int] = typer.Option(None, help="Earliest publication year."),
           year_to: Optional[int] = typer.Option(None, help="Latest publication year."),
           publication_type: list[str] = typer.Option(None, "--type", help="MEDLINE publication type, repeatable."),
           source: list[str] = typer.Option(None, help="literature sources (pubmed, pmc, pdf, text) or knowledge."),
           language: list[str] = typer.Option(None, help="Language code as MEDLINE gives it (eng)."),
           as_json: bool = typer.Option(False, "--json", help="Print hits as JSON.")) -> None:
    """Search the ingested literature and knowledge records (hybrid lexical + dense)."""
    from clinicite.app import Clinicite
    from clinicite.index import SearchFilters
    filters = SearchFilters(year_from=year_from, year_to=year_to, publication_types=publication_type or (),
                            sources=source or (), languages=language or ())
    try:
        hits = Clinicite().search(query, k=k, filters=filters, mode=mode)
    except CliniciteError as error:
        fail(error)
    if as_json:
        console.print_json(json.dumps([asdict(h) if is_dataclass(h) and not isinstance(h, type) else h for h in hits], default=str))
        return
    if not hits:
        console.print("No passages matched.")
        return
    table = Table(show_lines=True)
    for column in ("#", "document", "title / passage", "score", "source"):
        table.add_column(column)
    for rank, hit in enumerate(hits, 1):
        ident = f"PMID {hit.pmid}" if hit.pmid else hit.document_id
        table.add_row(str(rank), ident, f"[bold]{hit.title}[/]\n{hit.text[:400]}\n[dim]chars {hit.start}-{hit.end}[/]",
                      f"{hit.score:.4f}", hit.source)
    console.print(table)


@app.command()
def stats(as_json: bool = typer.Option(False, "--json")) -> None:
    """What is ingested: documents by source, passages, knowledge records, index state, last ingest."""
    from clinicite.app import Clinicite
    try:
        data = Clinicite().stats()
    except CliniciteError as error:
        fail(error)
    if as_json:
        console.print_json(json.dumps(data, default=str))
        return
    table = Table(show_header=False, title="clinicite corpus")
    for key, value in data.items():
        table.add_row(key, json.dumps(value, default=str) if isinstance(value, (dict, list)) else str(value))
    console.print(table)
