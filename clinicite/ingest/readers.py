"""The ingest stage's front door for literature files: find them, name their format, read them.

::

    for path in iter_sources([Path("downloads/")]):
        for event in read_path(path):      # Document | Deletion | Problem, in file order
            ...

Knowledge files (HPO's ``hp.obo`` and ``phenotype.hpoa``, Orphanet's
ORPHApackets) are recognised but not read here: they go through
``clinicite ingest knowledge``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from clinicite.errors import InputError, UnsupportedFormat
from clinicite.ingest.detect import KNOWLEDGE_FORMATS, detect_format
from clinicite.ingest.document import IngestEvent, Problem
from clinicite.ingest.jats import read_jats_path
from clinicite.ingest.medline import read_medline_xml_path
from clinicite.ingest.medline_text import read_medline_text_path
from clinicite.ingest.pdf import read_pdf_path
from clinicite.ingest.plaintext import read_text_path

__all__ = ["iter_sources", "detect_format", "read_path", "read_paths", "READERS"]

# Sidecar files that come with downloads and are never documents.
_IGNORED_SUFFIXES = {".md5", ".sha1", ".sha256", ".sig", ".asc", ".lock", ".pyc"}
_IGNORED_NAMES = {"Thumbs.db", "desktop.ini"}
# Files that describe a download rather than belong to it: a licence or readme in a folder of papers must
# never end up cited as clinical evidence. Named explicitly on the command line, they are still read.
_PACKAGING = re.compile(r"^(license|licence|copying|readme|changelog|notice|authors)([._-].*)?$", re.IGNORECASE)

READERS: dict[str, Callable[..., Iterator[IngestEvent]]] = {
    "medline-xml": read_medline_xml_path,
    "medline-text": lambda path, max_record_bytes=None: read_medline_text_path(path),
    "jats": read_jats_path,
    "pdf": read_pdf_path,
    "text": read_text_path,
}


def _wanted(path: Path) -> bool:
    return not (path.name.startswith(".") or path.name in _IGNORED_NAMES
                or path.suffix.lower() in _IGNORED_SUFFIXES
                or _PACKAGING.match(path.name) is not None)


def iter_sources(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under ``paths`` in a deterministic order: each argument in the order given,
    folders walked depth-first with names sorted; hidden files and checksum sidecars skipped.

    Raises :class:`~clinicite.errors.InputError` for a path that does not exist."""
    for path in paths:
        path = Path(path)
        if path.is_file():
            yield path
        elif path.is_dir():
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(folder) / name
                    if _wanted(candidate) and candidate.is_file():
                        yield candidate
        else:
            raise InputError(f"no such file or folder: {path}", path=str(path))


def read_path(path: Path, settings=None) -> Iterator[IngestEvent]:
    """Read one file into Documents, Deletions and Problems, in file order.

    Raises :class:`~clinicite.errors.UnsupportedFormat` when the content is no
    literature format (knowledge files included, with a hint) and
    :class:`~clinicite.errors.InputError` when the file cannot be opened.
    """
    path = Path(path)
    fmt = detect_format(path)
    if fmt in KNOWLEDGE_FORMATS:
        raise UnsupportedFormat(f"{path} is disease knowledge ({fmt}), not literature", path=str(path),
                                hint="Knowledge files are ingested with `clinicite ingest knowledge`.")
    cap = settings.max_record_bytes if settings is not None else None
    return _guarded(READERS[fmt](path, max_record_bytes=cap), str(path))


def _guarded(events: Iterator[IngestEvent], origin: str) -> Iterator[IngestEvent]:
    """Turn a read failure that escapes a reader (the file vanished, a disk error) into a
    Problem, so one bad file never stops a folder's ingestion."""
    try:
        yield from events
    except InputError as error:
        yield Problem(origin, error.position or "byte 0", str(error))
    except OSError as error:
        yield Problem(origin, "byte 0", f"read error: {error}")


def read_paths(paths: Iterable[Path], settings=None) -> Iterator[IngestEvent]:
    """Every event of every readable file under ``paths``; files of no literature format
    give a Problem instead of stopping the walk."""
    for path in iter_sources(paths):
        try:
            yield from read_path(path, settings)
        except UnsupportedFormat as error:
            reason = f"{error} {error.hint}".strip()
            yield Problem(str(path), "byte 0", reason)

