"""Shared test fixtures: a fresh home per test, and the shared data folder when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("CLINICITE_SHARED_DATA", ROOT.parent / "shared" / "data"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_ncbi_by_surprise(monkeypatch):
    """A developer's NCBI e-mail or key must not turn on literature on demand in tests, and a request that
    escapes the recorded replies goes to a closed local port, never to NCBI."""
    for name in ("CLINICITE_NCBI_EMAIL", "CLINICITE_NCBI_API_KEY", "CLINICITE_LITERATURE_ON_DEMAND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLINICITE_NCBI_BASE_URL", "http://127.0.0.1:9/entrez/eutils/")


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; the test is skipped with a reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data set not available: {SHARED_DATA} is absent (CI has it)")
    return SHARED_DATA


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty CLINICITE_HOME for this test only, so tests never share state."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("CLINICITE_HOME", str(folder))
    from clinicite.settings import current_settings
    current_settings.cache_clear()
    yield folder
    current_settings.cache_clear()


POSTGRES_ENV = "CLINICITE_TEST_POSTGRES_URL"


def _fresh_postgres_database(admin_url: str) -> tuple[str, callable]:
    """Create a uniquely named database on the test server; returns its URL and a function that drops it."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"clinicite_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def database_backends() -> list:
    """SQLite always; PostgreSQL when CLINICITE_TEST_POSTGRES_URL names a server (CI starts one)."""
    backends = [pytest.param("sqlite", id="sqlite")]
    backends.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return backends


@pytest.fixture(params=database_backends())
def database_url(request, tmp_path) -> str:
    """A URL of an empty database, on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (bash .ci/run starts a server)")
    url, drop = _fresh_postgres_database(admin_url)
    try:
        yield url
    finally:
        drop()
