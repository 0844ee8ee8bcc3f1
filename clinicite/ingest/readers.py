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
from clinicite.ingest.detect import KNOWLEDGE_FORMATS, PMID_LIST, detect_format
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
    "medline-text": read_medline_text_path,
    "jats": read_jats_path,
    "pdf": read_pdf_path,
    "text": read_text_path,
}


def _wanted(path: Path) -> bool:
    return not (path.name.startswith(".") or path.name in _IGNORED_NAMES
                or path.suffix.lower() in _IGNORED_SUFFIXES
                or _PACKAGING.match(path.name) is not None)


def iter_sources(paths: Iterable[Path], problems: list[Problem] | None = None) -> Iterator[Path]:
    """Files under ``paths`` in a deterministic order: each argument in the order given,
    folders walked depth-first with names sorted; hidden files and checksum sidecars skipped.

    What cannot be walked is reported as a Problem appended to ``problems`` (when given) rather than
    skipped silently: unreadable folders, dangling symlinks, symlinked folders (not followed, so a link
    loop or a link to ``/`` cannot run away) and FIFOs or devices. Raises
    :class:`~clinicite.errors.InputError` for an argument that does not exist."""
    report = problems.append if problems is not None else (lambda problem: None)
    for path in paths:
        path = Path(path)
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from _walk(path, report)
        elif path.is_symlink():
            report(Problem(str(path), "file", "dangling symbolic link: its target does not exist"))
        elif path.exists():
            report(Problem(str(path), "file", "not a regular file (a FIFO, socket or device); skipped"))
        else:
            raise InputError(f"no such file or folder: {path}", path=str(path))


def _walk(root: Path, report: Callable[[Problem], None]) -> Iterator[Path]:
    def unreadable(error: OSError) -> None:
        report(Problem(str(error.filename or root), "folder", f"cannot read this folder: {error.strerror}"))

    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        kept = []
        for name in sorted(subfolders):
            if name.startswith("."):
                continue
            if (Path(folder) / name).is_symlink():
                report(Problem(str(Path(folder) / name), "folder",
                               "symbolic link to a folder: not followed; name its target to ingest it"))
                continue
            kept.append(name)
        subfolders[:] = kept
        for name in sorted(files):
            candidate = Path(folder) / name
            if not _wanted(candidate):
                continue
            if candidate.is_file():
                yield candidate
            elif candidate.is_symlink() and not candidate.exists():
                report(Problem(str(candidate), "file", "dangling symbolic link: its target does not exist"))
            else:
                report(Problem(str(candidate), "file", "not a regular file (a FIFO, socket or device); skipped"))


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
    if fmt == PMID_LIST:
        # Stored as text it would be a "document" titled with numbers and cited as evidence.
        raise UnsupportedFormat(f"{path} is a list of PubMed identifiers, not a document", path=str(path),
                                hint=f"Fetch the records it names with `clinicite ingest pubmed --pmids {path}`.")
    limits = {"max_record_bytes": settings.max_record_bytes if settings is not None else None}
    if fmt == "text" and settings is not None:
        limits["max_document_bytes"] = settings.max_document_bytes
    return _guarded(READERS[fmt](path, **limits), str(path))


def _guarded(events: Iterator[IngestEvent], origin: str) -> Iterator[IngestEvent]:
    """Turn a read failure that escapes a reader (the file vanished, a disk error) into a
    Problem, so one bad file never stops a folder's ingestion."""
    try:
        yield from events
    except InputError as error:
        yield Problem(origin, error.position or "byte 0", str(error))
    except OSError as error:
        yield Problem(origin, "byte 0", f"read error: {error}")
    except MemoryError:
        yield Problem(origin, "byte 0", "ran out of memory reading this file; the rest of it was skipped")


def read_paths(paths: Iterable[Path], settings=None) -> Iterator[IngestEvent]:
    """Every event of every readable file under ``paths``; files of no literature format, unreadable
    files and whatever the walk could not enter give a Problem instead of stopping the walk."""
    skipped: list[Problem] = []
    for path in iter_sources(paths, skipped):
        yield from skipped
        skipped.clear()
        try:
            yield from read_path(path, settings)
        except InputError as error:  # UnsupportedFormat, or a file that cannot be opened (mode 000)
            reason = f"{error} {error.hint}".strip()
            yield Problem(str(path), "byte 0", reason)
    yield from skipped

