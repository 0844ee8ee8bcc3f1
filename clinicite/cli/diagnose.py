"""``clinicite diagnose``: a ranked differential diagnosis for a case text or a phenopacket."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from clinicite.cli.base import app, console, fail
from clinicite.errors import CliniciteError, InputError

def _case_from_phenopacket(path: Path) -> dict:
    from clinicite.reason.cases import phenopacket_case
    try:
        packet = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot read phenopacket: {exc}", path=str(path),
                         hint="Pass a GA4GH phenopacket (v2) as a JSON file.") from exc
    if not isinstance(packet, dict):
        raise InputError("a phenopacket is a JSON object", path=str(path))
    case = phenopacket_case(packet)
    return {"observed": case.observed, "excluded": case.excluded, "age_years": case.age_years, "sex": case.sex,
            "family_history": None}


def _findings(weights) -> str:
    return "\n".join(f"{w.label} ({w.weight:+.1f})" for w in weights[:5])


def _against_cell(d) -> str:
    """What a source states against the row, then, dimmed, the case's findings its records do not list (weighed
    in the probability, but not a statement against the disease)."""
    lines = [_findings(d.against)] if d.against else []
    unlisted = getattr(d, "unlisted", [])
    if unlisted:
        lines.append("[dim]not listed in its records: " + ", ".join(escape(w.label) for w in unlisted[:4])
                     + (", ..." if len(unlisted) > 4 else "") + "[/]")
    return "\n".join(lines)


def _citations(d, limit: int = 3) -> list[str]:
    """A row's knowledge records, then its literature: a PMID, or for a document without one (a text file, a
    PDF) its title and stored id, so a row supported by an ingested document is cited too."""
    cited = [*d.records, *d.references[:limit]]
    documents: list[str] = []
    with_pmid = {p.get("document_id") for p in d.passages if p.get("pmid")}
    for passage in d.passages:
        if passage.get("pmid") or not passage.get("document_id") or passage["document_id"] in with_pmid:
            continue
        title = (passage.get("title") or "").strip()
        label = f"{title[:60]} ({passage['document_id']})" if title else str(passage["document_id"])
        if label not in documents:
            documents.append(label)
    return cited + documents[:limit]


def _disease_cell(d) -> str:
    lines = [d.name, f"[dim]{', '.join(d.ids)}[/]"]
    if d.category:
        lines.append(f"[cyan]{d.category}[/]")
    if d.source == "curated":
        lines.append("[dim]clinicite curated differential[/]")
    return "\n".join(lines)


def _print_discriminators(differential) -> None:
    """What tells the leading rows apart, below the table (too long for a cell)."""
    rows = [d for d in differential.diagnoses if d.discriminators or d.tests]
    if rows:
        console.print("[bold]What tells them apart[/]")
    for d in rows:
        console.print(f"{d.rank}. {d.name}: " + "; ".join(d.discriminators)
                      + (f". Tests: {'; '.join(d.tests)}." if d.tests else ""))


def _print_similar_cases(differential) -> None:
    """The published patients behind each row's similar-case vote (setting ``similar_cases``)."""
    rows = [d for d in differential.diagnoses if getattr(d, "similar_cases", None)]
    if rows:
        console.print("[bold]Similar published cases[/]")
    for d in rows:
        by_pmid: dict[str, list[dict]] = {}
        for case in d.similar_cases:
            by_pmid.setdefault(case["pmid"] or "no PMID", []).append(case)
        cited = "; ".join(f"{pmid} ({len(cases)} patient{'s' if len(cases) > 1 else ''}, similarity "
                          f"{max(c['similarity'] for c in cases):.2f})" for pmid, cases in list(by_pmid.items())[:5])
        console.print(f"{d.rank}. {d.name}: {cited}")


def _print_table(differential, kb) -> None:
    if differential.status != "ranked":
        console.print(f"[yellow]No ranked differential:[/] {differential.reason}")
        return
    title = "Named options, ranked" if differential.uncovered_options or differential.considered == len(
        differential.diagnoses) else "Differential diagnosis"
    table = Table(title=title, show_lines=True)
    for column in ("#", "disease", "probability", "for", "against", "citations"):
        table.add_column(column)
    for d in differential.diagnoses:
        citations = _citations(d)
        table.add_row(str(d.rank), _disease_cell(d), f"{d.probability:.1%}",
                      _findings(d.for_), _against_cell(d), "\n".join(citations))
    console.print(table)
    _print_discriminators(differential)
    _print_similar_cases(differential)
    if differential.note:
        console.print(differential.note)
    if differential.uncovered_options:
        console.print(f"[yellow]Not covered by the sources:[/] {', '.join(differential.uncovered_options)}")
    if differential.considered > len(differential.diagnoses):
        console.print(f"[dim]Probabilities are over all {differential.considered:,} candidates considered; "
                      f"a disease the sources do not name: {differential.unlisted_probability:.1%}[/]")
    if differential.unknown_terms:
        console.print(f"[yellow]Unknown HPO ids ignored:[/] {', '.join(differential.unknown_terms)}")


@app.command()
def diagnose(
    case_text: str = typer.Argument(None, help="The case in free text (needs clinicite.understand)."),
    phenopacket: Path = typer.Option(None, "--phenopacket", help="A GA4GH phenopacket JSON file."),
    hpo: list[str] = typer.Option(None, "--hpo", help="An observed HPO id (repeatable); prefix '-' for excluded."),
    age: float = typer.Option(None, "--age", help="Age in years."),
    sex: str = typer.Option(None, "--sex", help="male or female."),
    top: int = typer.Option(10, "--top", help="How many diagnoses to show."),
    literature: bool = typer.Option(True, "--literature/--no-literature",
                                    help="Also look for diseases in the ingested literature."),
    option: list[str] = typer.Option(None, "--option", help="Rank only these named diagnoses (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Rank diseases for a case from its findings, with the evidence for and against each.

    Diseases the knowledge base does not hold are looked for in the ingested literature (--no-literature
    turns that off) and ranked on the same probability scale, each with the passages that support it.
    """
    from clinicite.app import Clinicite

    try:
        if not case_text and not phenopacket and not hpo:
            raise InputError("give a case text, --phenopacket FILE.json or --hpo HP:nnnnnnn")
        clinicite = Clinicite()
        case: dict[str, Any] = {"observed": [h for h in hpo or [] if not h.startswith("-")],
                "excluded": [h[1:] for h in hpo or [] if h.startswith("-")]}
        if phenopacket:
            case = _case_from_phenopacket(phenopacket)
        if age is not None:
            case["age_years"] = age
        if sex:
            case["sex"] = sex
        facts, differential = clinicite.diagnose(case_text, top=top, literature=literature and bool(case_text),
                                                 options=option or [], **case)
        kb = clinicite.knowledge
    except CliniciteError as error:
        fail(error)
        return
    if as_json:
        console.print_json(json.dumps(differential.to_dict()))
    else:
        _print_table(differential, kb)
