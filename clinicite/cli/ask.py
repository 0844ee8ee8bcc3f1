"""`clinicite ask`: a cited answer to a clinical question or a pasted case."""

from __future__ import annotations

from typing import Optional

import typer

from clinicite.cli.base import app, err_console, fail
from clinicite.errors import CliniciteError


@app.command()
def ask(question: str = typer.Argument(..., help="The question, or a case followed by a question."),
        audience: str = typer.Option("clinician", help="clinician, trainee or patient."),
        thread: Optional[str] = typer.Option(None, "--thread", help="Thread id of an earlier answer to follow up."),
        format: str = typer.Option("md", "--format", help="md, json or html."),
        year_from: Optional[int] = typer.Option(None, "--year-from", help="Cite literature from this year on."),
        year_to: Optional[int] = typer.Option(None, "--year-to", help="Cite literature up to this year."),
        types: list[str] = typer.Option([], "--type", help="Cite only this publication type (repeatable), "
                                                           "e.g. 'Randomized Controlled Trial'."),
        fetch: Optional[bool] = typer.Option(None, "--fetch/--no-fetch",
                                             help="Search PubMed and ingest the top records when the evidence "
                                                  "held is thin (default: the literature_on_demand setting).")
        ) -> None:
    """Answer a clinical question with numbered citations to the sources held."""
    from clinicite.app import Clinicite
    from clinicite.compose import render
    from clinicite.compose.render import FORMATS
    from clinicite.errors import InputError
    from clinicite.index.lexical import SearchFilters

    try:
        if format not in FORMATS:
            raise InputError(f"unknown format {format!r}", hint=f"Use one of: {', '.join(FORMATS)}.")
        if year_from is not None and year_to is not None and year_from > year_to:
            raise InputError(f"--year-from {year_from} is after --year-to {year_to}", hint="Swap the two years.")
        filters = SearchFilters(year_from=year_from, year_to=year_to, publication_types=tuple(types))
        answer = Clinicite().ask(question, audience=audience, thread_id=thread,
                                 filters=None if filters.empty else filters, fetch=fetch)
    except CliniciteError as error:
        fail(error)
    typer.echo(render(answer, format))
    if answer.thread_id and format != "json":
        err_console.print(f"[dim]thread {answer.thread_id}: follow up with --thread {answer.thread_id}[/]")
