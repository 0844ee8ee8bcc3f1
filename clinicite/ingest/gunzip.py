"""Reading gzip files (RFC 1952) fast: Intel's ISA-L inflate through python-isal, zlib when it is absent.

NLM ships the PubMed baseline as ~1,300 gzip files of ~30,000 records each, and the standard library's
``gzip`` module was about a quarter of parsing a MEDLINE file (5,000 records, 64 MB of XML: 0.19 CPU s
to inflate, against 0.06 s with ISA-L's ``igzip`` inflate; lxml itself 0.53 s). ``isal`` is a plain
PyPI wheel; without it the same reader runs on :mod:`zlib`, byte for byte the same output.

One reader for both engines, so a damaged file reads the same with either: a truncated stream raises
:class:`EOFError`, a corrupt one :class:`zlib.error` (ISA-L's own error is translated), data after the
last member that is no gzip member :class:`gzip.BadGzipFile` -- the errors the ingest's problem messages
already name (:func:`clinicite.ingest.safexml._truncation_reason`, :func:`clinicite.ingest.detect.sniff`).
Members are concatenated as RFC 1952 allows, with zero padding between them accepted as ``gzip`` does.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

try:
    from isal import isal_zlib as _isal_zlib
except ImportError:       # an optional speed-up: zlib reads the same bytes
    _isal_zlib = None

GZIP_MAGIC = b"\x1f\x8b"
# Compressed bytes given to the inflater at a time. ISA-L parses ahead through all the input it holds, so
# damage anywhere in it fails the call: small chunks keep that to the few records around the damage (a
# file damaged at ~400 KB: 128 KB chunks lost 4 more whole records than 16 KB ones; the same speed).
CHUNK = 16 * 1024
# Decompressed bytes per call at most. An inflater drops what a call inflated when it then meets damage
# (and ISA-L's cannot be copied to redo the call), so small pieces keep the records just before a damaged
# block readable, and sniffing a file's head never inflates far past it. 16 KB pieces cost nothing
# measurable against 256 KB ones (4,000 calls per 64 MB).
PIECE = 16 * 1024
_GZIP_WBITS = 16 + zlib.MAX_WBITS     # a gzip header and trailer (CRC-32 and length checked)
_TRUNCATED = "Compressed file ended before the end-of-stream marker was reached"


def engine() -> str:
    """Which inflate runs: ``"isal"`` or ``"zlib"``."""
    return "isal" if _isal_zlib is not None else "zlib"


class _Inflate(io.RawIOBase):
    """The decompressed bytes of a gzip stream, member after member, never more than asked for per read
    (``max_length``), so a small file that inflates to gigabytes is read as slowly as it is consumed."""

    def __init__(self, raw: BinaryIO, module) -> None:
        super().__init__()
        self._raw = raw
        self._module = module
        self._errors: tuple[type[BaseException], ...] = (
            (module.error,) if module.error is not zlib.error else ())
        self._inflater = module.decompressobj(_GZIP_WBITS)
        self._input = b""          # compressed bytes not yet given to the inflater
        self._in_member = False    # a member was started and has not ended
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), PIECE)
        if size == 0 or self._done:
            return 0
        while True:
            if not self._in_member:
                if not self._input:
                    self._input = self._raw.read(CHUNK)
                    if not self._input:
                        self._done = True
                        return 0
                if not self._next_member():
                    continue
            fed = self._input
            try:
                out = self._inflater.decompress(fed, size)
            except self._errors as error:     # ISA-L's error, told as zlib's for the problem messages
                self._done = True
                raise zlib.error(str(error)) from error
            if self._inflater.eof:
                self._input = self._inflater.unused_data
                self._in_member = False
                self._inflater = self._module.decompressobj(_GZIP_WBITS)
            else:
                self._input = self._inflater.unconsumed_tail
            if out:
                buffer[:len(out)] = out
                return len(out)
            if self._in_member and not fed:
                # The inflater holds nothing more for the input it took: it needs the next compressed bytes.
                self._input = self._raw.read(CHUNK)
                if not self._input:
                    self._done = True
                    raise EOFError(_TRUNCATED)

    def _next_member(self) -> bool:
        """At a member boundary: True when ``_input`` starts another member, False to read more."""
        stripped = self._input.lstrip(b"\x00")        # zero padding between members, as gzip allows
        if len(stripped) < 2:
            if stripped:
                more = self._raw.read(CHUNK)
                if not more:
                    self._done = True
                    raise gzip.BadGzipFile(f"Not a gzipped file ({stripped!r})")
                self._input = stripped + more
                return self._next_member()
            self._input = b""
            return False
        if stripped[:2] != GZIP_MAGIC:
            self._done = True
            raise gzip.BadGzipFile(f"Not a gzipped file ({stripped[:2]!r})")
        self._input = stripped
        self._in_member = True
        return True

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def open_gzip(raw: BinaryIO, *, use_isal: bool = True) -> BinaryIO:
    """A buffered binary reader of the decompressed content of ``raw`` (a gzip stream, read from where it
    stands); closing it closes ``raw``. ``use_isal=False`` forces zlib."""
    module = _isal_zlib if use_isal and _isal_zlib is not None else zlib
    return io.BufferedReader(_Inflate(raw, module), PIECE)  # type: ignore[return-value]
