"""Round 8 of issue 9: a list answer's bottom line names what its own Summary names, and the Summary opens
on the sentences that state the direct answer."""

from __future__ import annotations

from clinicite.compose.composer import Draft, DraftBullet
from clinicite.compose.direct import SUMMARY_SECTION, Lead, _answering_sentences, name_what_the_summary_names
from clinicite.compose.entities import Candidate
from clinicite.compose.verdict import Verdict


def test_the_bottom_line_names_every_candidate_its_summary_states():
    candidates = [Candidate("vemurafenib", 3.0, evidence=[0]), Candidate("dabrafenib", 2.0, evidence=[1]),
                  Candidate("trametinib", 0.9, evidence=[2]), Candidate("melanoma", 0.8, evidence=[0])]
    draft = Draft({SUMMARY_SECTION: [DraftBullet("Trametinib is given with dabrafenib in BRAF melanoma.", [2])]},
                  DraftBullet("The sources name: vemurafenib; dabrafenib.", [0, 1]), "extractive",
                  entities=["vemurafenib", "dabrafenib"])
    name_what_the_summary_names(draft, candidates)
    # trametinib and melanoma are stated in the summary; the order keeps the ranked names first
    assert draft.entities == ["vemurafenib", "dabrafenib", "trametinib", "melanoma"]
    assert draft.bottom_line.text == "The sources name: vemurafenib; dabrafenib; trametinib; melanoma."
    assert draft.bottom_line.evidence == [0, 1, 2]


def test_a_name_inside_a_longer_word_is_not_stated():
    draft = Draft({SUMMARY_SECTION: [DraftBullet("Anti-TNF-alpha antibodies were given.", [1])]},
                  DraftBullet("The sources name: infliximab.", [0]), "extractive", entities=["infliximab"])
    name_what_the_summary_names(draft, [Candidate("infliximab", 2.0, evidence=[0]), Candidate("TNF", 1.0, evidence=[1])])
    assert draft.entities == ["infliximab"] and draft.bottom_line.text == "The sources name: infliximab."


def test_the_summary_opens_on_the_sentences_that_state_the_answer():
    verdict = Verdict("yes", "stated", "Yes: one source describes X as a Y.", cited=[4, 2])
    assert _answering_sentences(Lead(verdict=verdict, form="yesno")) == [4]
    names = [Candidate("BRCA1", 3.0, evidence=[5, 1]), Candidate("BRCA2", 2.0, evidence=[5]),
             Candidate("PALB2", 1.0, evidence=[7])]
    assert _answering_sentences(Lead(form="factoid", candidates=names)) == [5]
    assert _answering_sentences(Lead(form="list", candidates=names)) == [5]     # one sentence names both
