"""Revision 0006 moves the web's asked answers into the one answer store without losing any, on SQLite and
PostgreSQL: a database is brought to 0005, filled with rows as the two stores wrote them, and upgraded."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from clinicite.editorial import answers
from clinicite.editorial.permissions import anonymous
from clinicite.store.database import Database
from clinicite.store.editorial import ArticleRow
from clinicite.store.threads import AnswerRow, ThreadRow, TurnRow

OLD = datetime(2026, 10, 1, tzinfo=timezone.utc)
NOW = datetime(2026, 11, 30, tzinfo=timezone.utc)


def _answer(title: str, thread_id: str | None, turn: int | None) -> dict:
    return {"title": title, "bottom_line": f"{title}.", "question_type": "treatment", "composer": "extractive",
            "abstained": False, "thread_id": thread_id, "turn": turn, "sections": [], "references": []}


def _fill_at_0005(connection) -> None:
    """Two stores as revision 0005 had them.

    - thread ``t-web`` (anon:a): turns 1 and 2 stored by the core AND as asked answers ``w1``, ``w2``;
      ``w1`` became article 1;
    - thread ``t-cli`` (owner None): one turn asked on the command line, core only;
    - asked answer ``w3`` (anon:b, October): the core had no database, so only the web kept it.
    """
    meta = sa.MetaData()
    meta.reflect(connection)
    threads, turns, core, asked = (meta.tables[n] for n in ("threads", "thread_turns", "answers", "asked_answers"))
    connection.execute(threads.insert(), [
        {"id": "t-web", "owner_id": "anon:a", "title": "Kawasaki?", "state": {"case_text": "fever"},
         "created_at": NOW, "updated_at": NOW},
        {"id": "t-cli", "owner_id": None, "title": "Marfan?", "state": {}, "created_at": NOW, "updated_at": NOW}])
    connection.execute(turns.insert(), [
        {"thread_id": "t-web", "ordinal": 1, "question": "Kawasaki?", "audience": "clinician", "created_at": NOW},
        {"thread_id": "t-web", "ordinal": 2, "question": "And in adults?", "audience": "patient",
         "created_at": NOW},
        {"thread_id": "t-cli", "ordinal": 1, "question": "Marfan?", "audience": "clinician", "created_at": NOW}])
    turn_id = {(row.thread_id, row.ordinal): row.id for row in connection.execute(sa.select(turns))}
    connection.execute(core.insert(), [
        {"turn_id": turn_id[thread, ordinal], "thread_id": thread, "question_type": "treatment",
         "composer": "extractive", "abstained": False, "data": _answer(title, thread, ordinal), "created_at": NOW}
        for thread, ordinal, title in (("t-web", 1, "K1"), ("t-web", 2, "K2"), ("t-cli", 1, "M1"))])
    connection.execute(asked.insert(), [
        {"id": "w1", "thread_id": "t-web", "owner": "anon:a", "question": "Kawasaki?", "audience": "clinician",
         "data": _answer("K1", "t-web", 1), "created_at": NOW, "purged": False},
        {"id": "w2", "thread_id": "t-web", "owner": "anon:a", "question": "And in adults?", "audience": "patient",
         "data": _answer("K2", "t-web", 2), "created_at": NOW + timedelta(seconds=1), "purged": False},
        {"id": "w3", "thread_id": "web-only", "owner": "anon:b", "question": "Sarcoidosis?",
         "audience": "clinician", "data": _answer("S1", None, None), "created_at": OLD, "purged": False}])
    connection.execute(meta.tables["articles"].insert().values(
        id=1, title="K1", question="Kawasaki?", audience="clinician", status="submitted", current_version=1,
        answer_id="w1", created_at=NOW, updated_at=NOW))


def test_0006_moves_every_asked_answer_into_the_one_store(database_url):
    database = Database(database_url)
    try:
        database.migrate("0005")
        with database.engine.begin() as connection:
            _fill_at_0005(connection)
        database.migrate()
        assert "asked_answers" not in database.tables()
        with database.session() as session:
            rows = {row.id: row for row in session.scalars(sa.select(AnswerRow))}
            assert len(rows) == 4                       # 3 the core kept + 1 only the web kept; none twice
            # The web's ids survive, so addresses and the article's answer_id still lead to the answer.
            assert rows["w1"].data["title"] == "K1" and rows["w2"].data["title"] == "K2"
            assert session.get(ArticleRow, 1).answer_id == "w1"
            assert (rows["w2"].question, rows["w2"].audience, rows["w2"].owner) == ("And in adults?", "patient",
                                                                                    "anon:a")
            cli = next(row for row in rows.values() if row.thread_id == "t-cli")
            assert cli.owner is None and cli.data["title"] == "M1" and len(cli.id) >= 16
            # The web-only answer got a turn in its own thread, dated as it was asked, under its owner.
            only = rows["w3"]
            assert (only.question, only.owner, only.data["title"]) == ("Sarcoidosis?", "anon:b", "S1")
            assert (only.data["thread_id"], only.data["turn"]) == (only.thread_id, 1)
            assert session.get(ThreadRow, only.thread_id).updated_at.replace(tzinfo=timezone.utc) == OLD
            # The one store answers the web's questions: the thread of an answer, its owner, the purge.
            owner_a = anonymous("a")
            assert owner_a.owner == "anon:a"
            assert [r.id for r in answers.thread(session, owner_a, answers.get_answer(session, owner_a, "w2"))] \
                == ["w1", "w2"]
            assert answers.purge_cases(session, 30, now=NOW) == 1     # w3, untouched since October
            assert session.get(AnswerRow, "w3") is None and session.get(AnswerRow, "w1") is not None
            assert session.scalar(sa.select(sa.func.count()).select_from(TurnRow)) == 3
    finally:
        database.dispose()


def test_0006_downgrades_to_the_two_stores(database_url):
    database = Database(database_url)
    try:
        database.migrate("0005")
        with database.engine.begin() as connection:
            _fill_at_0005(connection)
        database.migrate()
        from alembic import command
        from alembic.config import Config

        from clinicite.store.database import MIGRATIONS
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        with database.engine.connect() as connection:
            asked = {row.id: row for row in connection.execute(sa.text("SELECT id, owner FROM asked_answers"))}
            core = connection.execute(sa.text("SELECT id FROM answers")).all()
        assert set(asked) == {"w1", "w2", "w3"} and len(core) == 4
        assert all(isinstance(row.id, int) for row in core)
    finally:
        database.dispose()
