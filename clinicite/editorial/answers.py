"""Asking through the web: the answer service seam, private answers, follow-ups and case retention.

A question may carry a patient's case, so every answer is stored with its
owner (``user:<id>``, or ``anon:<session id>`` for someone not signed in) and
only that owner may read it or follow it up. Case text stays out of logs unless
``settings.log_case_text`` is on, and :func:`purge_cases` forgets answers older
than ``settings.case_retention_days`` (those submitted as articles live on as
article versions, which their author chose to publish).
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

# AUDIENCES and MAX_QUESTION_CHARS: the edges read them here, beside the asking they bound.
from clinicite.compose.audience import AUDIENCES  # noqa: F401
from clinicite.compose.question import MAX_QUESTION_CHARS, check_question  # noqa: F401
from clinicite.editorial.permissions import Actor
from clinicite.editorial.sessions import rows_touched
from clinicite.errors import InputError, NotFound
from clinicite.store.base import utcnow
from clinicite.store.editorial import AskedAnswerRow

log = logging.getLogger("clinicite.web")



class AnswerLike(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


class AnswerService(Protocol):
    """What the web needs from the core: :class:`clinicite.app.Clinicite` provides it."""

    def ask(self, question: str, audience: str = "clinician", thread_id: str | None = None,
            owner_id: str | None = None) -> AnswerLike: ...

    def search(self, query: str, k: int = 10, filters: Any = None) -> list[Any]: ...

    def stats(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ThreadLimits:
    """How much case text one conversation may gather: follow-ups re-read the thread, so an unbounded one
    would make every further turn slower and keep ever more private text."""

    turns: int = 20
    chars: int = 24_000


def check_thread_room(session: Session, actor: Actor, answer: AskedAnswerRow, question: str,
                      limits: ThreadLimits) -> None:
    earlier = thread(session, actor, answer)
    if limits.turns > 0 and len(earlier) >= limits.turns:
        raise InputError(f"this conversation already holds {len(earlier)} questions, the most one may hold",
                         hint="Ask a new question (restate the key findings) to start a new conversation.")
    used = sum(len(row.question) for row in earlier)
    if limits.chars > 0 and used + len(question) > limits.chars:
        raise InputError(f"this conversation would hold more than {limits.chars:,} characters of questions",
                         hint="Ask a new question with a short summary of the case instead.")


def ask(session: Session, service: AnswerService, actor: Actor, question: str, audience: str,
        follow_up_of: str | None = None, log_case_text: bool = False,
        thread_limits: ThreadLimits = ThreadLimits()) -> AskedAnswerRow:
    """Ask ``service`` and keep the answer, private to ``actor``; a follow-up continues that answer's thread."""
    actor.require("ask")
    question, audience = check_question(question, audience)
    thread_id = None
    if follow_up_of is not None:
        earlier = get_answer(session, actor, follow_up_of)
        check_thread_room(session, actor, earlier, question, thread_limits)
        thread_id = earlier.thread_id
    answer = service.ask(question, audience=audience, thread_id=thread_id, owner_id=actor.owner)
    data = plain_json(answer.to_dict())
    thread_id = data.get("thread_id") or thread_id or secrets.token_urlsafe(12)
    data["thread_id"] = thread_id
    row = AskedAnswerRow(id=secrets.token_urlsafe(12), thread_id=thread_id, owner=actor.owner,
                         question=question, audience=audience, data=data)
    session.add(row)
    if log_case_text:
        log.info("answer %s for %s: %s", row.id, actor.label, question)
    else:
        log.info("answer %s (%d characters of question withheld from the log)", row.id, len(question))
    return row


def plain_json(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as plain JSON types (numbers from numpy, dates as text), as the JSON columns need."""
    return json.loads(json.dumps(data, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


def get_answer(session: Session, actor: Actor, answer_id: str) -> AskedAnswerRow:
    row = session.get(AskedAnswerRow, answer_id)
    # Someone else's answer is reported as missing: its existence is private too.
    if row is None or row.purged or row.owner != actor.owner:
        raise NotFound(f"no answer {answer_id}", hint="Answers are visible only to the person who asked.")
    return row


def thread(session: Session, actor: Actor, answer: AskedAnswerRow) -> list[AskedAnswerRow]:
    """Every answer of ``answer``'s thread that ``actor`` owns, oldest first."""
    return list(session.scalars(select(AskedAnswerRow).where(
        AskedAnswerRow.thread_id == answer.thread_id, AskedAnswerRow.owner == actor.owner,
        AskedAnswerRow.purged.is_(False)).order_by(AskedAnswerRow.created_at)))


def adopt_anonymous(session: Session, anonymous_owner: str, user_owner: str) -> int:
    """Give the answers asked before signing in, and their conversations, to the account that just signed in."""
    from clinicite.store.threads import ThreadRow
    result = session.execute(update(AskedAnswerRow).where(AskedAnswerRow.owner == anonymous_owner)
                             .values(owner=user_owner))
    # The core keeps each conversation under its owner too: without this a follow-up after signing in is refused.
    session.execute(update(ThreadRow).where(ThreadRow.owner_id == anonymous_owner).values(owner_id=user_owner))
    return rows_touched(result)


def purge_cases(session: Session, retention_days: int, now=None) -> int:
    """Delete answers and conversation threads (with their case text) older than ``retention_days``.

    0 keeps them forever. Returns the number of answers deleted; a thread goes when its last turn is older
    than the cutoff, so a conversation still in use keeps its earlier turns.
    """
    if retention_days <= 0:
        return 0
    from clinicite.store.threads import purge_threads
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = session.execute(delete(AskedAnswerRow).where(AskedAnswerRow.created_at < cutoff))
    purge_threads(session, cutoff)
    return rows_touched(result)


def hit_to_dict(hit: Any) -> dict[str, Any]:
    """A search hit as JSON, whatever the index returns (a dataclass, a pydantic model or a dict)."""
    if isinstance(hit, dict):
        return hit
    for method in ("to_dict", "model_dump"):
        if hasattr(hit, method):
            return getattr(hit, method)()
    from dataclasses import asdict, is_dataclass
    if is_dataclass(hit) and not isinstance(hit, type):
        return asdict(hit)
    return {k: v for k, v in vars(hit).items() if not k.startswith("_")}
