"""The editorial core without HTTP: state machine, versions, audit, privacy, retention, rate limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from .conftest import CASE, LATER, LATER_PMID, citations_resolve
from sqlalchemy import select

from clinicite.editorial import answers, workflow
from clinicite.editorial.permissions import anonymous
from clinicite.errors import RateLimited
from clinicite.web.security import MinuteQuota
from clinicite.errors import InputError, NotFound, PermissionDenied, WorkflowError
from clinicite.store.base import utcnow
from clinicite.store.editorial import AuditRow
from clinicite.store.threads import AnswerRow
from clinicite.store.threads import ThreadRow


def test_article_goes_from_submitted_to_public_with_an_audit_trail(world):
    article_id = world.article("approved")
    with world.database.session() as s:
        article = workflow.get_article(s, article_id)
        assert (article.status, article.published_version) == ("approved", 1)
        # The public (anonymous) now reads version 1.
        assert workflow.viewable_version(anonymous("x"), article) == 1
        trail = workflow.audit_trail(s, world.actor("editor"), "article", article_id)
        assert [a.action for a in reversed(trail)] == ["submit", "take", "approve"]
        approve = trail[0]
        assert approve.actor == "reviewer@example.org"
        assert approve.before["status"] == "under_review" and approve.after["status"] == "approved"
        assert approve.after["published_version"] == 1


def test_draft_is_hidden_from_the_public_and_from_other_readers(world):
    article_id = world.article("under_review")
    with world.database.session() as s:
        article = workflow.get_article(s, article_id)
        with pytest.raises(NotFound):
            workflow.viewable_version(anonymous("x"), article)
        with pytest.raises(NotFound):
            workflow.viewable_version(world.actor("reader"), article)
        assert workflow.viewable_version(world.actor("author"), article) == 1  # its own author
        assert [a.id for a in workflow.list_articles(s, anonymous("x"))] == []


@pytest.mark.parametrize("status, action", [
    ("submitted", workflow.approve), ("submitted", workflow.reject), ("approved", workflow.take),
    ("rejected", workflow.approve), ("changes_requested", workflow.approve)])
def test_review_actions_outside_their_state_are_refused(world, status, action):
    article_id = world.article(status)
    with world.database.session() as s:
        with pytest.raises(WorkflowError):
            action(s, world.actor("editor"), article_id)


def test_nobody_reviews_their_own_article(world):
    article_id = world.article("submitted", author="reviewer")
    with world.database.session() as s:
        with pytest.raises(PermissionDenied, match="own article"):
            workflow.take(s, world.actor("reviewer"), article_id)


def test_request_changes_anchors_comments_and_the_author_revises(world):
    article_id = world.article("changes_requested")
    old = world.version(article_id, 1)
    # The last statement of the last section goes; the first is reworded.
    last = len(old["sections"])
    gone = f"s{last}.b{len(old['sections'][-1]['bullets'])}"
    assert gone != "s1.b1", "the real answer should hold more than one statement"
    removed_text = old["sections"][-1]["bullets"][-1]["text"]
    with world.database.session() as s:
        (comment,) = workflow.comments(s, article_id)
        assert (comment.anchor, comment.version) == ("s1.b1", 1)
        with pytest.raises(InputError, match="names no section"):
            workflow.request_changes(s, world.actor("reviewer"), article_id,
                                     [{"anchor": f"s{last + 1}.b1", "body": "x"}])
    with world.database.session() as s:
        # The author may revise their own article now; a reader may not.
        with pytest.raises(PermissionDenied):
            workflow.edit(s, world.actor("reader"), article_id, {"title": "Other"})
        workflow.edit(s, world.actor("author"), article_id, {"s1.b1": "Fever of five days or more.", gone: ""},
                      note="addressed review")
    with world.database.session() as s:
        article = workflow.get_article(s, article_id)
        assert (article.status, article.current_version) == ("submitted", 2)
    new = world.version(article_id, 2)
    first, first_before = new["sections"][0]["bullets"][0], old["sections"][0]["bullets"][0]
    assert first["text"] == "Fever of five days or more."
    assert first["citations"] == first_before["citations"]  # citations kept with their statement
    count = lambda data: sum(len(section["bullets"]) for section in data["sections"])  # noqa: E731
    assert count(new) == count(old) - 1                     # emptied bullet removed
    lines = workflow.diff(old, new)
    assert any(k == "add" and "Fever of five days or more." in t for k, t in lines)
    assert any(k == "remove" and removed_text in t for k, t in lines)


def test_editing_an_approved_article_keeps_the_public_version_until_the_new_one_is_approved(world):
    article_id = world.article("approved")
    with world.database.session() as s:
        workflow.edit(s, world.actor("editor"), article_id, {"bottom_line": "Revised bottom line."})
    with world.database.session() as s:
        article = workflow.get_article(s, article_id)
        assert (article.status, article.current_version, article.published_version) == ("submitted", 2, 1)
        assert workflow.viewable_version(anonymous("x"), article) == 1
        with pytest.raises(WorkflowError):
            workflow.take(s, world.actor("reviewer"), article_id) and workflow.edit(
                s, world.actor("editor"), article_id, {"title": "x"})
    with world.database.session() as s:
        workflow.approve(s, world.actor("reviewer"), article_id)
    with world.database.session() as s:
        assert workflow.get_article(s, article_id).published_version == 2


def test_regenerating_after_new_evidence_needs_review_again(world):
    article_id = world.article("approved")
    before = world.version(article_id, 1)
    assert LATER_PMID not in {r["pmid"] for r in before["references"]}
    # New evidence arrives: a trial ingested into the home, then the question is answered again.
    summary = world.core.ingest([LATER])
    assert summary.added == 1 and not summary.problems
    with world.database.session() as s:
        question = workflow.get_article(s, article_id).question
    fresh = world.core.ask(question).to_dict()
    with world.database.session() as s:
        with pytest.raises(PermissionDenied):
            workflow.regenerate(s, world.actor("reviewer"), article_id, fresh)
        workflow.regenerate(s, world.actor("editor"), article_id, fresh)
    with world.database.session() as s:
        article = workflow.get_article(s, article_id)
        assert (article.status, article.current_version, article.published_version) == ("submitted", 2, 1)
        assert workflow.get_version(s, article_id, 2).origin == "regenerate"
    after = world.version(article_id, 2)
    citations_resolve(after)
    cited = {r["pmid"] for r in after["references"]}
    assert LATER_PMID in cited  # the new trial is cited in the regenerated version
    assert world.version(article_id, 1) == before  # the published version is untouched


def test_purge_removes_case_text_older_than_the_retention(world):
    old, new = world.answer("reader", "an old case"), world.answer("reader", "a new case")
    with world.database.session() as s:
        s.get(ThreadRow, s.get(AnswerRow, old).thread_id).updated_at = utcnow() - timedelta(days=40)
    with world.database.session() as s:
        assert answers.purge_cases(s, 0) == 0          # 0 keeps forever
        assert answers.purge_cases(s, 30) == 1
    with world.database.session() as s:
        assert s.get(AnswerRow, old) is None and s.get(AnswerRow, new) is not None


def test_case_text_stays_out_of_the_log_unless_enabled(world, caplog):
    with world.database.session() as s, caplog.at_level("INFO", logger="clinicite.web"):
        case = "Patient Jane Roe. " + CASE
        answers.ask(s, world.core, world.actor("reader"), case, "clinician")
        assert "Jane Roe" not in caplog.text
        answers.ask(s, world.core, world.actor("reader"), case, "clinician", log_case_text=True)
        assert "Jane Roe" in caplog.text


def test_questions_are_checked_before_the_core_is_asked(world):
    with world.database.session() as s:
        for question, audience in [("  ", "clinician"), ("x" * 9000, "clinician"), ("ok?", "doctor")]:
            with pytest.raises(InputError):
                answers.ask(s, world.core, world.actor("reader"), question, audience)
    assert world.count(AnswerRow) == 0 and world.count(ThreadRow) == 0  # the core was not asked


def test_every_action_is_audited(world):
    world.article("rejected")
    with world.database.session() as s:
        actions = [a.action for a in s.scalars(select(AuditRow).order_by(AuditRow.id))]
    assert actions[-3:] == ["submit", "take", "reject"]
    assert actions.count("create_user") == 5 and actions.count("issue_token") == 5


def test_rate_limiter_is_a_sliding_minute():
    limiter = MinuteQuota(per_minute=2)
    limiter.hit("a", now=0.0)
    limiter.hit("a", now=10.0)
    limiter.hit("b", now=10.0)  # another key has its own window
    with pytest.raises(RateLimited) as raised:
        limiter.hit("a", now=30.0)
    assert raised.value.retry_after == 30
    limiter.hit("a", now=60.5)  # the first event left the window
