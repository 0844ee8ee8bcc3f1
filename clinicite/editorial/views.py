"""Plain-dict views of answers, articles and users, shared by the JSON API and the HTML pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clinicite.editorial import workflow
from clinicite.editorial.accounts import token_state
from clinicite.editorial.identifiers import flag_view
from clinicite.editorial.permissions import Actor
from clinicite.store.editorial import ArticleRow, UserRow
from clinicite.store.threads import AnswerRow


def answer_view(row: AnswerRow) -> dict[str, Any]:
    """One's own answer; ``identifier_flags`` warn before it is submitted for publication."""
    return {"id": row.id, "thread_id": row.thread_id, "question": row.question, "audience": row.audience,
            "created_at": row.created_at, "answer": row.data, "identifier_flags": flag_view(row.question)}


def shown_title(actor: Actor, article: ArticleRow) -> str:
    """The approved title for the public; the draft's title only for staff and the article's author."""
    if workflow.can_view_draft(actor, article) or article.published_version is None:
        return article.title
    return article.published_title or article.title


def article_summary(article: ArticleRow, names: dict[int | None, str] | None = None,
                    actor: Actor | None = None) -> dict[str, Any]:
    """``actor`` None means the caller shows it to staff only (the review queue, a reviewer's action).

    The draft-visibility rule lives here, once: whoever may not read the article's draft sees it as the
    approved version it was published as (its status, version number and title).
    """
    names = names or {}
    title = article.title if actor is None else shown_title(actor, article)
    hidden = actor is not None and not workflow.can_view_draft(actor, article)
    return {"id": article.id, "title": title, "audience": article.audience,
            "status": "approved" if hidden else article.status,
            "current_version": article.published_version if hidden else article.current_version,
            "published_version": article.published_version,
            "public": article.published_version is not None, "author_id": article.author_id,
            "author": names.get(article.author_id) if article.author_id else None,
            "reviewer": names.get(article.reviewer_id) if article.reviewer_id else None,
            "created_at": article.created_at, "updated_at": article.updated_at,
            "published_at": article.published_at}


def article_view(session: Session, actor: Actor, article_id: int, number: int | None = None) -> dict[str, Any]:
    """An article as ``actor`` may see it: drafts, comments and reviews only for staff and the author."""
    article = workflow.get_article(session, article_id)
    shown = workflow.viewable_version(actor, article, number)
    version = workflow.get_version(session, article.id, shown)
    staff = workflow.can_view_draft(actor, article)
    comments = workflow.comments(session, article.id) if staff else []
    reviews = workflow.reviews(session, article.id) if staff else []
    names = workflow.user_names(session, {article.author_id, article.reviewer_id, version.created_by,
                                          *(c.author_id for c in comments), *(r.reviewer_id for r in reviews)})
    view = article_summary(article, names, actor)
    if not staff:
        view.update(status="approved", current_version=shown, reviewer=None)
    # The title and question of the version shown, so a draft's words never sit above an approved body.
    question = version.data.get("question") or article.question
    view.update(title=workflow.public_title(version.data, view["title"]),
                question=question, shown_version=shown,
                identifier_flags=flag_view(question) if staff else [],
                 version={"number": version.number, "origin": version.origin, "note": version.note,
                          "created_at": version.created_at, "created_by": names.get(version.created_by),
                          "data": version.data},
                 comments=[{"id": c.id, "version": c.version, "anchor": c.anchor, "body": c.body,
                            "author": names.get(c.author_id), "created_at": c.created_at} for c in comments],
                 reviews=[{"version": r.version, "decision": r.decision, "note": r.note,
                           "reviewer": names.get(r.reviewer_id), "created_at": r.created_at} for r in reviews])
    return view


def version_list(session: Session, actor: Actor, article_id: int) -> list[dict[str, Any]]:
    article = workflow.get_article(session, article_id)
    rows = workflow.versions(session, article.id)
    if not workflow.can_view_draft(actor, article):
        workflow.viewable_version(actor, article)  # raises NotFound for a draft
        rows = [r for r in rows if r.number == article.published_version]
    names = workflow.user_names(session, {r.created_by for r in rows})
    return [{"number": r.number, "origin": r.origin, "note": r.note, "created_at": r.created_at,
             "created_by": names.get(r.created_by), "published": r.number == article.published_version}
            for r in rows]


def user_view(user: UserRow) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "display_name": user.display_name, "role": user.role,
            "active": user.active, "created_at": user.created_at, "last_login_at": user.last_login_at}


def token_view(row, emails: dict[int, str] | None = None) -> dict[str, Any]:
    """An API token without its secret (only a hash is stored): whose, what for, its state and last use."""
    return {"id": row.id, "user_id": row.user_id, "user": (emails or {}).get(row.user_id), "label": row.label,
            "state": token_state(row), "created_at": row.created_at, "expires_at": row.expires_at,
            "last_used_at": row.last_used_at}


def audit_view(rows) -> list[dict[str, Any]]:
    return [{"id": r.id, "at": r.at, "actor": r.actor, "action": r.action, "target_type": r.target_type,
             "target_id": r.target_id, "before": r.before, "after": r.after} for r in rows]
