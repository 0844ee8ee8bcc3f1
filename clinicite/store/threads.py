"""The one answer store: conversation threads, their turns, and every answer given.

A :class:`ThreadRow` belongs to one owner (``user:<id>`` or ``anon:<session id>`` through the web, None for
the command line) and carries the running ``state`` that follow-ups build on: the case text, the leading
diagnoses and the documents cited so far. Each question is a :class:`TurnRow` (with its audience); the
answer it received is stored whole, as the Answer JSON, in :class:`AnswerRow`, so it can be shown again
exactly as it was. The owner lives on the thread only: adopting an anonymous conversation after signing
in changes one column, and :func:`purge_threads` is the one purge of case text.
"""

from __future__ import annotations

from datetime import datetime

import secrets

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinicite.store.base import Base, utcnow


class ThreadRow(Base):
    __tablename__ = "threads"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner_id: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TurnRow(Base):
    __tablename__ = "thread_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(20), default="clinician")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("thread_id", "ordinal", name="uq_thread_turns_thread_id_ordinal"),)


def answer_key() -> str:
    """An answer's id: random, so one answer's address tells nothing about another's."""
    return secrets.token_urlsafe(12)


class AnswerRow(Base):
    """One answer exactly as it was given (the Answer JSON); its question and audience are its turn's,
    its owner its thread's."""

    __tablename__ = "answers"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=answer_key)
    turn_id: Mapped[int] = mapped_column(ForeignKey("thread_turns.id", ondelete="CASCADE"), index=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    question_type: Mapped[str] = mapped_column(String(20))
    composer: Mapped[str] = mapped_column(String(40))
    abstained: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    turn: Mapped[TurnRow] = relationship(lazy="joined", viewonly=True)
    thread: Mapped[ThreadRow] = relationship(lazy="joined", viewonly=True)

    @property
    def question(self) -> str:
        return self.turn.question

    @property
    def audience(self) -> str:
        return self.turn.audience

    @property
    def owner(self) -> str | None:
        return self.thread.owner_id


def keep_turn(session, thread_id: str, owner_id: str | None, question: str, audience: str, data: dict,
              state: dict | None = None, at: datetime | None = None) -> AnswerRow:
    """Store a question and its answer (``data``, the Answer JSON) as the next turn of ``thread_id``.

    The thread is created on its first turn, owned by ``owner_id``; ``state`` replaces its running state.
    The stored JSON names its thread and turn, so the answer shown again is the answer as it was given.
    """
    from sqlalchemy import func, select

    at = at or utcnow()
    thread = session.get(ThreadRow, thread_id)
    if thread is None:
        thread = ThreadRow(id=thread_id, owner_id=owner_id, title=question[:200], state={}, created_at=at,
                           updated_at=at)
        session.add(thread)
    if state is not None:
        thread.state = state
    ordinal = (session.scalar(select(func.max(TurnRow.ordinal)).where(TurnRow.thread_id == thread_id)) or 0) + 1
    turn = TurnRow(thread_id=thread_id, ordinal=ordinal, question=question, audience=audience, created_at=at)
    session.add(turn)
    session.flush()
    answer = AnswerRow(turn_id=turn.id, thread_id=thread_id, question_type=str(data.get("question_type") or "general"),
                       composer=str(data.get("composer") or "extractive"), abstained=bool(data.get("abstained")),
                       data={**data, "thread_id": thread_id, "turn": ordinal}, created_at=at)
    session.add(answer)
    session.flush()
    return answer


def purge_threads(session, cutoff: datetime) -> int:
    """Delete threads (case text, turns and answers) not touched since ``cutoff``; returns how many answers.

    Turns and answers are deleted explicitly rather than left to ``ON DELETE CASCADE``: SQLite enforces
    foreign keys only when asked to, and a case must not outlive its retention period anywhere.
    """
    from sqlalchemy import delete, select

    stale = select(ThreadRow.id).where(ThreadRow.updated_at < cutoff).scalar_subquery()
    # "fetch": rows the session already holds leave it too (comparing dates in Python fails on SQLite's).
    fetch = {"synchronize_session": "fetch"}
    result = session.execute(delete(AnswerRow).where(AnswerRow.thread_id.in_(stale)), execution_options=fetch)
    session.execute(delete(TurnRow).where(TurnRow.thread_id.in_(stale)), execution_options=fetch)
    session.execute(delete(ThreadRow).where(ThreadRow.updated_at < cutoff), execution_options=fetch)
    return getattr(result, "rowcount", 0) or 0
