"""Server-rendered pages. Forms post back here (CSRF-checked by :func:`require`) and redirect (303)."""

from __future__ import annotations


from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from clinicite.editorial import accounts, answers, redaction, sessions, views, workflow
from clinicite.editorial.permissions import ROLES, Actor
from clinicite.web.security import SignInThrottled
from clinicite.web.deps import (address_of, ask_and_keep, corpus_stats, follow_up_audience, regenerated_answer,
                                require, state)
from clinicite.errors import InputError
from clinicite.compose.answer import Answer
from clinicite.web.render import page

router = APIRouter(include_in_schema=False)
ArticleId = Path(ge=1, le=2**31 - 1)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link borrow our sign-in page.
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/")
def ask_page(request: Request, actor: Actor = require("ask")):
    with state(request).database.session() as db:
        rows = answers.recent_answers(db, actor, 10)
        recent = [{"id": r.id, "title": r.data.get("title") or r.question[:80], "created_at": r.created_at}
                  for r in rows]
    return page(request, "ask.html", recent=recent, audiences=answers.AUDIENCES)


def _ask(request: Request, actor: Actor, question: str, audience: str, follow_up_of: str | None = None):
    row = ask_and_keep(request, actor, question, audience, follow_up_of)
    if audience in answers.AUDIENCES and request.state.session.aud != audience:
        request.state.session.aud = audience
        request.state.session.changed = True
    return see_other(f"/answers/{row.id}")


@router.post("/ask")
def ask_form(request: Request, question: str = Form(""), audience: str = Form("clinician"),
             actor: Actor = require("ask")):
    return _ask(request, actor, question, audience)


@router.get("/answers/{answer_id}")
def answer_page(request: Request, answer_id: str = Path(max_length=40), actor: Actor = require("ask")):
    with state(request).database.session() as db:
        row = answers.get_answer(db, actor, answer_id)
        earlier = [views.answer_view(r) for r in answers.thread(db, actor, row) if r.id != row.id
                   and r.created_at <= row.created_at]
        current = views.answer_view(row)
    return page(request, "answer.html", item=current, doc=Answer.from_dict(row.data), earlier=earlier)


@router.post("/answers/{answer_id}/follow-up")
def follow_up_form(request: Request, answer_id: str = Path(max_length=40), question: str = Form(""),
                   actor: Actor = require("ask")):
    return _ask(request, actor, question, follow_up_audience(request, actor, answer_id), follow_up_of=answer_id)


@router.post("/answers/{answer_id}/submit")
def submit_form(request: Request, answer_id: str = Path(max_length=40),
                actor: Actor = require("submit_article")):
    with state(request).database.session() as db:
        article = workflow.submit_answer(db, actor, answers.get_answer(db, actor, answer_id))
        article_id = article.id
    request.state.session.say("Submitted for review. It stays private until a reviewer approves it.")
    return see_other(f"/articles/{article_id}")


@router.get("/articles")
def library(request: Request, q: str = Query("", max_length=200), status: str = Query("", max_length=30),
            audience: str = Query("", max_length=20), actor: Actor = require("read_public")):
    status_filter = status if status in workflow.STATUSES and actor.can("view_drafts") else None
    with state(request).database.session() as db:
        rows = workflow.list_articles(db, actor, q, status_filter,
                                      audience if audience in answers.AUDIENCES else None, limit=100)
        names = workflow.user_names(db, {r.author_id for r in rows})
        items = [views.article_summary(r, names, actor) for r in rows]
    return page(request, "articles.html", items=items, q=q, status=status_filter or "", audience_filter=audience,
                statuses=workflow.STATUSES, audiences=answers.AUDIENCES)


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: int = ArticleId, version: int | None = Query(None, ge=1, le=100000),
                 actor: Actor = require("read_public")):
    with state(request).database.session() as db:
        view = views.article_view(db, actor, article_id, version)
        versions = views.version_list(db, actor, article_id)
        trail = views.audit_view(workflow.audit_trail(db, actor, "article", article_id, limit=50)) \
            if actor.can("view_audit") else []
    return page(request, "article.html", article=view, doc=Answer.from_dict(view["version"]["data"]),
                versions=versions, trail=trail, is_author=actor.signed_in and view["author_id"] == actor.id)


@router.get("/articles/{article_id}/diff")
def diff_page(request: Request, article_id: int = ArticleId, old: int = Query(1, ge=1, le=100000),
              new: int = Query(2, ge=1, le=100000), actor: Actor = require("view_drafts")):
    with state(request).database.session() as db:
        article = workflow.get_article(db, article_id)
        lines = workflow.diff(workflow.get_version(db, article_id, old).data,
                              workflow.get_version(db, article_id, new).data, f"version {old}", f"version {new}")
        title = article.title
    return page(request, "diff.html", article_id=article_id, title=title, old=old, new=new, lines=lines)


@router.get("/articles/{article_id}/edit")
def edit_page(request: Request, article_id: int = ArticleId, actor: Actor = require("edit_own_article")):
    with state(request).database.session() as db:
        view = views.article_view(db, actor, article_id)
        workflow.check_editable(actor, workflow.get_article(db, article_id))
    return page(request, "edit.html", article=view, doc=Answer.from_dict(view["version"]["data"]))


@router.post("/articles/{article_id}/edit")
async def edit_form(request: Request, article_id: int = ArticleId, actor: Actor = require("edit_own_article")):
    form = await request.form()
    changes = {k: str(v) for k, v in form.items() if k in ("title", "bottom_line") or k.startswith("s")}
    note = str(form.get("note", ""))
    with state(request).database.session() as db:
        workflow.edit(db, actor, article_id, changes, note)
    request.state.session.say("Saved as a new version. It needs review again.")
    return see_other(f"/articles/{article_id}")


def _review(request: Request, action, *args) -> RedirectResponse:
    with state(request).database.session() as db:
        article = action(db, *args)
        article_id, status = article.id, article.status
    request.state.session.say(f"The article is now {status.replace('_', ' ')}.")
    return see_other(f"/articles/{article_id}")


@router.post("/articles/{article_id}/take")
def take_form(request: Request, article_id: int = ArticleId, actor: Actor = require("review")):
    return _review(request, workflow.take, actor, article_id)


@router.post("/articles/{article_id}/approve")
def approve_form(request: Request, article_id: int = ArticleId, note: str = Form(""),
                 actor: Actor = require("review")):
    return _review(request, workflow.approve, actor, article_id, note)


@router.post("/articles/{article_id}/reject")
def reject_form(request: Request, article_id: int = ArticleId, note: str = Form(""),
                actor: Actor = require("review")):
    return _review(request, workflow.reject, actor, article_id, note)


@router.post("/articles/{article_id}/request-changes")
async def request_changes_form(request: Request, article_id: int = ArticleId, actor: Actor = require("review")):
    form = await request.form()
    comments = [{"anchor": str(a), "body": str(b)} for a, b in zip(form.getlist("anchor"), form.getlist("body"))]
    return _review(request, workflow.request_changes, actor, article_id, comments, str(form.get("note", "")))


@router.post("/articles/{article_id}/redact-question")
def redact_form(request: Request, article_id: int = ArticleId,
                question: str = Form("", max_length=answers.MAX_QUESTION_CHARS),
                actor: Actor = require("edit_own_article")):
    with state(request).database.session() as db:
        redaction.redact_question(db, actor, article_id, question)
    request.state.session.say("The question was redacted in every version.")
    return see_other(f"/articles/{article_id}")


@router.post("/articles/{article_id}/regenerate")
def regenerate_form(request: Request, article_id: int = ArticleId, actor: Actor = require("regenerate")):
    return _review(request, workflow.regenerate, actor, article_id, regenerated_answer(request, actor, article_id))


@router.get("/review")
def review_queue(request: Request, actor: Actor = require("review")):
    with state(request).database.session() as db:
        rows = workflow.review_queue(db, actor)
        names = workflow.user_names(db, {r.author_id for r in rows} | {r.reviewer_id for r in rows})
        items = [views.article_summary(r, names) for r in rows]
    return page(request, "review.html", items=items)


@router.get("/policy")
def policy(request: Request, actor: Actor = require("read_public")):
    return page(request, "policy.html")


@router.get("/corpus")
def corpus(request: Request, actor: Actor = require("read_public")):
    from clinicite.store.models import IngestFile
    stats = corpus_stats(request, actor)
    with state(request).database.session() as db:
        files = [{"name": f.path.rsplit("/", 1)[-1], "format": f.format, "status": f.status, "counts": f.counts,
                  "finished_at": f.finished_at or f.started_at}
                 for f in db.scalars(select(IngestFile).order_by(IngestFile.id.desc()).limit(50))]
    return page(request, "corpus.html", stats=stats, files=files)


@router.get("/users")
def users_page(request: Request, actor: Actor = require("manage_users")):
    with state(request).database.session() as db:
        users = accounts.list_users(db, actor)
        items = [views.user_view(u) for u in users]
        emails = {u.id: u.email for u in users}
        tokens = [views.token_view(t, emails) for t in accounts.list_tokens(db, actor)]
    return page(request, "users.html", items=items, roles=ROLES, tokens=tokens)


@router.post("/users")
def create_user_form(request: Request, email: str = Form(""), role: str = Form("reader"),
                     password: str = Form(""), actor: Actor = require("manage_users")):
    with state(request).database.session() as db:
        accounts.create_user(db, actor, email, role, password or None)
    request.state.session.say(f"Created {email}.")
    return see_other("/users")


@router.post("/users/{user_id}/role")
def role_form(request: Request, user_id: int = Path(ge=1, le=2**31 - 1), role: str = Form(""),
              actor: Actor = require("manage_users")):
    with state(request).database.session() as db:
        user = accounts.set_role(db, actor, user_id, role)
        email = user.email
    request.state.session.say(f"{email} is now {role}.")
    return see_other("/users")


@router.post("/users/{user_id}/active")
def active_form(request: Request, user_id: int = Path(ge=1, le=2**31 - 1), active: str = Form(""),
                actor: Actor = require("manage_users")):
    with state(request).database.session() as db:
        user = accounts.set_active(db, actor, user_id, active == "1")
        message = f"{user.email} is {'enabled' if user.active else 'disabled; its sessions ended'}."
    request.state.session.say(message)
    return see_other("/users")


@router.post("/tokens/{token_id}/revoke")
def revoke_token_form(request: Request, token_id: int = Path(ge=1, le=2**31 - 1),
                      actor: Actor = require("manage_users")):
    with state(request).database.session() as db:
        accounts.revoke_token(db, actor, token_id)
    request.state.session.say(f"Token {token_id} revoked.")
    return see_other("/users")


@router.get("/signin")
def signin_page(request: Request, next: str = Query("/", max_length=500), actor: Actor = require("read_public")):
    return page(request, "signin.html", next=_safe_next(next))


@router.post("/signin")
def signin(request: Request, email: str = Form("", max_length=320), password: str = Form("", max_length=1000),
           next: str = Form("/", max_length=500), actor: Actor = require("read_public")):
    web = state(request)
    try:
        web.signin.admit(address_of(request), email)
        with web.signin.hashing(), web.database.session() as db:
            user = accounts.authenticate(db, email, password, web.lockout)
    except (SignInThrottled, accounts.AccountLocked) as refused:
        return page(request, "signin.html", status_code=429, next=_safe_next(next), error=str(refused),
                    email=email, headers={"Retry-After": str(refused.retry_after)})
    with web.database.session() as db:
        if user is None:
            return page(request, "signin.html", status_code=401, next=_safe_next(next),
                        error="The e-mail or password is wrong.", email=email)
        user = db.merge(user)
        anonymous_owner = actor.owner
        answers.adopt_anonymous(db, anonymous_owner, f"user:{user.id}")
        key = sessions.start_session(db, user, web.settings.session_days)
        request.state.session.sign_in(user.id, key)
        request.state.session.say(f"Signed in as {user.email}.")
    return see_other(_safe_next(next))


@router.post("/signout")
def signout(request: Request, actor: Actor = require("read_public")):
    with state(request).database.session() as db:
        sessions.end_session(db, request.state.session.key)  # the cookie, even if copied, no longer works
    request.state.session.sign_out()
    request.state.session.say("Signed out.")
    return see_other("/")


@router.post("/audience")
def choose_audience(request: Request, audience: str = Form("clinician"), actor: Actor = require("read_public")):
    if audience not in answers.AUDIENCES:
        raise InputError(f"unknown audience {audience!r}")
    request.state.session.aud = audience
    request.state.session.changed = True
    return see_other("/")
