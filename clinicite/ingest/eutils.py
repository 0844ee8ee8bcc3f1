"""NCBI E-utilities client: search PubMed and fetch the records as IngestEvents.

``esearch`` with ``usehistory=y`` keeps the result set on NCBI's history server,
then ``efetch`` pages through it 200 records at a time (XML), and each reply is
read by the MEDLINE XML reader, so a fetched record is the same Document a
baseline file would give. Requests carry ``tool=clinicite``, the contact e-mail
and API key from Settings, are spaced to ``ncbi_requests_per_second`` (NCBI
allows 3/s, 10/s with a key), and are retried with exponential backoff on 429,
5xx and network errors; after the last try an
:class:`~clinicite.errors.ExternalServiceError` says what failed.
Reference: "Entrez Programming Utilities Help", https://www.ncbi.nlm.nih.gov/books/NBK25501/.
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterator

import httpx

from clinicite.errors import ExternalServiceError
from clinicite.ingest.document import IngestEvent, Problem
from clinicite.ingest.medline import read_medline_xml
from clinicite.ingest.safexml import parse_small

EFETCH_BATCH = 200
TOOL = "clinicite"
_RETRY_STATUS = {429, 500, 502, 503, 504}


class RateLimiter:
    """Spaces calls at least ``1 / rate`` seconds apart (a leaky bucket of size one)."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._clock, self._sleep = clock, sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self.interval


class EUtils:
    """A small E-utilities client over an injectable :class:`httpx.Client`."""

    def __init__(self, settings, client: httpx.Client | None = None, *, max_attempts: int = 4,
                 backoff_s: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 limiter: RateLimiter | None = None, batch_size: int = EFETCH_BATCH) -> None:
        self.settings = settings
        self.base_url = settings.ncbi_base_url.rstrip("/") + "/"
        self.client = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0))
        self.max_attempts = max(1, max_attempts)
        self.backoff_s = backoff_s
        self.batch_size = max(1, batch_size)
        self._sleep = sleep
        self.limiter = limiter or RateLimiter(settings.ncbi_requests_per_second, sleep=sleep)

    def _params(self, params: dict) -> dict:
        common = {"tool": TOOL}
        if self.settings.ncbi_email:
            common["email"] = self.settings.ncbi_email
        if self.settings.ncbi_api_key:
            common["api_key"] = self.settings.ncbi_api_key
        return {**params, **common}

    def get(self, utility: str, params: dict) -> httpx.Response:
        """GET ``utility`` (e.g. ``esearch.fcgi``), retrying transient failures."""
        url = self.base_url + utility
        last = "no attempt made"
        for attempt in range(1, self.max_attempts + 1):
            self.limiter.wait()
            try:
                response = self.client.get(url, params=self._params(params))
            except httpx.TransportError as error:
                last = f"{type(error).__name__}: {error}"
                delay = self.backoff_s * 2 ** (attempt - 1)
            else:
                if response.status_code < 400:
                    return response
                last = f"HTTP {response.status_code}"
                if response.status_code not in _RETRY_STATUS:
                    break
                waited = _retry_after(response)
                delay = waited if waited is not None else self.backoff_s * 2 ** (attempt - 1)
            if attempt < self.max_attempts:
                self._sleep(delay)
        raise ExternalServiceError(f"NCBI {utility} failed after {attempt} attempt(s): {last}",
                                   hint="Check the network and NCBI status; set ncbi_api_key for a "
                                        "higher rate limit.")

    def esearch(self, query: str, max_records: int) -> dict:
        """Run the query; return ``count``, ``ids`` and, when NCBI kept them, ``webenv``/``query_key``."""
        response = self.get("esearch.fcgi", {"db": "pubmed", "term": query, "usehistory": "y",
                                             "retmax": min(max_records, 10_000), "retmode": "json"})
        return parse_esearch(response.content)

    def efetch(self, search: dict, start: int, count: int) -> bytes:
        params = {"db": "pubmed", "retmode": "xml", "rettype": "xml"}
        if search.get("webenv") and search.get("query_key"):
            params.update(WebEnv=search["webenv"], query_key=search["query_key"],
                          retstart=start, retmax=count)
        else:
            params["id"] = ",".join(search["ids"][start:start + count])
        return self.get("efetch.fcgi", params).content


def parse_esearch(body: bytes) -> dict:
    """Read an esearch reply, JSON (``retmode=json``) or XML (``eSearchResult``)."""
    text = body.lstrip()
    if text.startswith(b"{"):
        try:
            result = json.loads(body)["esearchresult"]
        except (ValueError, KeyError) as error:
            raise ExternalServiceError(f"NCBI esearch reply is not the expected JSON: {error}") from error
        if "ERROR" in result:
            raise ExternalServiceError(f"NCBI esearch error: {result['ERROR']}")
        return {"count": int(result.get("count", 0)), "ids": list(result.get("idlist", [])),
                "webenv": result.get("webenv"), "query_key": result.get("querykey")}
    try:
        root = parse_small(body, origin="esearch")
    except Exception as error:  # noqa: BLE001 - any unreadable reply (incl. HostileInput) is the service's failure
        raise ExternalServiceError(f"NCBI esearch reply is not readable XML: {error}") from error
    error_text = root.findtext("ERROR")
    if root.tag != "eSearchResult" or error_text:
        raise ExternalServiceError(f"NCBI esearch error: {error_text or root.tag}")
    return {"count": int(root.findtext("Count") or 0),
            "ids": [node.text.strip() for node in root.iterfind("IdList/Id") if node.text],
            "webenv": root.findtext("WebEnv"), "query_key": root.findtext("QueryKey")}


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value and value.strip().isdigit():
        return min(float(value.strip()), 60.0)
    return None


def fetch_pubmed(query: str, max_records: int, settings, client: httpx.Client | None = None,
                 *, eutils: EUtils | None = None) -> Iterator[IngestEvent]:
    """Search PubMed for ``query`` and yield up to ``max_records`` records as IngestEvents.

    Raises :class:`~clinicite.errors.ExternalServiceError` when NCBI keeps failing."""
    api = eutils or EUtils(settings, client)
    search = api.esearch(query, max_records)
    total = min(search["count"], max_records)
    if not (search.get("webenv") and search.get("query_key")):
        total = min(total, len(search["ids"]))
    origin = f"pubmed:{query}"
    fetched = 0
    for start in range(0, total, api.batch_size):
        body = api.efetch(search, start, min(api.batch_size, total - start))
        for event in read_medline_xml(io.BytesIO(body), origin=origin,
                                      max_record_bytes=settings.max_record_bytes):
            if isinstance(event, Problem):
                yield event
                continue
            if fetched >= total:
                return
            fetched += 1
            yield event
