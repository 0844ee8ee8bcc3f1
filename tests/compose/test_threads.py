"""Follow-up questions reuse and update the case and evidence of their thread."""

from __future__ import annotations

import pytest
from .checks import assert_traceable, bullet_texts

from clinicite.compose import answer_question, thread_answers
from clinicite.errors import NotFound

CASE = ("A 16-year-old boy is very tall with arachnodactyly, ectopia lentis and aortic root dilatation. "
        "What is the diagnosis?")


@pytest.fixture(scope="module")
def first(built):
    return answer_question(CASE, context=built.context(), owner_id="alice")


def test_treatment_follow_up_is_about_the_earlier_diagnosis(built, first):
    assert first.thread_id and first.turn == 1
    follow = answer_question("And how is it treated?", context=built.context(), thread_id=first.thread_id,
                             owner_id="alice")
    assert follow.thread_id == first.thread_id and follow.turn == 2
    assert follow.question_type == "treatment"
    text = " ".join(bullet_texts(follow))
    assert "Marfan syndrome" in text and ("losartan" in text or "Beta-blockers" in text)
    assert "Kawasaki" not in text
    assert follow.case["age_years"] == 16          # the case carried over
    assert_traceable(follow, built.documents)


def test_changed_age_updates_the_case(built, first):
    follow = answer_question("What if he were 8 years old?", context=built.context(), thread_id=first.thread_id,
                             owner_id="alice")
    assert follow.case["age_years"] == 8
    assert set(first.case["observed"]) <= set(follow.case["observed"])
    assert follow.differential and follow.differential[0].name == "Marfan syndrome"


def test_answers_are_stored_per_turn(built, first):
    stored = thread_answers(built.database, first.thread_id, "alice")
    assert stored[0].to_dict() == first.to_dict()
    assert [a.turn for a in stored] == list(range(1, len(stored) + 1))


def test_a_thread_belongs_to_its_owner(built, first):
    with pytest.raises(NotFound):
        answer_question("And how is it treated?", context=built.context(), thread_id=first.thread_id,
                        owner_id="bob")
    with pytest.raises(NotFound):
        answer_question("And how is it treated?", context=built.context(), thread_id="no-such-thread")


def test_retention_purge_forgets_thread_case_text(built, first):
    from datetime import timedelta

    from sqlalchemy import update

    from clinicite.editorial.answers import purge_cases
    from clinicite.store.base import utcnow
    from clinicite.store.threads import AnswerRow, ThreadRow, TurnRow

    case = "A 15-year-old girl has arachnodactyly and ectopia lentis. What is the diagnosis?"
    old = answer_question(case, context=built.context(), owner_id="carol")
    with built.database.session() as session:
        assert purge_cases(session, 30) == 0 and session.get(ThreadRow, old.thread_id) is not None
        # Age the thread past the retention period without touching the module's other threads.
        session.execute(update(ThreadRow).where(ThreadRow.id == old.thread_id)
                        .values(updated_at=utcnow() - timedelta(days=31)))
        session.commit()
    with built.database.session() as session:
        purge_cases(session, 0)                       # 0 keeps everything
        assert session.get(ThreadRow, old.thread_id) is not None
        purge_cases(session, 30)
        session.commit()
    with built.database.session() as session:
        assert session.get(ThreadRow, old.thread_id) is None
        for model in (TurnRow, AnswerRow):
            assert session.query(model).filter(model.thread_id == old.thread_id).count() == 0
        assert all(case not in (row.state or {}).get("case_text", "") for row in session.query(ThreadRow))
        assert session.get(ThreadRow, first.thread_id) is not None    # a recent thread stays
    with pytest.raises(NotFound):
        answer_question("And how is it treated?", context=built.context(), thread_id=old.thread_id,
                        owner_id="carol")
