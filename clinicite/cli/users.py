"""`clinicite users ...`: accounts, roles, API tokens and case-text retention."""

from __future__ import annotations

import sys

import typer

from clinicite.cli.base import app, console, fail
from clinicite.errors import CliniciteError

users_app = typer.Typer(help="Accounts, roles, API tokens and the retention of case text.", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _database():
    from clinicite.app import Clinicite
    from clinicite.settings import current_settings
    return Clinicite(current_settings()).database


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_app.command("create")
def create(email: str = typer.Argument(..., help="The person's e-mail; it is their sign-in name."),
           role: str = typer.Option("reader", help="reader, author, reviewer, editor or admin."),
           password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from "
                                               "the first line of standard input instead of prompting."),
           no_password: bool = typer.Option(False, "--no-password", help="API-token-only account.")) -> None:
    """Create an account (use --role admin for the first one)."""
    from clinicite.editorial import accounts
    from clinicite.editorial.permissions import SYSTEM
    try:
        password = None if no_password else _read_password(password_stdin)
        with _database().session() as session:
            user = accounts.create_user(session, SYSTEM, email, role, password)
            console.print(f"created {user.email} ({user.role})")
    except CliniciteError as error:
        fail(error)


@users_app.command("token")
def token(email: str, label: str = typer.Option("", help="What the token is for."),
          days: int = typer.Option(None, help="Days the token stays valid (default: api_token_days; "
                                   "0: until revoked).")) -> None:
    """Print a new API bearer token for EMAIL (shown once; only its hash is stored)."""
    from clinicite.editorial import accounts
    from clinicite.editorial.permissions import SYSTEM
    from clinicite.settings import current_settings
    lifetime = current_settings().api_token_days if days is None else days
    try:
        with _database().session() as session:
            value = accounts.issue_token(session, SYSTEM, email, label, days=lifetime)
    except CliniciteError as error:
        fail(error)
    print(value)


@users_app.command("tokens")
def tokens(email: str = typer.Argument(None, help="Only this person's tokens.")) -> None:
    """List API tokens (id, account, label, state, expiry, last use); never their secrets."""
    from clinicite.editorial import accounts, views
    from clinicite.editorial.permissions import SYSTEM
    try:
        with _database().session() as session:
            user_id = accounts.find_user(session, email).id if email else None
            emails = {u.id: u.email for u in accounts.list_users(session, SYSTEM)}
            for row in accounts.list_tokens(session, SYSTEM, user_id):
                t = views.token_view(row, emails)
                console.print(f"{t['id']}\t{t['user']}\t{t['label'] or '-'}\t{t['state']}\t"
                              f"expires {t['expires_at'] or 'never'}\tlast used {t['last_used_at'] or 'never'}")
    except CliniciteError as error:
        fail(error)


@users_app.command("revoke-token")
def revoke_token(token_id: int = typer.Argument(..., help="The id shown by `clinicite users tokens`.")) -> None:
    """Revoke an API token at once."""
    from clinicite.editorial import accounts
    from clinicite.editorial.permissions import SYSTEM
    try:
        with _database().session() as session:
            accounts.revoke_token(session, SYSTEM, token_id)
        console.print(f"token {token_id} revoked")
    except CliniciteError as error:
        fail(error)


def _set_active(email: str, active: bool) -> None:
    from clinicite.editorial import accounts
    from clinicite.editorial.permissions import SYSTEM
    try:
        with _database().session() as session:
            user = accounts.set_active(session, SYSTEM, accounts.find_user(session, email).id, active)
            console.print(f"{user.email} {'enabled' if active else 'disabled: its sessions ended, its tokens stop'}")
    except CliniciteError as error:
        fail(error)


@users_app.command("disable")
def disable(email: str) -> None:
    """Disable EMAIL's account: it cannot sign in, its sessions end and its API tokens stop working."""
    _set_active(email, False)


@users_app.command("enable")
def enable(email: str) -> None:
    """Enable a disabled account again."""
    _set_active(email, True)


@users_app.command("role")
def role(email: str, new_role: str = typer.Argument(..., metavar="ROLE")) -> None:
    """Change the role of EMAIL."""
    from clinicite.editorial import accounts
    from clinicite.editorial.permissions import SYSTEM
    try:
        with _database().session() as session:
            user = accounts.set_role(session, SYSTEM, accounts.find_user(session, email).id, new_role)
            console.print(f"{user.email} is now {user.role}")
    except CliniciteError as error:
        fail(error)


@users_app.command("password")
def password(email: str, password_stdin: bool = typer.Option(False, "--password-stdin")) -> None:
    """Set a new password for EMAIL."""
    from clinicite.editorial import accounts
    from clinicite.editorial.permissions import SYSTEM
    try:
        with _database().session() as session:
            accounts.set_password(session, SYSTEM, email, _read_password(password_stdin))
        console.print(f"password of {email} changed")
    except CliniciteError as error:
        fail(error)


@users_app.command("list")
def list_users() -> None:
    """List accounts and their roles."""
    from clinicite.editorial import accounts
    from clinicite.editorial.permissions import SYSTEM
    with _database().session() as session:
        for user in accounts.list_users(session, SYSTEM):
            console.print(f"{user.id}\t{user.email}\t{user.role}\t{'active' if user.active else 'disabled'}")


@users_app.command("purge-cases")
def purge_cases(days: int = typer.Option(None, help="Keep this many days (default: case_retention_days).")) -> None:
    """Delete private questions and answers older than the retention period (`clinicite serve` also does
    this on a schedule: case_purge_interval_s)."""
    from clinicite.editorial.retention import purge_now
    from clinicite.settings import current_settings
    keep = current_settings().case_retention_days if days is None else days
    removed = purge_now(_database(), keep)
    console.print(f"removed {removed} answers older than {keep} days" if keep > 0 else
                  "retention is 0 (keep forever): nothing removed")
