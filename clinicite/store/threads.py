"""Conversation threads: a case and its follow-up questions, with every answer given.

A :class:`ThreadRow` belongs to an owner (a user id; None for the command line)
and carries the running ``state`` that follow-ups build on: the case text, the
leading diagnoses and the documents cited so far. Each question is a
:class:`TurnRow`; the answer it received is stored whole, as the Answer JSON,
in :class:`AnswerRow`, so it can be shown again exactly as it was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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


class AnswerRow(Base):
    """One answer exactly as it was given (the Answer JSON)."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("thread_turns.id", ondelete="CASCADE"), index=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    question_type: Mapped[str] = mapped_column(String(20))
    composer: Mapped[str] = mapped_column(String(40))
    abstained: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def purge_threads(session, cutoff: datetime) -> int:
    """Delete threads (case text, turns and answers) not touched since ``cutoff``; returns how many.

    Turns and answers are deleted explicitly rather than left to ``ON DELETE CASCADE``: SQLite enforces
    foreign keys only when asked to, and a case must not outlive its retention period anywhere.
    """
    from sqlalchemy import delete, select

    stale = select(ThreadRow.id).where(ThreadRow.updated_at < cutoff).scalar_subquery()
    session.execute(delete(AnswerRow).where(AnswerRow.thread_id.in_(stale)))
    session.execute(delete(TurnRow).where(TurnRow.thread_id.in_(stale)))
    result = session.execute(delete(ThreadRow).where(ThreadRow.updated_at < cutoff))
    return result.rowcount or 0
