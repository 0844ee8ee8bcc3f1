"""An answer whose bottom line abstains shows no ranked table beneath it (issue 8, item 4)."""

from __future__ import annotations

from dataclasses import dataclass

from clinicite.compose.differential import table_under_bottom_line
from clinicite.compose.question import analyse


@dataclass
class Row:
    name: str
    probability: float


ROWS = [Row("Osgood-Schlatter disease", 0.03), Row("Acute peripheral arterial occlusion", 0.02)]
CASE = ("An 11-year-old child complains of pain in the leg while playing. Chest X-ray reveals notching of the ribs. "
        "What is the most likely diagnosis in this patient?")


def test_an_abstaining_bottom_line_leaves_no_ranked_rows():
    assert table_under_bottom_line(ROWS, True, analyse(CASE)) == []


def test_a_bottom_line_that_answers_keeps_its_rows():
    assert table_under_bottom_line(ROWS, False, analyse(CASE)) == ROWS


def test_options_the_user_named_are_still_listed_under_an_abstaining_bottom_line():
    question = CASE.replace("What is the most likely diagnosis in this patient?",
                            "Is this coarctation of the aorta, aortic stenosis or pulmonic stenosis?")
    assert table_under_bottom_line(ROWS, True, analyse(question)) == ROWS
