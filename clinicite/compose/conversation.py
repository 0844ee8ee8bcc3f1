"""Threads: follow-up questions that build on the case and evidence of earlier turns.

A follow-up ("and how is it treated?", "what if she were 8 years old?") is read
against the thread's running state: the case text so far, the diagnoses the
answers were about, and the documents they cited. New facts in the follow-up
replace old ones of the same kind (a new age replaces the old age; a finding
mentioned again takes its new context), everything else carries over.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from clinicite.compose.answer import Answer
from clinicite.compose.question import read_case
from clinicite.errors import NotFound
from clinicite.understand.facts import CaseFacts


@dataclass
class ThreadState:
    thread_id: str | None = None
    case_text: str = ""
    question_type: str | None = None
    topic: list[str] = field(default_factory=list)        # lead diagnoses or the first question
    leads: list[dict[str, Any]] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    turns: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"case_text": self.case_text, "question_type": self.question_type, "topic": self.topic,
                "leads": self.leads, "documents": self.documents}


def load_thread(database: Any, thread_id: str | None, owner_id: str | None) -> ThreadState:
    """The state of a thread; a fresh state for a new conversation. Someone else's thread is NotFound."""
    if thread_id is None:
        return ThreadState()
    if database is None:
        raise NotFound(f"thread {thread_id} not found: no database")
    from sqlalchemy import func, select

    from clinicite.store.threads import ThreadRow, TurnRow
    with database.session() as session:
        row = session.get(ThreadRow, thread_id)
        if row is None or row.owner_id != owner_id:
            raise NotFound(f"thread {thread_id} not found", hint="Start a new thread by asking without --thread.")
        turns = session.scalar(select(func.count()).select_from(TurnRow).where(TurnRow.thread_id == thread_id))
        state = dict(row.state or {})
    return ThreadState(thread_id=thread_id, case_text=state.get("case_text", ""),
                       question_type=state.get("question_type"), topic=list(state.get("topic", [])),
                       leads=list(state.get("leads", [])), documents=list(state.get("documents", [])),
                       turns=int(turns or 0))


def merged_case(state: ThreadState, question: str, ontology: Any = None) -> CaseFacts:
    """The case after this question: earlier facts updated by what the follow-up says."""
    new = read_case(question, ontology)
    if not state.case_text:
        return new
    base = read_case(state.case_text, ontology)
    shift = len(state.case_text) + 2
    renewed = {f.hpo_id for f in new.findings}
    findings = [f for f in base.findings if f.hpo_id not in renewed]
    findings += [replace(f, start=f.start + shift, end=f.end + shift) for f in new.findings]
    merged = replace(base, text=f"{state.case_text}\n\n{question}", findings=findings)
    for name in ("age_years", "age_group", "age", "sex", "sex_span", "duration_days", "duration", "laterality",
                 "family_history", "family_history_span"):
        if getattr(new, name, None) is not None:
            setattr(merged, name, getattr(new, name))
    merged.sites = base.sites + new.sites
    merged.tests = base.tests + new.tests
    return merged


def save_turn(database: Any, state: ThreadState, owner_id: str | None, question: str, answer: Answer,
              case_text: str, leads: list[dict[str, Any]], topic: list[str]) -> Answer:
    """Store the question and its answer; the thread is created on its first turn."""
    if database is None:
        return answer
    from clinicite.store.threads import keep_turn
    thread_id = state.thread_id or uuid.uuid4().hex
    cited = [r.id for r in answer.references]
    new_state = ThreadState(thread_id, case_text, answer.question_type if not answer.abstained
                            else state.question_type or answer.question_type, topic, leads,
                            list(dict.fromkeys(state.documents + cited))[-100:])
    with database.session() as session:
        answer.thread_id, answer.turn = thread_id, state.turns + 1
        row = keep_turn(session, thread_id, owner_id, question, answer.audience, plain_json(answer.to_dict()),
                        state=new_state.to_dict())
        answer.turn = row.data["turn"]
    return answer


def plain_json(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as plain JSON types (numbers from numpy, dates as text), as the JSON columns need."""
    return json.loads(json.dumps(data, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


def thread_answers(database: Any, thread_id: str, owner_id: str | None) -> list[Answer]:
    """Every answer of a thread in order (for the web app and the CLI to show a thread again)."""
    from sqlalchemy import select

    from clinicite.store.threads import AnswerRow, ThreadRow, TurnRow
    with database.session() as session:
        row = session.get(ThreadRow, thread_id)
        if row is None or row.owner_id != owner_id:
            raise NotFound(f"thread {thread_id} not found")
        rows = session.execute(select(AnswerRow).join(TurnRow, AnswerRow.turn_id == TurnRow.id)
                               .where(AnswerRow.thread_id == thread_id).order_by(TurnRow.ordinal)).scalars()
        return [Answer.from_dict(r.data) for r in rows]
