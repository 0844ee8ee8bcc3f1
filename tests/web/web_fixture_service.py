"""A small real answer service for the web tests: answers built from a fixture JSON file.

It stands in for :class:`clinicite.app.Clinicite` where a test needs a known
answer without an ingested corpus. It keeps threads (turn numbers per thread
id), reflects the question and audience into the answer, and searches the
fixture's references by words, so the web layer's behaviour can be asserted on.
"""

from __future__ import annotations

import copy
import json
import secrets
import threading
from pathlib import Path

from clinicite.compose.answer import Answer

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "answer.json"


class FixtureAnswerService:
    def __init__(self, fixture: Path = FIXTURE) -> None:
        self.template = json.loads(fixture.read_text())
        self.turns: dict[str, int] = {}
        self.asked: list[dict] = []
        self.evidence_version = 1
        self._lock = threading.Lock()

    def ask(self, question: str, audience: str = "clinician", thread_id: str | None = None,
            owner_id: str | None = None) -> Answer:
        data = copy.deepcopy(self.template)
        with self._lock:
            thread_id = thread_id or secrets.token_hex(8)
            self.turns[thread_id] = self.turns.get(thread_id, 0) + 1
            self.asked.append({"question": question, "audience": audience, "thread_id": thread_id,
                               "owner_id": owner_id})
            turn = self.turns[thread_id]
        data.update(question=question, audience=audience, thread_id=thread_id, turn=turn)
        if self.evidence_version > 1:
            data["bottom_line"] += f" (evidence update {self.evidence_version})"
        return Answer.from_dict(data)

    def search(self, query: str, k: int = 10, filters=None) -> list[dict]:
        words = {w.lower() for w in query.split()}
        hits = [{"document_id": r["id"], "title": r["title"], "score": len(words & set(r["title"].lower().split()))}
                for r in self.template["references"]]
        if filters is not None and filters.sources:
            hits = [h for h in hits if h["document_id"].split(":")[0] in
                    {"pmid" if s == "pubmed" else "orpha" if s == "knowledge" else s for s in filters.sources}]
        return sorted((h for h in hits if h["score"] > 0), key=lambda h: -h["score"])[:k]

    def stats(self) -> dict:
        return {"documents": len(self.template["references"]), "documents_by_source": {"pubmed": 2},
                "passages": 12, "knowledge_records": 1, "pending_index": 0, "last_document_update": None,
                "database": "sqlite:///secret/path.sqlite3", "home": "/secret/home"}
