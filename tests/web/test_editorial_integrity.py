"""Review cannot be bypassed (issue 13, items 1 and 2): whoever changed a version never approves it, and the
public sees only what an approval made public: body, title, <title>, library search and JSON alike."""

from __future__ import annotations

import pytest

from clinicite.editorial import workflow
from clinicite.editorial.permissions import anonymous
from clinicite.errors import PermissionDenied

DRAFT_TITLE = "Unreviewed zebra title"


def _approved_then_edited(world, editor: str = "editor") -> tuple[int, str]:
    article_id = world.article("approved")
    approved_title = world.version(article_id, 1)["title"]
    with world.database.session() as s:
        workflow.edit(s, world.actor(editor), article_id, {"title": DRAFT_TITLE, "s1.b1": "An unreviewed claim."})
    return article_id, approved_title


def test_an_editor_never_reviews_their_own_edit(world):
    article_id, _ = _approved_then_edited(world)
    response = world.api("editor").post(f"/api/v1/articles/{article_id}/take")
    assert response.status_code == 403, response.text
    assert "edited or regenerated" in response.json()["message"]
    with world.database.session() as s:
        assert workflow.get_article(s, article_id).published_version == 1
    # Another reviewer may review it, and then the edit becomes public.
    assert world.api("reviewer").post(f"/api/v1/articles/{article_id}/take").status_code == 200
    assert world.api("reviewer").post(f"/api/v1/articles/{article_id}/approve", json={}).status_code == 200
    assert world.api(None).get(f"/api/v1/articles/{article_id}").json()["title"] == DRAFT_TITLE


def test_an_admin_who_edited_cannot_approve_after_another_took_it(world):
    article_id, _ = _approved_then_edited(world, editor="admin")
    with world.database.session() as s:
        workflow.take(s, world.actor("reviewer"), article_id)
    with world.database.session() as s:
        with pytest.raises(PermissionDenied, match="edited or regenerated"):
            workflow.approve(s, world.actor("admin"), article_id)


def test_whoever_regenerated_never_reviews_the_regeneration(world):
    article_id = world.article("approved")
    data = world.version(article_id, 1)
    with world.database.session() as s:
        workflow.regenerate(s, world.actor("editor"), article_id, {**data, "title": "Regenerated"})
    with world.database.session() as s:
        with pytest.raises(PermissionDenied, match="edited or regenerated"):
            workflow.take(s, world.actor("editor"), article_id)
    with world.database.session() as s:
        workflow.take(s, world.actor("reviewer"), article_id)
        workflow.approve(s, world.actor("reviewer"), article_id)
        assert workflow.get_article(s, article_id).published_version == 2


def test_the_public_never_sees_a_draft_title(world):
    article_id, approved_title = _approved_then_edited(world)
    public = world.api(None)
    page = public.get(f"/articles/{article_id}").text
    assert DRAFT_TITLE not in page and "An unreviewed claim." not in page
    assert f"<title>{approved_title}" in page.replace("\n", "")
    assert public.get(f"/api/v1/articles/{article_id}").json()["title"] == approved_title
    listed = public.get("/api/v1/articles").json()
    assert [a["title"] for a in listed if a["id"] == article_id] == [approved_title]
    assert public.get("/api/v1/articles", params={"q": "zebra"}).json() == []
    assert DRAFT_TITLE not in public.get("/articles", params={"q": "zebra"}).text
    assert DRAFT_TITLE not in public.get("/articles").text
    with world.database.session() as s:
        assert [a.id for a in workflow.list_articles(s, anonymous("x"), "zebra")] == []
        assert article_id in [a.id for a in workflow.list_articles(s, world.actor("reader"), approved_title[:12])]
    # Staff see the draft they are working on.
    assert world.api("editor").get(f"/api/v1/articles/{article_id}").json()["title"] == DRAFT_TITLE
