"""`clinicite ask` on a built home."""

from __future__ import annotations

import json

import pytest
from .conftest import FIXTURES
from typer.testing import CliRunner

from clinicite.cli import app


@pytest.fixture
def cli_home(built, monkeypatch):
    monkeypatch.setenv("CLINICITE_HOME", str(built.settings.home))
    monkeypatch.setenv("CLINICITE_EMBEDDING_MODEL", "none")
    monkeypatch.setenv("CLINICITE_HPO_OBO", str(FIXTURES / "ontology.obo"))
    from clinicite.settings import current_settings
    current_settings.cache_clear()
    yield built
    current_settings.cache_clear()


def test_ask_prints_markdown_and_follows_up_in_json(cli_home):
    runner = CliRunner()
    result = runner.invoke(app, ["ask", "How is Kawasaki disease treated?"])
    assert result.exit_code == 0, result.output
    assert "# Treatment of Kawasaki disease" in result.stdout and "## References" in result.stdout

    result = runner.invoke(app, ["ask", "A 16-year-old boy has arachnodactyly, ectopia lentis and aortic root "
                                        "dilatation. What is the diagnosis?", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["differential"][0]["name"] == "Marfan syndrome"
    result = runner.invoke(app, ["ask", "And how is it treated?", "--thread", data["thread_id"], "--format", "json",
                                 "--audience", "patient"])
    follow = json.loads(result.stdout)
    assert follow["thread_id"] == data["thread_id"] and follow["audience"] == "patient"
    assert follow["question_type"] == "treatment"


def test_ask_html_and_bad_options(cli_home):
    runner = CliRunner()
    result = runner.invoke(app, ["ask", "How is Kawasaki disease treated?", "--format", "html"])
    assert result.exit_code == 0 and result.stdout.startswith("<article")
    assert runner.invoke(app, ["ask", "How is it treated?", "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["ask", "How is it treated?", "--thread", "missing"]).exit_code == 2


def test_ask_filters_by_year_and_publication_type(cli_home):
    runner = CliRunner()
    result = runner.invoke(app, ["ask", "Does zinc shorten the common cold?", "--format", "json",
                                 "--type", "Randomized Controlled Trial", "--year-from", "2014"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    literature = [r for r in data["references"] if r["source_type"] != "knowledge"]
    assert literature and all(r["year"] >= 2014 for r in literature)
    assert "pmid:9100008" not in {r["id"] for r in literature}        # the 2012 trial is filtered out
    shown = [cli_home.documents[r["id"]] for r in literature]
    assert all("Randomized Controlled Trial" in d.publication_types for d in shown)
    assert runner.invoke(app, ["ask", "zinc", "--year-from", "2020", "--year-to", "2010"]).exit_code == 2
