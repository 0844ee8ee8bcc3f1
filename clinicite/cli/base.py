"""The Typer application and the one place where errors become messages."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from clinicite.errors import CliniciteError

app = typer.Typer(name="clinicite", help="Answers clinical questions with evidence it really holds.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
console = Console()
err_console = Console(stderr=True)


def fail(error: CliniciteError, code: int = 2) -> None:
    err_console.print(f"[bold red]error:[/] {escape(str(error))}")   # messages may hold [brackets]
    if error.hint:
        err_console.print(f"[yellow]hint:[/] {escape(error.hint)}")
    raise typer.Exit(code)


def run() -> None:
    try:
        app()
    except CliniciteError as error:  # raised outside a command's own handling
        err_console.print(f"[bold red]error:[/] {error}")
        if error.hint:
            err_console.print(f"[yellow]hint:[/] {error.hint}")
        sys.exit(2)
