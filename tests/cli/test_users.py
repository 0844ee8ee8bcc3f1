"""`clinicite users ...` and `clinicite serve --help` through Typer's runner on a fresh home."""

from __future__ import annotations

import re
from datetime import timedelta

from typer.testing import CliRunner

from clinicite.editorial import accounts
from clinicite.cli import app
from clinicite.settings import current_settings
from clinicite.store.base import utcnow
from clinicite.store.database import Database
from clinicite.store.threads import AnswerRow, keep_turn

runner = CliRunner()


def test_first_admin_token_role_and_purge(home):
    created = runner.invoke(app, ["users", "create", "Admin@Example.org", "--role", "admin", "--password-stdin"],
                            input="a long admin password\n")
    assert created.exit_code == 0, created.output
    token = runner.invoke(app, ["users", "token", "admin@example.org"]).output.strip()
    assert token.startswith("clc_")
    database = Database.open(current_settings().resolved_database_url)
    with database.session() as session:
        assert accounts.user_for_token(session, token).email == "admin@example.org"
        assert accounts.authenticate(session, "admin@example.org", "a long admin password") is not None
        old = keep_turn(session, "t", "anon:x", "a private case", "clinician", {},
                        at=utcnow() - timedelta(days=400)).id
    assert (home / "clinicite.sqlite3").is_file()
    assert token not in (home / "clinicite.sqlite3").read_bytes().decode("latin-1")  # only its hash is stored

    duplicate = runner.invoke(app, ["users", "create", "admin@example.org", "--no-password"])
    assert duplicate.exit_code == 2 and "already exists" in duplicate.output
    bad_role = runner.invoke(app, ["users", "create", "x@example.org", "--role", "chief", "--no-password"])
    assert bad_role.exit_code == 2 and "unknown role" in bad_role.output
    runner.invoke(app, ["users", "create", "r@example.org", "--no-password"])
    assert runner.invoke(app, ["users", "role", "r@example.org", "reviewer"]).exit_code == 0
    assert re.search(r"r@example\.org\s+reviewer", runner.invoke(app, ["users", "list"]).output)

    purged = runner.invoke(app, ["users", "purge-cases"])
    assert "removed 1 answers older than 365 days" in purged.output
    with database.session() as session:
        assert session.get(AnswerRow, old) is None
    database.dispose()


def test_serve_help_names_host_and_port(home):
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--host" in result.output and "--port" in result.output
