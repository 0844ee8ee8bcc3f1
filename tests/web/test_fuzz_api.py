"""Schemathesis fuzzes every operation of the OpenAPI document: no input may cause a server error (5xx).

Examples per operation are bounded so the run stays well under two minutes.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings


@pytest.fixture(scope="module")
def api_schema(shared_world):
    # A few real articles so that small generated ids reach real rows in every state.
    for status in ("submitted", "under_review", "approved", "changes_requested"):
        shared_world.article(status)
    shared_world.app.state.web.limiter.per_minute = 0  # the fuzzer asks far faster than a person
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", shared_world.app)


schema = schemathesis.pytest.from_fixture("api_schema")
pytestmark = pytest.mark.slow


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_input_causes_a_server_error(case, shared_world):
    for role in ("admin", None):
        headers = {"Authorization": f"Bearer {shared_world.tokens[role]}"} if role else {}
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
