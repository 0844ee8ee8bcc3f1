"""Every role against every route, API and pages, from one table of expectations.

The expected roles are written out here by hand (not read from the code's
permission table), so a change of policy has to change this table too.
Each case builds the article or answer it needs through the real workflow.
"""

from __future__ import annotations

import itertools

import pytest
from .conftest import csrf_of

ROLES = ("anonymous", "reader", "author", "reviewer", "editor", "admin")
ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous"}
WRITERS = {"author", "reviewer", "editor", "admin"}
REVIEWERS = {"reviewer", "editor", "admin"}
EDITORS = {"editor", "admin"}
ADMIN = {"admin"}
DRAFT_READERS = {"author", "reviewer", "editor", "admin"}  # the author wrote every draft below
_counter = itertools.count()


def _reviewer_for(role: str) -> str:
    """Articles under review are taken by the tested role when it may review, else by the reviewer."""
    return role if role in REVIEWERS else "reviewer"


def _setup(world, role: str, need: str):
    if need == "none":
        return {}
    if need == "own_answer":
        owner = role if role != "anonymous" else "reader"
        return {"answer": world.answer(owner)}
    if need == "under_review":
        return {"article": world.article("under_review", reviewer=_reviewer_for(role))}
    if need == "user":
        return {"user": world.users["reader"].id}
    return {"article": world.article(need)}


# (name, method, path, json payload, what the case needs, roles that succeed, roles that see 404)
API_CASES = [
    ("health", "GET", "/api/v1/health", None, "none", ALL, set()),
    ("session", "GET", "/api/v1/session", None, "none", ALL, set()),
    ("corpus", "GET", "/api/v1/corpus", None, "none", ALL, set()),
    ("search", "GET", "/api/v1/search?q=kawasaki", None, "none", ALL, set()),
    ("ask", "POST", "/api/v1/ask", {"question": "Kawasaki?"}, "none", ALL, set()),
    ("list articles", "GET", "/api/v1/articles", None, "none", ALL, set()),
    ("read approved", "GET", "/api/v1/articles/{article}", None, "approved", ALL, set()),
    ("read draft", "GET", "/api/v1/articles/{article}", None, "submitted", DRAFT_READERS, {"anonymous", "reader"}),
    ("draft versions", "GET", "/api/v1/articles/{article}/versions", None, "submitted", DRAFT_READERS,
     {"anonymous", "reader"}),
    ("diff", "GET", "/api/v1/articles/{article}/diff?old=1&new=1", None, "submitted", REVIEWERS, set()),
    ("submit answer", "POST", "/api/v1/answers/{answer}/submit", None, "own_answer", WRITERS, set()),
    ("take", "POST", "/api/v1/articles/{article}/take", None, "submitted", REVIEWERS, set()),
    ("approve", "POST", "/api/v1/articles/{article}/approve", {"note": ""}, "under_review", REVIEWERS, set()),
    ("reject", "POST", "/api/v1/articles/{article}/reject", {"note": "no"}, "under_review", REVIEWERS, set()),
    ("request changes", "POST", "/api/v1/articles/{article}/request-changes",
     {"comments": [{"anchor": "s1", "body": "why?"}]}, "under_review", REVIEWERS, set()),
    ("edit submitted", "POST", "/api/v1/articles/{article}/edit", {"changes": {"title": "New"}}, "submitted",
     EDITORS, set()),
    ("author revises", "POST", "/api/v1/articles/{article}/edit", {"changes": {"title": "New"}},
     "changes_requested", EDITORS | {"author"}, set()),
    ("regenerate", "POST", "/api/v1/articles/{article}/regenerate", None, "approved", EDITORS, set()),
    ("audit", "GET", "/api/v1/articles/{article}/audit", None, "approved", EDITORS, set()),
    ("review queue", "GET", "/api/v1/review-queue", None, "none", REVIEWERS, set()),
    ("list users", "GET", "/api/v1/users", None, "none", ADMIN, set()),
    ("create user", "POST", "/api/v1/users", "new-user", "none", ADMIN, set()),
    ("set role", "POST", "/api/v1/users/{user}/role", {"role": "reader"}, "user", ADMIN, set()),
    ("own answer", "GET", "/api/v1/answers/{answer}", None, "own_answer", SIGNED_IN, {"anonymous"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=[c[0] for c in API_CASES])
def test_api_permissions(shared_world, role, case):
    name, method, path, payload, need, allowed, hidden = case
    ids = _setup(shared_world, role, need)
    if payload == "new-user":
        payload = {"email": f"new{next(_counter)}@example.org", "role": "reader"}
    client = shared_world.api(role)
    response = client.request(method, path.format(**ids), json=payload)
    if role in allowed:
        assert response.status_code < 400, (name, role, response.text)
    elif role in hidden:
        assert response.status_code == 404, (name, role, response.text)
    else:
        expected = 401 if role == "anonymous" else 403
        assert response.status_code == expected, (name, role, response.text)


# Pages: (name, path, what the case needs, roles that get the page, roles that see 404)
PAGE_CASES = [
    ("ask", "/", "none", ALL, set()),
    ("library", "/articles", "none", ALL, set()),
    ("policy", "/policy", "none", ALL, set()),
    ("corpus", "/corpus", "none", ALL, set()),
    ("approved article", "/articles/{article}", "approved", ALL, set()),
    ("draft article", "/articles/{article}", "submitted", DRAFT_READERS, {"anonymous", "reader"}),
    ("diff", "/articles/{article}/diff?old=1&new=1", "submitted", REVIEWERS, set()),
    ("edit page", "/articles/{article}/edit", "changes_requested", EDITORS | {"author"}, set()),
    ("review queue", "/review", "none", REVIEWERS, set()),
    ("users", "/users", "none", ADMIN, set()),
    ("own answer", "/answers/{answer}", "own_answer", SIGNED_IN, {"anonymous"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=[c[0] for c in PAGE_CASES])
def test_page_permissions(shared_world, role, case):
    name, path, need, allowed, hidden = case
    ids = _setup(shared_world, role, need)
    response = shared_world.browser(role, reuse=True).get(path.format(**ids), follow_redirects=False)
    if role in allowed:
        assert response.status_code == 200, (name, role, response.text[:300])
    elif role in hidden:
        assert response.status_code == 404
    elif role == "anonymous":
        assert response.status_code == 303 and response.headers["location"].startswith("/signin")
    else:
        assert response.status_code == 403 and "Not allowed" in response.text


@pytest.mark.parametrize("role", ["anonymous", "reader", "author"])
def test_review_forms_refuse_roles_without_review_rights(shared_world, role):
    article_id = shared_world.article("under_review")
    client = shared_world.browser(role)
    csrf = csrf_of(client.get("/").text)
    response = client.post(f"/articles/{article_id}/approve", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code in (401, 403)
    assert shared_world.api("editor").get(f"/api/v1/articles/{article_id}").json()["status"] == "under_review"
