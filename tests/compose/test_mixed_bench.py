"""``bench/answers.py --mixed``: every question's snippets in ONE home, each question finding its own evidence.

Fixture: ``fixtures/compose/answers15/bioasq`` (BioASQ task B golden format, written for these tests): a factoid
question on a sequencing panel, a list question on CRISPR screens whose second snippet is about screening genes
in general, a yes/no question whose first snippet is a hypothesis, one asking whether colistin is an antibiotic,
and a summary question on faecal transplants after antibiotic failure. Mixed together, the factoid question's
search also brings back the other questions' sentences on "genes" and "screened"/"sequenced".
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import answers  # noqa: E402

DATA = FIXTURES / "answers15"


@pytest.fixture()
def fixture_data(monkeypatch):
    monkeypatch.setattr(answers, "DATA", DATA)


def test_the_mixed_home_holds_every_questions_snippets_one_record_per_pmid(fixture_data):
    documents = {d.id: d for d in answers.mixed_documents("test")}
    assert sorted(documents) == [f"pmid:910000{n}" for n in range(1, 7)]
    assert documents["pmid:9100001"].title.startswith("Clinical sequencing with MSK-IMPACT")
    assert "None of the 40 fetuses" in documents["pmid:9100004"].text and \
        "has been suggested" in documents["pmid:9100004"].text       # two snippets of one record joined


def test_each_question_is_answered_alone_and_in_the_mixed_home(fixture_data, tmp_path):
    result = answers.run_bioasq_mixed("test", 10, 7, tmp_path / "mixed", types=("yesno", "factoid", "list"))
    assert result["home"]["documents"] == 6 and result["types"] == {"yesno": 2, "factoid": 1, "list": 1}
    alone, mixed = result["gold_only"], result["mixed"]
    assert alone["references_own_share"] == 1.0          # by construction: only its own snippets are held
    for setting in (alone, mixed):
        # The hypothesis is not weighed: the finding that no fetus had thrombocytopenia answers "no".
        assert setting["yesno"]["predicted"] == {"no": 1, "yes": 1}
        assert setting["factoid"]["strict_accuracy"] == 1.0
    # In the mixed home the panel question's summary quotes its own record, not the screens' sentences.
    assert mixed["summary_bullets_own_share"] == 1.0
    again = answers.run_bioasq_mixed("test", 10, 7, tmp_path / "mixed", types=("yesno",))
    assert again["home"] == result["home"]               # the built home is reused, not built again


def test_in_the_mixed_home_a_summary_quotes_its_subjects_record_and_no_hypothesis(fixture_data, tmp_path):
    home, _ = answers.mixed_home("test", tmp_path / "mixed")
    try:
        panel, _, _ = home.answer("How many genes are sequenced by the MSK-IMPACT panel?")
        verdict, _, _ = home.answer("Is Rhesus alloimmunization associated with fetal thrombocytopenia?")
    finally:
        home.close()
    assert panel.entities[0] == "468"
    summary = [b for s in panel.sections if s.key == "summary" for b in s.bullets]
    assert summary and {c.document_id for b in summary for c in b.citations} == {"pmid:9100001"}
    # Nothing from the records on screens, which share only "genes" and "sequenced" with the question.
    assert not {c.document_id for c in panel.citations()} & {"pmid:9100002", "pmid:9100003"}
    assert verdict.verdict["answer"] == "no" and verdict.bottom_line.startswith("No")
    # The hypothesis is neither weighed nor quoted as the summary (another section may still show it as such).
    shown = [b.text for s in verdict.sections if s.key in ("summary", "weighed") for b in s.bullets]
    assert shown and not any("has been suggested" in text for text in shown)


def test_a_yes_no_answers_sections_hold_only_its_agent(fixture_data, tmp_path):
    home, _ = answers.mixed_home("test", tmp_path / "mixed")
    try:
        answer, _, _ = home.answer("Is colistin an antibiotic?")
    finally:
        home.close()
    assert answer.verdict["answer"] == "yes"
    # The faecal-transplant record shares "antibiotic" with the question, not its agent: it is not cited.
    assert {c.document_id for c in answer.citations()} == {"pmid:9100005"}
