"""A trailing "Why?" asks for the reasons behind the question before it; it does not change what is asked.

"Does aspirin prevent colorectal cancer? Why?" was typed as a summary question (from "Why?"), so the answer gave
no verdict. The form now comes from the question that the follow-on refers to.
"""

from __future__ import annotations

import pytest

from clinicite.understand.question import question_form


@pytest.mark.parametrize("question, form", [
    ("Does aspirin prevent colorectal cancer? Why?", "yesno"),
    ("Does aspirin prevent colorectal cancer? Why or why not?", "yesno"),
    ("Is an MRI needed before surgery? Explain.", "yesno"),
    ("Is lithium effective for ALS and why?", "yesno"),
    ("A 40-year-old man has gout. Which drug is first line? Why?", "factoid"),
    ("Which drugs delay progression of ALS? Why?", "list"),
])
def test_a_trailing_why_keeps_the_form_of_the_question_it_follows(question, form):
    assert question_form(question) == form


@pytest.mark.parametrize("question", ["Why is metformin first line in type 2 diabetes?", "Why?"])
def test_a_question_that_is_only_why_is_still_a_summary(question):
    assert question_form(question) == "summary"
