"""Asking through the web: the answer service seam, private answers, follow-ups and case retention.

A question may carry a patient's case, so the core keeps every answer in the
one answer store (:mod:`clinicite.store.threads`) under its thread's owner
(``user:<id>``, or ``anon:<session id>`` for someone not signed in) and only
that owner may read it or follow it up. Case text stays out of logs unless
``settings.log_case_text`` is on, and :func:`purge_cases` forgets conversations
untouched for ``settings.case_retention_days`` (answers submitted as articles
live on as article versions, which their author chose to publish).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

# AUDIENCES and MAX_QUESTION_CHARS: the edges read them here, beside the asking they bound.
from clinicite.compose.audience import AUDIENCES  # noqa: F401
from clinicite.compose.conversation import plain_json  # noqa: F401  (regeneration's JSON, beside asking)
from clinicite.compose.question import MAX_QUESTION_CHARS, check_question  # noqa: F401
from clinicite.editorial.permissions import Actor
from clinicite.editorial.sessions import rows_touched
from clinicite.errors import ConfigurationError, InputError, NotFound
from clinicite.store.base import utcnow
from clinicite.store.threads import AnswerRow, ThreadRow, TurnRow, purge_threads

log = logging.getLogger("clinicite.web")


class AnswerLike(Protocol):
    """An answer as the core returns it: the store holds it under ``thread_id`` at turn ``turn``."""

    thread_id: str | None
    turn: int | None

    def to_dict(self) -> dict[str, Any]: ...


class AnswerService(Protocol):
    """What the web needs from the core: :class:`clinicite.app.Clinicite` provides it."""

    def ask(self, question: str, audience: str = "clinician", thread_id: str | None = None,
            owner_id: str | None = None, *, keep: bool = True) -> AnswerLike: ...

    def search(self, query: str, k: int = 10, filters: Any = None) -> list[Any]: ...

    def stats(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ThreadLimits:
    """How much case text one conversation may gather: follow-ups re-read the thread, so an unbounded one
    would make every further turn slower and keep ever more private text."""

    turns: int = 20
    chars: int = 24_000


def check_thread_room(session: Session, actor: Actor, answer: AnswerRow, question: str,
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
        thread_limits: ThreadLimits = ThreadLimits()) -> AnswerRow:
    """Ask ``service``, which keeps the answer in the thread store private to ``actor``; a follow-up
    continues that answer's thread. Returns the stored answer."""
    actor.require("ask")
    question, audience = check_question(question, audience)
    thread_id = None
    if follow_up_of is not None:
        earlier = get_answer(session, actor, follow_up_of)
        check_thread_room(session, actor, earlier, question, thread_limits)
        thread_id = earlier.thread_id
    answer = service.ask(question, audience=audience, thread_id=thread_id, owner_id=actor.owner)
    row = stored_answer(session, answer.thread_id, answer.turn)
    if log_case_text:
        log.info("answer %s for %s: %s", row.id, actor.label, question)
    else:
        log.info("answer %s (%d characters of question withheld from the log)", row.id, len(question))
    return row


def stored_answer(session: Session, thread_id: str | None, turn: int | None) -> AnswerRow:
    """The answer the core stored for turn ``turn`` of ``thread_id``."""
    row = session.scalar(select(AnswerRow).join(TurnRow, AnswerRow.turn_id == TurnRow.id)
                         .where(TurnRow.thread_id == thread_id, TurnRow.ordinal == turn))
    if row is None:
        raise ConfigurationError("the core answered without keeping the answer",
                                 hint="The web app needs a core with a database (clinicite.app.Clinicite).")
    return row


def get_answer(session: Session, actor: Actor, answer_id: str) -> AnswerRow:
    row = session.get(AnswerRow, answer_id)
    # Someone else's answer is reported as missing: its existence is private too.
    if row is None or row.owner is None or row.owner != actor.owner:
        raise NotFound(f"no answer {answer_id}", hint="Answers are visible only to the person who asked.")
    return row


def thread(session: Session, actor: Actor, answer: AnswerRow) -> list[AnswerRow]:
    """Every answer of ``answer``'s thread, oldest first (the thread has one owner: ``actor``, checked)."""
    if answer.owner != actor.owner:
        raise NotFound(f"no answer {answer.id}", hint="Answers are visible only to the person who asked.")
    return list(session.scalars(select(AnswerRow).join(TurnRow, AnswerRow.turn_id == TurnRow.id)
                                .where(AnswerRow.thread_id == answer.thread_id).order_by(TurnRow.ordinal)))


def recent_answers(session: Session, actor: Actor, limit: int = 10) -> list[AnswerRow]:
    """The actor's latest answers, newest first."""
    return list(session.scalars(select(AnswerRow).join(ThreadRow, AnswerRow.thread_id == ThreadRow.id)
                                .where(ThreadRow.owner_id == actor.owner)
                                .order_by(AnswerRow.created_at.desc()).limit(limit)))


def adopt_anonymous(session: Session, anonymous_owner: str, user_owner: str) -> int:
    """Give the conversations asked before signing in to the account that just signed in; returns how many.

    The owner is a column of the thread alone, so this one update moves every answer of it too."""
    result = session.execute(update(ThreadRow).where(ThreadRow.owner_id == anonymous_owner)
                             .values(owner_id=user_owner))
    return rows_touched(result)


def purge_cases(session: Session, retention_days: int, now=None) -> int:
    """Delete conversation threads, with their case text and answers, untouched for ``retention_days``.

    0 keeps them forever. Returns the number of answers deleted; a thread goes when its last turn is older
    than the cutoff, so a conversation still in use keeps its earlier turns. Answers submitted as articles
    live on as article versions, which their author chose to publish.
    """
    if retention_days <= 0:
        return 0
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    return purge_threads(session, cutoff)


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
