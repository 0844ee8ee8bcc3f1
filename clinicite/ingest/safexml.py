"""The one place lxml is configured for untrusted XML.

Every XML reader in the ingest stage (MEDLINE, JATS, E-utilities replies)
streams records through :func:`iter_records`, which parses with

* no entity substitution beyond the five predefined ones and character
  references (``resolve_entities=False``), so "billion laughs" never expands;
* no DTD loading and no network (``load_dtd=False``, ``no_network=True``), so
  an external entity or a ``DOCTYPE`` pointing at ``file://`` or ``http://`` is
  never read or fetched, and a resolver that refuses anything lxml asks for;
* ``huge_tree`` on (libxml2 otherwise rejects text nodes over 10 MB, and real
  abstracts of book chapters can be long), but only together with a byte cap
  per record (``settings.max_record_bytes``) enforced on the bytes we hand to
  the parser, so one record can never grow without bound;
* an element cap per record (:data:`MAX_RECORD_ELEMENTS`), counted on the
  same bytes, because a few KB of gzip can hold millions of empty elements
  whose tree costs gigabytes although the bytes stay under the cap;
* ``iterparse`` over the record elements, clearing each one and dropping its
  finished siblings, so a 1 GB baseline file is read in constant memory;
* invalid UTF-8 in a UTF-8 document replaced by U+FFFD before the parser sees
  it (with one Problem saying where), so one bad byte does not end the file.

A document whose internal DTD subset declares entities is refused whole with a
:class:`~clinicite.errors.HostileInput` reason: NLM and PMC files never declare
entities inline, so such a file is either an attack or not ours to read.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from clinicite.errors import HostileInput
from clinicite.ingest.document import Problem

DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024
PROLOG_BYTES = 64 * 1024
FEED_BYTES = 64 * 1024        # bytes read and fed to the parser at a time
# The largest real records (PMC articles with big tables) hold a few hundred thousand elements;
# a million costs lxml roughly 200-300 MB, which bounds what one hostile record can take.
MAX_RECORD_ELEMENTS = 1_000_000
_DECLARED_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_REPLACEMENT = "\ufffd".encode()
# An internal DTD subset that declares an entity (general or parameter) before the root element.
_INLINE_ENTITY = re.compile(rb"<!DOCTYPE[^\[>]*\[[^\]]*?<!ENTITY", re.S)


class RecordTooLarge(Exception):
    """Internal signal: the bytes since the last finished record passed the cap."""


class RecordTooComplex(Exception):
    """Internal signal: more elements since the last finished record than :data:`MAX_RECORD_ELEMENTS`."""


class _RefuseEverything(etree.Resolver):
    """Answers every request for an external resource with an empty document."""

    def resolve(self, system_url, public_id, context):  # noqa: D401 - lxml's API
        return self.resolve_string("", context)


class CappedReader(io.RawIOBase):
    """A read-only wrapper that counts bytes and enforces a per-record cap.

    :meth:`mark` is called after each finished record; if more than ``cap``
    bytes are read before the next mark, :class:`RecordTooLarge` is raised from
    inside the parser, which stops it before the record is held in memory.
    """

    def __init__(self, raw: BinaryIO, cap: int, head: bytes = b"", max_elements: int = MAX_RECORD_ELEMENTS,
                 repair_utf8: bool = False) -> None:
        super().__init__()
        self._raw = raw
        # One read of the stream below per call where it offers that (a buffered reader's read1): a read that
        # loops over several would lose the pieces it had when the last one fails (damaged gzip).
        self._read_raw = getattr(raw, "read1", raw.read)
        self._head = head
        self._cap = cap
        self._max_elements = max_elements
        self.position = 0
        self._mark = 0
        self._elements = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace") if repair_utf8 else None
        self.repaired_at: int | None = None  # where the first invalid UTF-8 byte was replaced

    def readable(self) -> bool:
        return True

    def mark(self) -> None:
        self._mark = self.position
        self._elements = 0

    def _take(self, size: int | None) -> bytes:
        if self._head:
            cut = len(self._head) if size is None or size < 0 else size
            data, self._head = self._head[:cut], self._head[cut:]
            return data
        return self._read_raw(size)

    def read(self, size: int = -1) -> bytes:
        data = self._take(size)
        if self._decoder is not None:
            fixed = self._repaired(data)
            while data and not fixed:      # a read shorter than a character: b"" would read as the end
                data = self._take(size)
                fixed = self._repaired(data)
            data = fixed
        self.position += len(data)
        if self.position - self._mark > self._cap:
            raise RecordTooLarge(self.position)
        # Every element has one "<" that does not start "</"; comments and the prolog count too (harmless).
        self._elements += data.count(b"<") - data.count(b"</")
        if self._elements > self._max_elements:
            raise RecordTooComplex(self.position)
        return data

    def _repaired(self, data: bytes) -> bytes:
        # ASCII is valid UTF-8: such a chunk (most of a MEDLINE file) passes as it is, unless the decoder holds
        # the first bytes of a character cut by the previous chunk (0.06 -> 0.01 CPU s per 64 MB of XML).
        if data and not self._decoder.getstate()[0]:
            if data.isascii():
                return data
            try:
                data.decode("utf-8")        # valid, and ends on a character boundary: passes as it is
                return data
            except UnicodeDecodeError:
                pass                        # the decoder below replaces it, or keeps a cut character's start
        text = self._decoder.decode(data, final=not data)
        fixed = text.encode("utf-8")
        if self.repaired_at is None and fixed != data and "\ufffd" in text and _REPLACEMENT not in data:
            self.repaired_at = self.position
        return fixed


@dataclass
class XmlRecord:
    """One record element, its 1-based number among records, and the root tag."""

    number: int
    element: etree._Element


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text_of(element: etree._Element | None) -> str:
    """All text under ``element`` (inline markup such as <i>, <sup> kept as plain text),
    with runs of whitespace folded to one space."""
    if element is None:
        return ""
    text = element.text or "" if len(element) == 0 else "".join(element.itertext())
    # Most MEDLINE values are already clean; folding them is the hot path of parsing.
    if "  " in text or "\n" in text or "\t" in text or text[:1].isspace() or text[-1:].isspace():
        return " ".join(text.split())
    return text


def _declares_entities(element: etree._Element) -> bool:
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is None:
        return False
    return any(True for _ in dtd.iterentities())


def _truncation_reason(error: BaseException) -> str | None:
    if isinstance(error, EOFError):
        return f"file ends early (truncated compressed stream): {error}"
    if isinstance(error, (zlib.error, gzip.BadGzipFile)):
        return f"compressed stream is damaged: {error}"
    return None


def iter_records(stream: BinaryIO, tags: Iterable[str], *, origin: str,
                 max_record_bytes: int | None = None,
                 roots: dict | None = None) -> Iterator[XmlRecord | Problem]:
    """Stream ``tags`` elements of ``stream`` in document order.

    Yields :class:`XmlRecord` for each element (valid only until the next
    item: it is cleared afterwards) and :class:`Problem` for what went wrong;
    after a Problem about the file itself (invalid XML, truncation, hostile
    DTD, record over the cap) nothing more is yielded. ``roots``, if given,
    receives the root element's local name under ``"root"``.
    """
    cap = max_record_bytes or DEFAULT_MAX_RECORD_BYTES
    try:
        head = stream.read(PROLOG_BYTES)
    except (EOFError, zlib.error, OSError) as error:
        yield Problem(origin, "byte 0", _truncation_reason(error) or f"read error: {error}")
        return
    if _INLINE_ENTITY.search(head):
        yield _hostile(origin)
        return
    reader = CappedReader(stream, cap, head, repair_utf8=_is_utf8(head))
    wanted = tuple(tags) + tuple("{*}" + t for t in tags)
    # A pull parser fed by this loop rather than iterparse reading the stream itself: when a piece of input
    # breaks the XML, the records it completed before the break are still delivered (lxml 6's iterparse
    # drops them with the error), and the pieces are the reader's, so its caps apply to each one read.
    parser = etree.XMLPullParser(
        events=("end",), tag=wanted, resolve_entities=False, load_dtd=False,
        no_network=True, dtd_validation=False, attribute_defaults=False, huge_tree=True,
        remove_comments=True, remove_pis=True, recover=False)
    parser.resolvers.add(_RefuseEverything())
    number = 0
    checked = False
    root = None
    try:
        while True:
            data = reader.read(FEED_BYTES)
            failure: etree.XMLSyntaxError | None = None
            before = number
            try:
                if data:
                    parser.feed(data)
                else:
                    root = parser.close()
            except etree.XMLSyntaxError as error:
                failure = error
            # A close that fails (the input ended inside an element) ends every element still open, and
            # lxml reports those as finished: such a half record is never yielded.
            events = parser.read_events() if data or failure is None else ()
            for _event, element in events:
                if not checked:
                    checked = True
                    if _declares_entities(element):
                        yield _hostile(origin)
                        return
                number += 1
                yield XmlRecord(number, element)
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
            if number != before:
                reader.mark()       # a record ended: the byte and element caps count afresh
            if failure is not None:
                raise failure
            if not data:
                break
        if root is not None:
            if not checked and _declares_entities(root):
                yield _hostile(origin)
                return
            if roots is not None:
                roots["root"] = local_name(root)
    except RecordTooLarge:
        yield Problem(origin, f"record {number + 1}",
                      f"record is larger than max_record_bytes ({cap} bytes); skipped the rest of the file")
    except RecordTooComplex:
        yield Problem(origin, f"record {number + 1}",
                      f"record holds more than {MAX_RECORD_ELEMENTS:,} elements (an element bomb or not a "
                      "bibliographic record); skipped the rest of the file")
    except MemoryError:
        yield Problem(origin, f"record {number + 1}",
                      f"ran out of memory reading record {number + 1}; skipped the rest of the file")
    except etree.XMLSyntaxError as error:
        if "amplification" in (error.msg or "") or "entity" in (error.msg or "").lower() and "loop" in error.msg:
            yield _hostile(origin)
            return
        line = error.position[0] if error.position else "?"
        yield Problem(origin, f"line {line}",
                      f"invalid XML after {number} good record(s): {error.msg}")
    except (EOFError, zlib.error, OSError) as error:
        yield Problem(origin, f"byte {reader.position}",
                      _truncation_reason(error) or f"read error after {number} record(s): {error}")
    if reader.repaired_at is not None:
        yield Problem(origin, f"byte {reader.repaired_at}",
                      "invalid UTF-8 replaced by U+FFFD; the records around it were kept")


def _is_utf8(head: bytes) -> bool:
    """True when the document is UTF-8 (declared, or by default without a declaration or UTF-16 BOM)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    declared = _DECLARED_ENCODING.match(head)
    return declared is None or declared.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8")


def _hostile(origin: str) -> Problem:
    error = HostileInput("the document declares entities in its DTD (entity expansion or external "
                         "fetch attempt); refused", path=origin, position="prolog")
    return Problem(origin, "prolog", f"{type(error).__name__}: {error}")


def parse_small(data: bytes, *, origin: str) -> etree._Element:
    """Parse a whole small XML reply (e.g. an E-utilities esearch result) with the same
    safe settings. Raises :class:`HostileInput` if it declares entities."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    parser.resolvers.add(_RefuseEverything())
    root = etree.fromstring(data, parser)
    if _declares_entities(root):
        raise HostileInput("XML reply declares entities; refused", path=origin)
    return root
