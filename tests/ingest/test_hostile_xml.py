"""Untrusted XML: entity expansion, external entities and DTD fetches are never honoured."""

from __future__ import annotations

import socket
import threading

import pytest

from clinicite.ingest.document import Document, Problem
from clinicite.ingest.readers import read_path

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""


def _record(title: bytes) -> bytes:
    return (b"<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>" + title
            + b"</ArticleTitle></Article></MedlineCitation></PubmedArticle>")


class ConnectionRecorder:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n<!ENTITY leak 'LEAKED'>")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def listener():
    recorder = ConnectionRecorder()
    yield recorder
    recorder.close()


def test_billion_laughs_is_refused_without_expansion(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_bytes(BILLION_LAUGHS)
    events = list(read_path(path))
    assert len(events) == 1 and isinstance(events[0], Problem)
    assert "HostileInput" in events[0].reason and events[0].position == "prolog"


def test_external_file_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PATIENT-LIST")
    path = tmp_path / "xxe.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file://'
                     + str(secret).encode() + b'">]>\n<PubmedArticleSet>' + _record(b"&xxe;")
                     + b"</PubmedArticleSet>")
    events = list(read_path(path))
    assert any(isinstance(e, Problem) for e in events)
    assert not any(isinstance(e, Document) for e in events)
    assert "TOP-SECRET" not in repr(events)


def test_external_dtd_and_parameter_entity_over_http_are_not_fetched(tmp_path, listener):
    url = f"http://127.0.0.1:{listener.port}/evil.dtd".encode()
    with_dtd = tmp_path / "dtd.xml"
    with_dtd.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet SYSTEM "' + url + b'">\n'
                         b"<PubmedArticleSet>" + _record(b"Plain title") + b"</PubmedArticleSet>")
    (document,) = list(read_path(with_dtd))
    assert isinstance(document, Document) and document.title == "Plain title"

    parameter = tmp_path / "pe.xml"
    parameter.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY % ext SYSTEM "' + url
                          + b'"> %ext;]>\n<PubmedArticleSet>' + _record(b"&leak;") + b"</PubmedArticleSet>")
    events = list(read_path(parameter))
    assert all(isinstance(e, Problem) for e in events) and "LEAKED" not in repr(events)

    external = tmp_path / "http_entity.xml"
    external.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "' + url
                         + b'">]>\n<PubmedArticleSet>' + _record(b"&x;") + b"</PubmedArticleSet>")
    events = list(read_path(external))
    assert all(isinstance(e, Problem) for e in events)
    assert listener.connections == 0


def test_jats_with_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-JATS")
    path = tmp_path / "article.nxml"
    path.write_bytes(b'<!DOCTYPE article [<!ENTITY xxe SYSTEM "file://' + str(secret).encode()
                     + b'">]><article><front><article-meta><article-id pub-id-type="pmc">1</article-id>'
                     b"<title-group><article-title>&xxe;</article-title></title-group></article-meta></front>"
                     b"</article>")
    events = list(read_path(path))
    assert [type(e) for e in events] == [Problem] and "TOP-SECRET" not in repr(events)


def test_utf16_document_that_hides_its_dtd_from_the_byte_scan_is_still_refused(tmp_path, listener):
    # The up-front scan reads bytes; in UTF-16 the DTD only shows after decoding, so lxml's own
    # settings (no network, no entity resolution) and the parsed-DTD check must hold on their own.
    url = f"http://127.0.0.1:{listener.port}/evil.dtd"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-UTF16")
    text = (f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY % ext SYSTEM "{url}"> '
            f'%ext; <!ENTITY xxe SYSTEM "file://{secret}">]>\n<PubmedArticleSet>'
            "<PubmedArticle><MedlineCitation><PMID>3</PMID><Article><ArticleTitle>&xxe;</ArticleTitle>"
            "</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    path = tmp_path / "utf16.xml"
    path.write_bytes(text.encode("utf-16"))
    events = list(read_path(path))
    assert events and all(isinstance(e, Problem) for e in events)
    assert "TOP-SECRET" not in repr(events) and "LEAKED" not in repr(events)
    assert listener.connections == 0
