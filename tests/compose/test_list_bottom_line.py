"""Round 8 of issue 9: a list answer's bottom line names what its own Summary names."""

from __future__ import annotations

from clinicite.compose.composer import Draft, DraftBullet
from clinicite.compose.answer_types import FIT
from clinicite.compose.direct import SUMMARY_SECTION, name_what_the_summary_names
from clinicite.compose.entities import Candidate


def test_the_bottom_line_names_every_candidate_its_summary_states():
    candidates = [Candidate("vemurafenib", 3.0, evidence=[0], fit=FIT), Candidate("dabrafenib", 2.0, evidence=[1], fit=FIT),
                  Candidate("trametinib", 0.9, evidence=[2], fit=FIT), Candidate("melanoma", 0.8, evidence=[0], fit=FIT),
                  Candidate("BRAF melanoma", 0.7, evidence=[2], fit=1.0)]
    draft = Draft({SUMMARY_SECTION: [DraftBullet("Trametinib is given with dabrafenib in BRAF melanoma.", [2])]},
                  DraftBullet("The sources name: vemurafenib; dabrafenib.", [0, 1]), "extractive",
                  entities=["vemurafenib", "dabrafenib"])
    name_what_the_summary_names(draft, candidates)
    # trametinib and melanoma are stated in the summary and of the kind asked; "BRAF melanoma" is of no
    # confirmed kind; the order keeps the ranked names first
    assert draft.entities == ["vemurafenib", "dabrafenib", "trametinib", "melanoma"]
    assert draft.bottom_line.text == "The sources name: vemurafenib; dabrafenib; trametinib; melanoma."
    assert draft.bottom_line.evidence == [0, 1, 2]


def test_a_name_inside_a_longer_word_is_not_stated():
    draft = Draft({SUMMARY_SECTION: [DraftBullet("Anti-TNF-alpha antibodies were given.", [1])]},
                  DraftBullet("The sources name: infliximab.", [0]), "extractive", entities=["infliximab"])
    name_what_the_summary_names(draft, [Candidate("infliximab", 2.0, evidence=[0], fit=FIT),
                                       Candidate("TNF", 1.0, evidence=[1], fit=FIT)])
    assert draft.entities == ["infliximab"] and draft.bottom_line.text == "The sources name: infliximab."
