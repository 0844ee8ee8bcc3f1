"""The REST API, mounted at ``/api/v1``. Every route declares its permission with :func:`require`."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from clinicite.editorial import accounts, answers, redaction, views, workflow
from clinicite.editorial.permissions import ROLES, Actor
from clinicite.index.lexical import SearchFilters
from clinicite.web.deps import (ask_and_keep, corpus_stats, follow_up_audience, json_safe, regenerated_answer,
                                require, service_of, state)

router = APIRouter()
Audience = Literal["clinician", "trainee", "patient"]
ArticleId = Path(ge=1, le=2**31 - 1)


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=answers.MAX_QUESTION_CHARS,
                          description="A clinical question, optionally with a case description.")
    audience: Audience = "clinician"


class FollowUpIn(BaseModel):
    question: str = Field(min_length=1, max_length=answers.MAX_QUESTION_CHARS)
    audience: Audience | None = None


class NoteIn(BaseModel):
    note: str = Field("", max_length=4000)


class CommentIn(BaseModel):
    anchor: str = Field("", max_length=40, description="s<i> for a section, s<i>.b<j> for a bullet, '' for all")
    body: str = Field(min_length=1, max_length=4000)


class ChangesIn(BaseModel):
    note: str = Field("", max_length=4000)
    comments: list[CommentIn] = Field(default_factory=list, max_length=200)


class EditIn(BaseModel):
    changes: dict[str, str] = Field(description="title, bottom_line and bullet texts keyed s<i>.b<j>; "
                                                "an empty bullet text removes the bullet")
    note: str = Field("", max_length=4000)


class RedactIn(BaseModel):
    question: str = Field(min_length=1, max_length=answers.MAX_QUESTION_CHARS,
                          description="The question with identifiers removed or replaced by [placeholders]")


class UserIn(BaseModel):
    email: str = Field(max_length=320)
    role: Literal[ROLES] = "reader"  # type: ignore[valid-type]
    password: str | None = Field(None, min_length=accounts.MIN_PASSWORD, max_length=1000)
    display_name: str = Field("", max_length=200)


class RoleIn(BaseModel):
    role: Literal[ROLES]  # type: ignore[valid-type]


class ActiveIn(BaseModel):
    active: bool = Field(description="false disables the account: its sessions end and its tokens stop working")


@router.get("/health", tags=["service"])
def health(request: Request, actor: Actor = require("read_public")) -> dict[str, Any]:
    return {"status": "ok", "database": state(request).database.dialect}


@router.get("/session", tags=["service"])
def session_info(request: Request, actor: Actor = require("read_public")) -> dict[str, Any]:
    """Who the caller is, and the CSRF token that cookie-authenticated calls must send as X-CSRF-Token."""
    return {"user": actor.email or None, "role": actor.role, "csrf_token": request.state.session.csrf,
            "audience": request.state.session.aud}


@router.get("/corpus", tags=["service"])
def corpus(request: Request, actor: Actor = require("read_public")) -> dict[str, Any]:
    return json_safe(corpus_stats(request, actor))


@router.get("/search", tags=["evidence"])
def search(request: Request, q: str = Query(min_length=1, max_length=1000), k: int = Query(10, ge=1, le=100),
           source: Literal["pubmed", "pmc", "pdf", "text", "knowledge"] | None = None,
           year_from: int | None = Query(None, ge=0, le=3000), year_to: int | None = Query(None, ge=0, le=3000),
           actor: Actor = require("read_public")) -> list[dict[str, Any]]:
    """Passages of the corpus that match ``q`` (hybrid lexical and dense search)."""
    filters = SearchFilters(year_from=year_from, year_to=year_to, sources=(source,) if source else ())
    hits = service_of(state(request)).search(q, k=k, filters=None if filters.empty else filters)
    return json_safe([answers.hit_to_dict(h) for h in hits])


def _ask(request: Request, actor: Actor, question: str, audience: str, follow_up_of: str | None = None):
    return json_safe(views.answer_view(ask_and_keep(request, actor, question, audience, follow_up_of)))


@router.post("/ask", tags=["answers"], status_code=201)
def ask(request: Request, body: AskIn, actor: Actor = require("ask")) -> dict[str, Any]:
    """Answer a question with cited evidence. The answer is private to the caller (or their session)."""
    return _ask(request, actor, body.question, body.audience)


@router.get("/answers/{answer_id}", tags=["answers"])
def get_answer(request: Request, answer_id: str = Path(max_length=40),
               actor: Actor = require("ask")) -> dict[str, Any]:
    with state(request).database.session() as db:
        return json_safe(views.answer_view(answers.get_answer(db, actor, answer_id)))


@router.post("/answers/{answer_id}/follow-up", tags=["answers"], status_code=201)
def follow_up(request: Request, body: FollowUpIn, answer_id: str = Path(max_length=40),
              actor: Actor = require("ask")) -> dict[str, Any]:
    audience = follow_up_audience(request, actor, answer_id, body.audience)
    return _ask(request, actor, body.question, audience, follow_up_of=answer_id)


@router.post("/answers/{answer_id}/submit", tags=["articles"], status_code=201)
def submit(request: Request, answer_id: str = Path(max_length=40),
           actor: Actor = require("submit_article")) -> dict[str, Any]:
    """Submit one of your answers as an article draft for editorial review."""
    with state(request).database.session() as db:
        article = workflow.submit_answer(db, actor, answers.get_answer(db, actor, answer_id))
        return json_safe(views.article_summary(article))


@router.get("/articles", tags=["articles"])
def list_articles(request: Request, q: str = Query("", max_length=200),
                  status: Literal[workflow.STATUSES] | None = None,  # type: ignore[valid-type]
                  audience: Audience | None = None, limit: int = Query(50, ge=1, le=200),
                  offset: int = Query(0, ge=0, le=1_000_000),
                  actor: Actor = require("read_public")) -> list[dict[str, Any]]:
    """Approved articles for everyone; drafts too for reviewers, editors and their authors."""
    with state(request).database.session() as db:
        rows = workflow.list_articles(db, actor, q, status, audience, limit, offset)
        names = workflow.user_names(db, {r.author_id for r in rows} | {r.reviewer_id for r in rows})
        return json_safe([views.article_summary(r, names, actor) for r in rows])


@router.get("/articles/{article_id}", tags=["articles"])
def get_article(request: Request, article_id: int = ArticleId, version: int | None = Query(None, ge=1, le=100000),
                actor: Actor = require("read_public")) -> dict[str, Any]:
    with state(request).database.session() as db:
        return json_safe(views.article_view(db, actor, article_id, version))


@router.get("/articles/{article_id}/versions", tags=["articles"])
def article_versions(request: Request, article_id: int = ArticleId,
                     actor: Actor = require("read_public")) -> list[dict[str, Any]]:
    with state(request).database.session() as db:
        return json_safe(views.version_list(db, actor, article_id))


@router.get("/articles/{article_id}/diff", tags=["articles"])
def article_diff(request: Request, article_id: int = ArticleId, old: int = Query(ge=1, le=100000),
                 new: int = Query(ge=1, le=100000), actor: Actor = require("view_drafts")) -> dict[str, Any]:
    with state(request).database.session() as db:
        a = workflow.get_version(db, article_id, old).data
        b = workflow.get_version(db, article_id, new).data
        return {"old": old, "new": new, "lines": [{"kind": k, "line": t} for k, t in
                                                  workflow.diff(a, b, f"version {old}", f"version {new}")]}


def _act(request: Request, action, *args) -> dict[str, Any]:
    with state(request).database.session() as db:
        article = action(db, *args)
        return json_safe(views.article_summary(article))


@router.post("/articles/{article_id}/take", tags=["review"])
def take(request: Request, article_id: int = ArticleId, actor: Actor = require("review")) -> dict[str, Any]:
    """Start reviewing a submitted article (it becomes under review)."""
    return _act(request, workflow.take, actor, article_id)


@router.post("/articles/{article_id}/approve", tags=["review"])
def approve(request: Request, body: NoteIn, article_id: int = ArticleId,
            actor: Actor = require("review")) -> dict[str, Any]:
    return _act(request, workflow.approve, actor, article_id, body.note)


@router.post("/articles/{article_id}/request-changes", tags=["review"])
def request_changes(request: Request, body: ChangesIn, article_id: int = ArticleId,
                    actor: Actor = require("review")) -> dict[str, Any]:
    comments = [c.model_dump() for c in body.comments]
    return _act(request, workflow.request_changes, actor, article_id, comments, body.note)


@router.post("/articles/{article_id}/reject", tags=["review"])
def reject(request: Request, body: NoteIn, article_id: int = ArticleId,
           actor: Actor = require("review")) -> dict[str, Any]:
    return _act(request, workflow.reject, actor, article_id, body.note)


@router.post("/articles/{article_id}/edit", tags=["articles"])
def edit(request: Request, body: EditIn, article_id: int = ArticleId,
         actor: Actor = require("edit_own_article")) -> dict[str, Any]:
    """Save an edit as a new version; it needs review again."""
    return _act(request, workflow.edit, actor, article_id, body.changes, body.note)


@router.post("/articles/{article_id}/redact-question", tags=["articles"])
def redact_question(request: Request, body: RedactIn, article_id: int = ArticleId,
                    actor: Actor = require("edit_own_article")) -> dict[str, Any]:
    """Remove identifiers from the article's question (in every version, at once)."""
    return _act(request, redaction.redact_question, actor, article_id, body.question)


@router.post("/articles/{article_id}/regenerate", tags=["articles"])
def regenerate(request: Request, article_id: int = ArticleId,
               actor: Actor = require("regenerate")) -> dict[str, Any]:
    """Answer the article's question again on the current evidence, as a new version to review."""
    return _act(request, workflow.regenerate, actor, article_id, regenerated_answer(request, actor, article_id))


@router.get("/articles/{article_id}/audit", tags=["review"])
def article_audit(request: Request, article_id: int = ArticleId,
                  actor: Actor = require("view_audit")) -> list[dict[str, Any]]:
    with state(request).database.session() as db:
        return json_safe(views.audit_view(workflow.audit_trail(db, actor, "article", article_id)))


@router.get("/review-queue", tags=["review"])
def queue(request: Request, actor: Actor = require("review")) -> list[dict[str, Any]]:
    with state(request).database.session() as db:
        rows = workflow.review_queue(db, actor)
        names = workflow.user_names(db, {r.author_id for r in rows} | {r.reviewer_id for r in rows})
        return json_safe([views.article_summary(r, names) for r in rows])


@router.get("/users", tags=["users"])
def users(request: Request, actor: Actor = require("manage_users")) -> list[dict[str, Any]]:
    with state(request).database.session() as db:
        return json_safe([views.user_view(u) for u in accounts.list_users(db, actor)])


@router.post("/users", tags=["users"], status_code=201)
def create_user(request: Request, body: UserIn, actor: Actor = require("manage_users")) -> dict[str, Any]:
    with state(request).database.session() as db:
        user = accounts.create_user(db, actor, body.email, body.role, body.password, body.display_name)
        return json_safe(views.user_view(user))


@router.post("/users/{user_id}/role", tags=["users"])
def set_role(request: Request, body: RoleIn, user_id: int = Path(ge=1, le=2**31 - 1),
             actor: Actor = require("manage_users")) -> dict[str, Any]:
    with state(request).database.session() as db:
        return json_safe(views.user_view(accounts.set_role(db, actor, user_id, body.role)))


@router.post("/users/{user_id}/active", tags=["users"])
def set_active(request: Request, body: ActiveIn, user_id: int = Path(ge=1, le=2**31 - 1),
               actor: Actor = require("manage_users")) -> dict[str, Any]:
    """Disable or enable an account."""
    with state(request).database.session() as db:
        return json_safe(views.user_view(accounts.set_active(db, actor, user_id, body.active)))


@router.get("/users/{user_id}/tokens", tags=["users"])
def user_tokens(request: Request, user_id: int = Path(ge=1, le=2**31 - 1),
                actor: Actor = require("manage_users")) -> list[dict[str, Any]]:
    """The account's API tokens (never their secrets), with their state and last use."""
    with state(request).database.session() as db:
        return json_safe([views.token_view(t) for t in accounts.list_tokens(db, actor, user_id)])


@router.post("/tokens/{token_id}/revoke", tags=["users"])
def revoke_token(request: Request, token_id: int = Path(ge=1, le=2**31 - 1),
                 actor: Actor = require("manage_users")) -> dict[str, Any]:
    with state(request).database.session() as db:
        return json_safe(views.token_view(accounts.revoke_token(db, actor, token_id)))
