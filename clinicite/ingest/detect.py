"""Recognise an input file's format from its content, never from its name.

A download keeps whatever name the browser gave it ("efetch.fcgi", "download(3)"),
so the first bytes decide: gzip magic is unwrapped, ``%PDF`` is a PDF, XML is
told apart by its root element (``PubmedArticleSet``, ``article``,
``pmc-articleset``), MEDLINE tagged text by a leading ``PMID- `` line, HPO's
files by their headers, ORPHApackets by their key; any other decodable text
is a plain-text or Markdown document.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path
from typing import BinaryIO

from clinicite.errors import InputError, UnsupportedFormat
from clinicite.ingest.gunzip import open_gzip

SNIFF_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"

LITERATURE_FORMATS = ("medline-xml", "medline-text", "jats", "pdf", "text")
KNOWLEDGE_FORMATS = ("hpo-obo", "hpo-annotations", "orphapackets")
# A file of PubMed identifiers (what PubMed's "Send to: file, PMID" saves) names records; it holds none.
PMID_LIST = "pmid-list"

_XML_ROOTS = {
    "PubmedArticleSet": "medline-xml",
    "PubmedBookArticleSet": "medline-xml",
    "article": "jats",
    "pmc-articleset": "jats",
}
# Prolog parts that may come before the root element: declaration, PIs, comments, DOCTYPE.
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.S)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_MEDLINE_TAG = re.compile(r"\A(?:\s*\n)*PMID- ?\d", re.M)
# Only identifiers, one to eight digits each (PMIDs have at most 8), optionally "PMID:"-prefixed, separated
# by whitespace, commas or semicolons. Two at least: a lone number is more likely a note than a list.
_PMID = r"(?:PMID:?\s*)?\d{1,8}"
_PMID_LIST = re.compile(rf"\A\s*{_PMID}(?:[\s,;]+{_PMID})+[\s,;]*\Z", re.I)


def read_pmid_list(text: str) -> list[str]:
    """The PMIDs of a PMID list, in file order, each once (``[]`` when ``text`` is not such a list)."""
    if not _PMID_LIST.match(text):
        return []
    return list(dict.fromkeys(re.findall(r"\d{1,8}", text)))


def open_bytes(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, transparently decompressing gzip. Only regular files are opened:
    a FIFO or device would block the ingest or never end."""
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        raise InputError(f"{path} is not a regular file (a FIFO, socket or device); skipped", path=str(path))
    try:
        handle = path.open("rb")
    except FileNotFoundError as error:
        raise InputError(f"no such file: {path}", path=str(path)) from error
    except OSError as error:
        raise InputError(f"cannot open {path}: {error.strerror}", path=str(path)) from error
    try:
        magic = handle.read(2)
    except OSError as error:
        handle.close()
        raise InputError(f"{path} cannot be read: {error.strerror or error}", path=str(path)) from error
    if magic == GZIP_MAGIC:
        handle.seek(0)
        # ISA-L's inflate when python-isal is installed, zlib otherwise; the same bytes and errors either way.
        return open_gzip(handle)
    handle.seek(0)
    return handle


def sniff(path: Path) -> bytes:
    """The first bytes of the (decompressed) content; a truncated gzip gives what it has.

    Raises :class:`UnsupportedFormat` when the compressed stream is damaged before anything could be read."""
    with open_bytes(path) as stream:
        chunks, size = [], 0
        try:
            while size < SNIFF_BYTES:
                chunk = stream.read(SNIFF_BYTES - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except (EOFError, OSError, zlib.error) as error:
            # damaged compression: detect from what was readable, the reader reports the rest
            if not chunks:
                damaged = isinstance(error, (EOFError, gzip.BadGzipFile, zlib.error))
                raise UnsupportedFormat(f"{path} is a truncated or damaged gzip file ({error})" if damaged else
                                        f"{path} cannot be read: {error}", path=str(path),
                                        hint="Download it again." if damaged else "") from error
        return b"".join(chunks)


def decode_head(head: bytes) -> str:
    """Best-effort text of a file head for sniffing (BOM-aware; never raises)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def _xml_root(head: bytes) -> str | None:
    position = 0
    if head.startswith(codecs.BOM_UTF8):
        position = 3
    while True:
        match = _PROLOG.match(head, position)
        if not match:
            break
        position = match.end()
    match = _ROOT.match(head, position)
    return match.group(2).decode("ascii") if match else None


_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, *_UTF32_BOMS)):
        return False
    sample = head[:4096]
    return b"\x00" in sample


def detect_format(path: Path) -> str:
    """Name the format of ``path`` from its content.

    Returns one of ``medline-xml``, ``medline-text``, ``jats``, ``pdf``, ``text``,
    ``hpo-obo``, ``hpo-annotations``, ``orphapackets``, ``pmid-list``; raises
    :class:`~clinicite.errors.UnsupportedFormat` for empty or binary files.
    """
    path = Path(path)
    if path.is_dir():
        raise UnsupportedFormat(f"{path} is a folder; use iter_sources() to walk it", path=str(path))
    head = sniff(path)
    if not head.strip():
        raise UnsupportedFormat(f"{path} is empty", path=str(path))
    if head.startswith(b"%PDF") or head[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_UTF32_BOMS):  # before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one
        head = head[:len(head) - len(head) % 4].decode("utf-32", errors="ignore").encode("utf-8")
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = decode_head(head).encode("utf-8")  # sniff UTF-16 XML or text in its decoded form
    stripped = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    if stripped.startswith(b"<"):
        root = _xml_root(head)
        if root in _XML_ROOTS:
            return _XML_ROOTS[root]
        raise UnsupportedFormat(f"{path} is XML with root <{root}>, which clinicite does not read",
                                path=str(path), hint="Supported XML: PubMed <PubmedArticleSet>, "
                                                     "PMC JATS <article> and <pmc-articleset>.")
    if _looks_binary(head):
        raise UnsupportedFormat(f"{path} is a binary file of an unknown kind", path=str(path),
                                hint="Supported: PubMed XML or MEDLINE text, PMC JATS, PDF, text, Markdown.")
    text = decode_head(head)
    return _text_format(text)


def _text_format(text: str) -> str:
    if _MEDLINE_TAG.match(text):
        return "medline-text"
    if len(text) < SNIFF_BYTES and _PMID_LIST.match(text):  # the whole file was sniffed and is identifiers
        return PMID_LIST
    if re.search(r"^format-version:", text, re.M) and "[Term]" in text:
        return "hpo-obo"
    if text.lstrip().startswith("#") and re.search(r"^#?database_id\tdisease_name", text, re.M):
        return "hpo-annotations"
    if re.match(r"\A\s*[\[{]", text) and "Orphapacket" in text[:SNIFF_BYTES]:
        return "orphapackets"
    if text.startswith("#description") or re.match(r"\Adatabase_id\tdisease_name", text):
        return "hpo-annotations"
    return "text"
