"""Fixtures of the web tests: a real database (SQLite, and PostgreSQL when
CLINICITE_TEST_POSTGRES_URL is set), the app on it, and one account per role.

Each PostgreSQL run gets its own freshly created database, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets

import pytest
from fastapi.testclient import TestClient
from web_fixture_service import FixtureAnswerService

from clinicite.api import accounts, answers, workflow
from clinicite.api.permissions import ROLES, SYSTEM
from clinicite.api.server import create_app
from clinicite.settings import load_settings
from clinicite.store.database import Database

POSTGRES_URL = os.environ.get("CLINICITE_TEST_POSTGRES_URL")
PASSWORD = "a long test password"
BACKENDS = ["sqlite", pytest.param("postgres", marks=[
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="CLINICITE_TEST_POSTGRES_URL is not set")])]


def _postgres_database() -> tuple[str, callable]:
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(POSTGRES_URL)
    name = f"clinicite_web_{secrets.token_hex(6)}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return server.set(database=name).render_as_string(hide_password=False), drop


def make_database_url(backend: str, folder) -> tuple[str, callable]:
    if backend == "postgres":
        return _postgres_database()
    return f"sqlite:///{folder / 'web.sqlite3'}", lambda: None


class World:
    """An app on a real database with one account (and API token) per role."""

    def __init__(self, folder, url: str) -> None:
        self.settings = load_settings(home=folder / "home", database_url=url, ask_rate_limit_per_minute=1000,
                                      secret_key="test-secret-key-" + secrets.token_hex(8))
        self.service = FixtureAnswerService()
        self.database = Database.open(url)
        self.service.database = self.database
        self.app = create_app(self.settings, service=self.service)
        self.tokens: dict[str, str] = {}
        self.users: dict[str, object] = {}
        self.passwords: set[str] = set()
        self.browsers: dict[str | None, TestClient] = {}
        with self.database.session() as session:
            for role in ROLES:
                email = f"{role}@example.org"
                # Token-only accounts: argon2 takes ~0.4 s per hash here, so passwords are set on first sign-in.
                self.users[role] = accounts.create_user(session, SYSTEM, email, role)
                self.tokens[role] = accounts.issue_token(session, SYSTEM, email, "tests")

    def actor(self, role: str):
        return accounts.actor_for(self.users[role])

    def api(self, role: str | None) -> TestClient:
        """A client that authenticates with the role's bearer token (anonymous when ``role`` is None)."""
        client = TestClient(self.app)
        if role is not None and role != "anonymous":
            client.headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return client

    def browser(self, role: str | None, reuse: bool = False) -> TestClient:
        """A client signed in through the sign-in form, like a person in a browser.

        ``reuse`` hands back the role's earlier signed-in client: argon2 makes each sign-in cost ~0.4 s.
        """
        if reuse and role in self.browsers:
            return self.browsers[role]
        client = TestClient(self.app)
        self.browsers[role] = client
        if role is not None and role != "anonymous":
            if role not in self.passwords:
                with self.database.session() as session:
                    accounts.set_password(session, SYSTEM, f"{role}@example.org", PASSWORD)
                self.passwords.add(role)
            page = client.get("/signin")
            response = client.post("/signin", data={"email": f"{role}@example.org", "password": PASSWORD,
                                                    "csrf_token": csrf_of(page.text), "next": "/"},
                                   follow_redirects=False)
            assert response.status_code == 303, response.text
        return client

    def answer(self, role: str, question: str = "How is Kawasaki disease treated?") -> str:
        with self.database.session() as session:
            return answers.ask(session, self.service, self.actor(role), question, "clinician").id

    def article(self, status: str, author: str = "author", reviewer: str = "reviewer") -> int:
        """An article brought to ``status`` through the real workflow."""
        answer_id = self.answer(author)
        with self.database.session() as session:
            row = answers.get_answer(session, self.actor(author), answer_id)
            article_id = workflow.submit_answer(session, self.actor(author), row).id
        steps = {"submitted": [], "under_review": [workflow.take],
                 "approved": [workflow.take, workflow.approve], "rejected": [workflow.take, workflow.reject],
                 "changes_requested": [workflow.take, lambda s, a, i: workflow.request_changes(
                     s, a, i, [{"anchor": "s1.b1", "body": "cite the guideline"}])]}[status]
        for step in steps:
            with self.database.session() as session:
                step(session, self.actor(reviewer), article_id)
        return article_id

    def close(self) -> None:
        self.database.dispose()


def csrf_of(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


@pytest.fixture(params=BACKENDS)
def world(request, tmp_path, home):
    url, drop = make_database_url(request.param, tmp_path)
    built = World(tmp_path, url)
    yield built
    built.close()
    drop()


@pytest.fixture(scope="module", params=BACKENDS)
def shared_world(request, tmp_path_factory):
    """One world per module, for table-driven tests whose cases create their own articles."""
    folder = tmp_path_factory.mktemp("world")
    url, drop = make_database_url(request.param, folder)
    built = World(folder, url)
    yield built
    built.close()
    drop()
