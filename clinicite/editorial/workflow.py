"""The editorial workflow: articles, their versions, reviews and the audit log.

State machine of an article (the version under work)::

    submitted ──take──> under_review ──approve──────────> approved
        ^                    │ ├──request_changes──> changes_requested
        │                    │ └──reject───────────> rejected
        └──── edit / regenerate (new version) <── any state but under_review

``published_version`` is the last approved version: an approved article stays
public while a newer version (an edit, or a regeneration after new evidence)
waits for review. Nobody reviews a version they helped make: the author, and
whoever edited or regenerated it since the last approval, must leave the review
to someone else. Every action
writes an :class:`AuditRow` with the state before and after. No FastAPI here:
the CLI can drive the same functions.
"""

from __future__ import annotations

import difflib
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clinicite.editorial.permissions import Actor
from clinicite.errors import InputError, NotFound, PermissionDenied, WorkflowError
from clinicite.store.base import utcnow
from clinicite.store.editorial import ArticleRow, ArticleVersionRow, AuditRow, CommentRow, ReviewRow, UserRow
from clinicite.store.threads import AnswerRow

STATUSES = ("submitted", "under_review", "changes_requested", "approved", "rejected")
EDITABLE = {"submitted", "changes_requested", "approved", "rejected"}
TEXT_FIELDS = ("title", "bottom_line")  # edited whole; bullets are edited as s<i>.b<j>
STEPS = (("submitted", "Submitted"), ("under_review", "Under review"), ("approved", "Approved"))


def audit(session: Session, actor: Actor, action: str, target_type: str, target_id: Any,
          before: dict | None = None, after: dict | None = None) -> None:
    session.add(AuditRow(actor_id=actor.id, actor=actor.label, action=action, target_type=target_type,
                         target_id=str(target_id), before=before or {}, after=after or {}))


def _state(article: ArticleRow) -> dict[str, Any]:
    return {"status": article.status, "current_version": article.current_version,
            "published_version": article.published_version, "reviewer_id": article.reviewer_id}


def get_article(session: Session, article_id: int) -> ArticleRow:
    article = session.get(ArticleRow, article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    return article


def can_view_draft(actor: Actor, article: ArticleRow) -> bool:
    return actor.can("view_drafts") or (actor.signed_in and article.author_id == actor.id)


def viewable_version(actor: Actor, article: ArticleRow, number: int | None = None) -> int:
    """The version this actor may read: drafts for staff and the author, the published one for others."""
    if can_view_draft(actor, article):
        return number or article.current_version
    if article.published_version is None:
        # Say "not found" rather than "forbidden": a draft's existence is not public either.
        raise NotFound(f"no article {article.id}")
    if number is not None and number != article.published_version:
        raise NotFound(f"article {article.id} has no public version {number}")
    return article.published_version


def get_version(session: Session, article_id: int, number: int) -> ArticleVersionRow:
    row = session.scalar(select(ArticleVersionRow).where(ArticleVersionRow.article_id == article_id,
                                                         ArticleVersionRow.number == number))
    if row is None:
        raise NotFound(f"article {article_id} has no version {number}")
    return row


def _add_version(session: Session, actor: Actor, article: ArticleRow, data: dict, origin: str,
                 note: str = "") -> ArticleVersionRow:
    number = (session.scalar(select(func.max(ArticleVersionRow.number))
                             .where(ArticleVersionRow.article_id == article.id)) or 0) + 1
    row = ArticleVersionRow(article_id=article.id, number=number, data=data, origin=origin, note=note,
                            created_by=actor.id)
    session.add(row)
    article.current_version = number
    article.title = str(data.get("title") or article.title)
    article.status = "submitted"
    article.reviewer_id = None
    article.updated_at = utcnow()
    return row


def submit_answer(session: Session, actor: Actor, answer: AnswerRow) -> ArticleRow:
    """Turn one of the actor's answers into an article draft waiting for review."""
    actor.require("submit_article")
    if answer.owner != actor.owner:
        raise PermissionDenied("only the person who asked may submit this answer")
    if answer.data.get("abstained"):
        raise WorkflowError("an answer that abstained has nothing to publish",
                            hint="Ask a more specific question or ingest more evidence first.")
    article = ArticleRow(title=str(answer.data.get("title") or answer.question[:200]), question=answer.question,
                         audience=answer.audience, status="submitted", current_version=0,
                         author_id=actor.id, answer_id=answer.id)
    session.add(article)
    session.flush()
    _add_version(session, actor, article, {**answer.data, "question": answer.question}, origin="answer",
                 note="submitted from an answer")
    audit(session, actor, "submit", "article", article.id, {}, _state(article))
    return article


def _transition(session: Session, actor: Actor, article: ArticleRow, action: str, allowed_from: set[str],
                to: str) -> dict:
    actor.require("review")
    if article.status not in allowed_from:
        raise WorkflowError(f"cannot {action.replace('_', ' ')} an article that is {article.status.replace('_', ' ')}",
                            hint=f"Allowed when the article is {' or '.join(sorted(allowed_from))}.")
    if article.author_id is not None and article.author_id == actor.id:
        raise PermissionDenied("a reviewer cannot review their own article",
                               hint="Another reviewer must take it.")
    if actor.id is not None and actor.id in unreviewed_contributors(session, article):
        raise PermissionDenied("a reviewer cannot review a version they edited or regenerated",
                               hint="Another reviewer must take it.")
    if action != "take" and article.reviewer_id not in (None, actor.id) and actor.role != "admin":
        raise PermissionDenied("another reviewer has taken this article")
    before = _state(article)
    article.status = to
    article.updated_at = utcnow()
    return before


def unreviewed_contributors(session: Session, article: ArticleRow) -> set[int]:
    """Everyone who made a version since the last approved one: their changes are what the review is about."""
    since = article.published_version or 0
    return {created_by for created_by in session.scalars(
        select(ArticleVersionRow.created_by).where(ArticleVersionRow.article_id == article.id,
                                                   ArticleVersionRow.number > since)) if created_by is not None}


def take(session: Session, actor: Actor, article_id: int) -> ArticleRow:
    article = get_article(session, article_id)
    before = _transition(session, actor, article, "take", {"submitted"}, "under_review")
    article.reviewer_id = actor.id
    audit(session, actor, "take", "article", article.id, before, _state(article))
    return article


def approve(session: Session, actor: Actor, article_id: int, note: str = "") -> ArticleRow:
    article = get_article(session, article_id)
    before = _transition(session, actor, article, "approve", {"under_review"}, "approved")
    article.published_version = article.current_version
    article.published_title = public_title(get_version(session, article.id, article.current_version).data,
                                           article.title)
    article.published_at = utcnow()
    session.add(ReviewRow(article_id=article.id, version=article.current_version, reviewer_id=actor.id,
                          decision="approve", note=note))
    audit(session, actor, "approve", "article", article.id, before, _state(article))
    return article


def request_changes(session: Session, actor: Actor, article_id: int, comments: list[dict],
                    note: str = "") -> ArticleRow:
    """Send an article back with comments, each anchored to a section (``s1``) or a bullet (``s1.b2``)."""
    article = get_article(session, article_id)
    data = get_version(session, article.id, article.current_version).data
    cleaned = [(validate_anchor(data, c.get("anchor", "")), str(c.get("body", "")).strip()) for c in comments]
    cleaned = [(anchor, body) for anchor, body in cleaned if body]
    if not cleaned and not note.strip():
        raise InputError("say what should change: add a comment or a note")
    before = _transition(session, actor, article, "request_changes", {"under_review"}, "changes_requested")
    for anchor, body in cleaned:
        session.add(CommentRow(article_id=article.id, version=article.current_version, anchor=anchor, body=body,
                               author_id=actor.id))
    session.add(ReviewRow(article_id=article.id, version=article.current_version, reviewer_id=actor.id,
                          decision="request_changes", note=note))
    audit(session, actor, "request_changes", "article", article.id, before,
          {**_state(article), "comments": [{"anchor": a, "body": b} for a, b in cleaned]})
    return article


def reject(session: Session, actor: Actor, article_id: int, note: str = "") -> ArticleRow:
    article = get_article(session, article_id)
    before = _transition(session, actor, article, "reject", {"under_review"}, "rejected")
    session.add(ReviewRow(article_id=article.id, version=article.current_version, reviewer_id=actor.id,
                          decision="reject", note=note))
    audit(session, actor, "reject", "article", article.id, before, _state(article))
    return article


def public_title(data: dict, fallback: str) -> str:
    return str(data.get("title") or fallback)


def validate_anchor(data: dict, anchor: str) -> str:
    """``""`` (the whole article), ``s<i>`` or ``s<i>.b<j>`` naming a section or bullet that exists (1-based)."""
    anchor = (anchor or "").strip()
    if not anchor:
        return ""
    sections = data.get("sections", [])
    try:
        parts = anchor.split(".")
        i = int(parts[0].removeprefix("s"))
        j = int(parts[1].removeprefix("b")) if len(parts) > 1 else None
        if not parts[0].startswith("s") or len(parts) > 2 or not 1 <= i <= len(sections):
            raise ValueError
        if j is not None and (not parts[1].startswith("b") or not 1 <= j <= len(sections[i - 1]["bullets"])):
            raise ValueError
    except (ValueError, IndexError, KeyError):
        shown = anchor if len(anchor) <= 40 else anchor[:40] + "..."  # never echo a long input whole
        raise InputError(f"comment anchor {shown!r} names no section or bullet of this article",
                         hint="Use s<section> or s<section>.b<bullet>, counted from 1.") from None
    return anchor


def check_editable(actor: Actor, article: ArticleRow) -> None:
    own = actor.signed_in and article.author_id == actor.id
    if not actor.can("edit_article"):
        if not (own and actor.can("edit_own_article") and article.status == "changes_requested"):
            raise PermissionDenied("only editors may edit articles; authors may revise their own "
                                   "after changes were requested")
    if article.status not in EDITABLE:
        raise WorkflowError("the article is under review: the reviewer must finish before it is edited")


def edit(session: Session, actor: Actor, article_id: int, changes: dict, note: str = "") -> ArticleRow:
    """Save an edit as a new version (needs review again).

    ``changes`` may set ``title``, ``bottom_line`` and bullet texts keyed ``s<i>.b<j>``;
    an empty bullet text removes that bullet. Citations stay attached to their bullets: an edit can
    reword or drop a statement, never invent a source. The question changes only by a redaction
    (:func:`clinicite.editorial.redaction.redact_question`).
    """
    article = get_article(session, article_id)
    check_editable(actor, article)
    data = apply_changes(get_version(session, article.id, article.current_version).data, changes)
    before = _state(article)
    _add_version(session, actor, article, data, origin="edit", note=note)
    audit(session, actor, "edit", "article", article.id, before, {**_state(article), "note": note})
    return article


def apply_changes(data: dict, changes: dict) -> dict:
    new = {**data, "sections": [{**s, "bullets": [dict(b) for b in s.get("bullets", [])]}
                                for s in data.get("sections", [])]}
    for field in TEXT_FIELDS:
        if field in changes and str(changes[field]).strip():
            new[field] = str(changes[field]).strip()
    for key, text in changes.items():
        if key in TEXT_FIELDS:
            continue
        anchor = validate_anchor(data, key)
        if "." not in anchor:
            raise InputError(f"{key!r} is not a bullet: edit bullets as s<i>.b<j>")
        i, j = (int(p[1:]) for p in anchor.split("."))
        new["sections"][i - 1]["bullets"][j - 1]["text"] = str(text).strip()
    for section in new["sections"]:
        section["bullets"] = [b for b in section["bullets"] if b.get("text", "").strip()]
    if not any(s["bullets"] for s in new["sections"]) and not new.get("bottom_line"):
        raise InputError("an edit cannot remove every statement of an article")
    return new


def regenerate(session: Session, actor: Actor, article_id: int, answer_data: dict) -> ArticleRow:
    """Store a fresh answer to the article's question as a new version that needs review again."""
    actor.require("regenerate")
    article = get_article(session, article_id)
    if article.status == "under_review":
        raise WorkflowError("the article is under review: the reviewer must finish before it is regenerated")
    before = _state(article)
    answer_data = {**answer_data, "question": article.question}  # a redacted question stays redacted
    _add_version(session, actor, article, answer_data, origin="regenerate", note="regenerated after new evidence")
    audit(session, actor, "regenerate", "article", article.id, before, _state(article))
    return article


def list_articles(session: Session, actor: Actor, query: str = "", status: str | None = None,
                  audience: str | None = None, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
    statement = select(ArticleRow)
    if not actor.can("view_drafts"):
        visible: ColumnElement[bool] = ArticleRow.published_version.is_not(None)
        if actor.signed_in:
            visible = or_(visible, ArticleRow.author_id == actor.id)
        statement = statement.where(visible)
    if status:
        statement = statement.where(ArticleRow.status == status)
    if audience:
        statement = statement.where(ArticleRow.audience == audience)
    if query.strip():
        statement = statement.where(_matches(actor, f"%{query.strip().lower()}%"))
    statement = statement.order_by(ArticleRow.updated_at.desc(), ArticleRow.id.desc())
    return list(session.scalars(statement.limit(limit).offset(offset)))


def _matches(actor: Actor, pattern: str):
    """Search staff over the text under work; everyone else only over what an approval made public."""
    if actor.can("view_drafts"):
        return or_(func.lower(ArticleRow.title).like(pattern), func.lower(ArticleRow.question).like(pattern))
    published = or_(func.lower(ArticleRow.published_title).like(pattern),
                    and_(ArticleRow.current_version == ArticleRow.published_version,
                         func.lower(ArticleRow.question).like(pattern)))
    if actor.signed_in:  # an author searches their own drafts too
        own = and_(ArticleRow.author_id == actor.id, or_(func.lower(ArticleRow.title).like(pattern),
                                                          func.lower(ArticleRow.question).like(pattern)))
        return or_(published, own)
    return published


def review_queue(session: Session, actor: Actor) -> list[ArticleRow]:
    actor.require("review")
    statement = (select(ArticleRow).where(ArticleRow.status.in_(("submitted", "under_review")))
                 .order_by(ArticleRow.updated_at))
    return list(session.scalars(statement))


def versions(session: Session, article_id: int) -> list[ArticleVersionRow]:
    return list(session.scalars(select(ArticleVersionRow).where(ArticleVersionRow.article_id == article_id)
                                .order_by(ArticleVersionRow.number)))


def comments(session: Session, article_id: int) -> list[CommentRow]:
    return list(session.scalars(select(CommentRow).where(CommentRow.article_id == article_id)
                                .order_by(CommentRow.id)))


def reviews(session: Session, article_id: int) -> list[ReviewRow]:
    return list(session.scalars(select(ReviewRow).where(ReviewRow.article_id == article_id)
                                .order_by(ReviewRow.id)))


def audit_trail(session: Session, actor: Actor, target_type: str | None = None,
                target_id: Any = None, limit: int = 200) -> list[AuditRow]:
    actor.require("view_audit")
    statement = select(AuditRow)
    if target_type:
        statement = statement.where(AuditRow.target_type == target_type)
    if target_id is not None:
        statement = statement.where(AuditRow.target_id == str(target_id))
    return list(session.scalars(statement.order_by(AuditRow.id.desc()).limit(limit)))


def article_text(data: dict) -> list[str]:
    """The article as outline lines, the unit an editor's diff compares."""
    lines = [f"# {data.get('title', '')}", "", f"Bottom line: {data.get('bottom_line', '')}"]
    for i, section in enumerate(data.get("sections", []), 1):
        lines += ["", f"## {section.get('heading', '')}"]
        for j, bullet in enumerate(section.get("bullets", []), 1):
            marks = ",".join(str(c.get("n", "?")) if isinstance(c, dict) else str(c)
                             for c in bullet.get("citations", []))
            lines.append(f"- [s{i}.b{j}] {bullet.get('text', '')}" + (f" [{marks}]" if marks else ""))
    return lines


def diff(old: dict, new: dict, old_label: str = "old", new_label: str = "new") -> list[tuple[str, str]]:
    """A unified diff of two versions as ``(kind, line)`` with kind in add, remove, hunk, context."""
    out = []
    for line in difflib.unified_diff(article_text(old), article_text(new), old_label, new_label, lineterm=""):
        if line.startswith(("+++", "---")):
            continue
        kind = {"+": "add", "-": "remove", "@": "hunk"}.get(line[:1], "context")
        out.append((kind, line))
    return out


def user_names(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: (u.display_name or u.email) for u in session.scalars(select(UserRow).where(UserRow.id.in_(wanted)))}
