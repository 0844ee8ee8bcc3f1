"""NCBI E-utilities client replaying recorded replies through httpx.MockTransport."""

from __future__ import annotations

import time

import httpx
import pytest

from clinicite.errors import ExternalServiceError
from clinicite.ingest.document import Document
from clinicite.ingest.eutils import EUtils, RateLimiter, fetch_pubmed, parse_esearch
from clinicite.settings import load_settings


class Recorded:
    """Serves tests/fixtures/ncbi files by utility and paging position; records every request."""

    def __init__(self, folder, esearch="esearch_hypotonia.json", failures=None):
        self.folder = folder
        self.esearch = esearch
        self.failures = list(failures or [])
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.failures:
            status = self.failures.pop(0)
            if status == "drop":
                raise httpx.ConnectError("connection refused", request=request)
            headers = {}
            if isinstance(status, tuple):
                status, headers = status[0], {"Retry-After": status[1]}
            return httpx.Response(status, headers=headers, text="Too Many Requests")
        name = request.url.path.rsplit("/", 1)[-1]
        if name == "esearch.fcgi":
            body = (self.folder / self.esearch).read_bytes()
            kind = "application/json" if self.esearch.endswith(".json") else "text/xml"
            return httpx.Response(200, content=body, headers={"Content-Type": kind})
        if name == "efetch.fcgi":
            start = int(request.url.params.get("retstart", "0"))
            page = 1 if start == 0 else 2
            return httpx.Response(200, content=(self.folder / f"efetch_hypotonia_{page}.xml").read_bytes(),
                                  headers={"Content-Type": "text/xml"})
        return httpx.Response(404)


@pytest.fixture
def settings(home):
    return load_settings(ncbi_api_key="KEY123", ncbi_email="team@example.org", ncbi_requests_per_second=1000)


def _client(recorded):
    return httpx.Client(transport=httpx.MockTransport(recorded))


def test_search_and_fetch_in_pages(fixtures, settings):
    recorded = Recorded(fixtures / "ncbi")
    api = EUtils(settings, _client(recorded), batch_size=2, sleep=lambda s: None)
    events = list(fetch_pubmed("hypotonia", 10, settings, eutils=api))
    assert [e.id for e in events] == ["pmid:31000011", "pmid:31000012", "pmid:31000013"]
    assert all(isinstance(e, Document) and e.origin == "pubmed:hypotonia" for e in events)
    assert events[0].sections[0].label == "BACKGROUND"
    search, first, second = recorded.requests
    assert search.url.params["term"] == "hypotonia" and search.url.params["usehistory"] == "y"
    for request in recorded.requests:
        assert request.url.params["tool"] == "clinicite"
        assert request.url.params["api_key"] == "KEY123" and request.url.params["email"] == "team@example.org"
    assert first.url.params["WebEnv"] == "MCID_6745a1b2c3d4e5f601234567" and first.url.params["query_key"] == "1"
    assert (first.url.params["retstart"], first.url.params["retmax"]) == ("0", "2")
    assert (second.url.params["retstart"], second.url.params["retmax"]) == ("2", "1")
    assert first.url.params["retmode"] == "xml"


def test_max_records_limits_the_fetch(fixtures, settings):
    recorded = Recorded(fixtures / "ncbi")
    events = list(fetch_pubmed("hypotonia", 2, settings, client=_client(recorded)))
    assert [e.pmid for e in events] == ["31000011", "31000012"]
    assert len(recorded.requests) == 2  # one esearch, one efetch of 2 records


def test_xml_esearch_reply(fixtures):
    parsed = parse_esearch((fixtures / "ncbi" / "esearch_hypotonia.xml").read_bytes())
    assert parsed == {"count": 3, "ids": ["31000011", "31000012", "31000013"],
                      "webenv": "MCID_6745a1b2c3d4e5f601234567", "query_key": "1"}


def test_esearch_error_is_an_external_service_error(fixtures, settings):
    recorded = Recorded(fixtures / "ncbi", esearch="esearch_error.json")
    with pytest.raises(ExternalServiceError, match="Invalid query syntax"):
        list(fetch_pubmed("((", 5, settings, client=_client(recorded)))


def test_retry_on_429_then_success(fixtures, settings):
    recorded = Recorded(fixtures / "ncbi", failures=[429, 503, "drop"])
    slept: list[float] = []
    api = EUtils(settings, _client(recorded), backoff_s=0.5, sleep=slept.append,
                 limiter=RateLimiter(0), batch_size=2)
    events = list(fetch_pubmed("hypotonia", 3, settings, eutils=api))
    assert len(events) == 3
    assert len(recorded.requests) == 3 + 1 + 2  # three failed tries, esearch, two efetch pages
    assert slept == [0.5, 1.0, 2.0]  # exponential backoff


def test_retry_after_header_is_honoured(fixtures, settings):
    recorded = Recorded(fixtures / "ncbi", failures=[(429, "7")])
    slept: list[float] = []
    api = EUtils(settings, _client(recorded), sleep=slept.append, limiter=RateLimiter(0), batch_size=2)
    assert len(list(fetch_pubmed("hypotonia", 3, settings, eutils=api))) == 3
    assert slept == [7.0]


def test_gives_up_after_the_last_attempt(fixtures, settings):
    recorded = Recorded(fixtures / "ncbi", failures=[429] * 10)
    api = EUtils(settings, _client(recorded), max_attempts=3, sleep=lambda s: None)
    with pytest.raises(ExternalServiceError, match="after 3 attempt"):
        list(fetch_pubmed("hypotonia", 3, settings, eutils=api))
    assert len(recorded.requests) == 3


def test_client_error_is_not_retried(fixtures, settings):
    recorded = Recorded(fixtures / "ncbi", failures=[400])
    api = EUtils(settings, _client(recorded), sleep=lambda s: None)
    with pytest.raises(ExternalServiceError, match="HTTP 400"):
        list(fetch_pubmed("hypotonia", 3, settings, eutils=api))
    assert len(recorded.requests) == 1


def test_rate_limiter_spaces_requests_with_a_fake_clock():
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 6))
        now[0] += seconds

    limiter = RateLimiter(3.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert sleeps == [round(1 / 3, 6)] * 3
    now[0] += 10  # idle time is not banked as a burst beyond one request
    limiter.wait()
    limiter.wait()
    assert len(sleeps) == 4


def test_rate_limiter_in_real_time(fixtures, home):
    settings = load_settings(ncbi_requests_per_second=20)
    recorded = Recorded(fixtures / "ncbi")
    api = EUtils(settings, _client(recorded), batch_size=1)
    start = time.monotonic()
    events = list(fetch_pubmed("hypotonia", 3, settings, eutils=api))
    elapsed = time.monotonic() - start
    assert len(events) == 3 and len(recorded.requests) == 4
    assert elapsed >= 3 / 20 * 0.95  # four requests, at least three intervals of 50 ms
