"""Fixtures of the web tests: the web app on the real core (:class:`clinicite.app.Clinicite`) over a tiny
ingested corpus, on a real database (SQLite, and PostgreSQL when CLINICITE_TEST_POSTGRES_URL is set),
with one account per role.

The corpus is ingested once per session into a template home (and, on PostgreSQL, a template database)
through the real readers, store and index: MEDLINE XML on Kawasaki disease (one title carries a
``<script>`` element), a PMC JATS review of Marfan syndrome, a plain-text note on infants, and disease
knowledge from a hand-written ``annotations.hpoa`` on the compose tests' twelve-term ontology. Each world then
gets its own copy: the home folder is copied, and the database is the copied SQLite file or a PostgreSQL
database created from the template, so the web's own tables start empty in every test.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clinicite.editorial import accounts, answers, workflow
from clinicite.editorial.permissions import ROLES, SYSTEM
from clinicite.web.app import create_app
from clinicite.app import Clinicite
from clinicite.settings import load_settings
from clinicite.store.threads import AnswerRow

POSTGRES_URL = os.environ.get("CLINICITE_TEST_POSTGRES_URL")
PASSWORD = "a long test password"
BACKENDS = ["sqlite", pytest.param("postgres", marks=[
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="CLINICITE_TEST_POSTGRES_URL is not set")])]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "web"
CORPUS = FIXTURES / "corpus"                       # ingested into every world
LATER = FIXTURES / "later"                         # new evidence, ingested by the tests that need it
ONTOLOGY = Path(__file__).resolve().parents[1] / "fixtures" / "compose" / "ontology.obo"
ANNOTATIONS = FIXTURES / "knowledge" / "annotations.hpoa"
CORPUS_PMIDS = {"90000001", "90000002", "90000003", "90000010"}
SCRIPT_PMID = "90000003"                           # its title holds <script>alert('x')</script>
LATER_PMID = "90000020"
QUESTION = "How is Kawasaki disease treated?"
CASE = ("A 4-year-old boy has had fever for six days with red eyes, a rash and swollen neck glands. "
        "What is the diagnosis?")


def build_home(home: Path, url: str | None) -> dict:
    """Ingest the corpus and the disease knowledge into ``home`` through the real stages; returns counts."""
    # Lexical search only: the dense encoder is tested by the index stage and slow to load here.
    core = Clinicite(load_settings(home=home, database_url=url, embedding_model="none"))
    try:
        literature = core.ingest([CORPUS])
        knowledge = core.ingest_knowledge(hpo_obo=ONTOLOGY, annotations=ANNOTATIONS)
        assert not literature.problems and not knowledge.problems, (literature.problems, knowledge.problems)
        return core.stats()
    finally:
        core.close()


def _postgres_admin() -> str:
    from sqlalchemy.engine import make_url
    return make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)


def _postgres_url(name: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _postgres(sql: str) -> None:
    import psycopg
    with psycopg.connect(_postgres_admin(), autocommit=True) as connection:
        connection.execute(sql)


@dataclass
class Template:
    """An ingested home (and its PostgreSQL database) that worlds are copied from."""

    backend: str
    home: Path
    database: str | None  # PostgreSQL database name

    def copy(self, home: Path) -> tuple[str, callable]:
        """A copy of the home at ``home`` with its own database; returns the database URL and a cleanup."""
        shutil.copytree(self.home, home, dirs_exist_ok=True)
        # The knowledge manifest names files inside the home: point it at the copy's own files.
        manifest = home / "knowledge" / "sources.json"
        sources = json.loads(manifest.read_text())
        manifest.write_text(json.dumps({k: v and v.replace(str(self.home), str(home)) for k, v in sources.items()}))
        if self.backend == "sqlite":
            return f"sqlite:///{home / 'clinicite.sqlite3'}", lambda: None
        name = f"clinicite_web_{secrets.token_hex(6)}"
        _postgres(f'CREATE DATABASE "{name}" TEMPLATE "{self.database}"')
        return _postgres_url(name), lambda: _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    """Template homes by backend, each built on first use."""
    built: dict[str, Template] = {}

    def get(backend: str) -> Template:
        if backend not in built:
            home = tmp_path_factory.mktemp(f"template-{backend}") / "home"
            database = None
            if backend == "sqlite":
                url = f"sqlite:///{home / 'clinicite.sqlite3'}"
            else:
                database = f"clinicite_web_template_{secrets.token_hex(6)}"
                _postgres(f'CREATE DATABASE "{database}"')
                url = _postgres_url(database)
            build_home(home, url)
            built[backend] = Template(backend, home, database)
        return built[backend]

    yield get
    for template in built.values():
        if template.database:
            _postgres(f'DROP DATABASE IF EXISTS "{template.database}" WITH (FORCE)')


class World:
    """The web app on the real core over a copy of the template, with one account (and API token) per role."""

    def __init__(self, folder: Path, template: Template) -> None:
        url, self._drop = template.copy(folder / "home")
        self.settings = load_settings(home=folder / "home", database_url=url, embedding_model="none",
                                      ask_rate_limit_per_minute=1000,
                                      secret_key="test-secret-key-" + secrets.token_hex(8))
        self.core = Clinicite(self.settings)
        self.database = self.core.database
        self.app = create_app(self.settings, service=self.core)
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

    def answer(self, role: str, question: str = QUESTION) -> str:
        with self.database.session() as session:
            return answers.ask(session, self.core, self.actor(role), question, "clinician").id

    def stored_answers(self) -> list[AnswerRow]:
        with self.database.session() as session:
            rows = list(session.scalars(select(AnswerRow).order_by(AnswerRow.created_at)))
            session.expunge_all()
            return rows

    def count(self, model) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(model))

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

    def version(self, article_id: int, number: int) -> dict:
        with self.database.session() as session:
            return workflow.get_version(session, article_id, number).data

    def close(self) -> None:
        self.core.close()
        self._drop()


def csrf_of(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def citations_resolve(answer: dict) -> None:
    """Every statement of ``answer`` is cited, and every citation names a listed reference."""
    references = {r["n"]: r for r in answer["references"]}
    bullets = [b for s in answer["sections"] for b in s["bullets"]]
    assert bullets, answer
    for bullet in bullets:
        assert bullet["citations"], bullet
        for citation in bullet["citations"]:
            assert references[citation["n"]]["id"] == citation["document_id"], citation
            assert citation["quote"] and citation["end"] > citation["start"], citation


@pytest.fixture(params=BACKENDS)
def world(request, tmp_path, home, templates):
    built = World(tmp_path, templates(request.param))
    yield built
    built.close()


@pytest.fixture(scope="module", params=BACKENDS)
def shared_world(request, tmp_path_factory, templates):
    """One world per module, for table-driven tests whose cases create their own articles."""
    built = World(tmp_path_factory.mktemp("world"), templates(request.param))
    yield built
    built.close()
