"""Round 13 (issue 9): which narrated step treated the reported patient, when the story tells it before other
steps (given alongside, for a complication, ended, stepped down, added later in the same sentence).

Stories written for these tests in the shape of a case report (no publication copied)."""

from __future__ import annotations

from clinicite.compose.case_reports import Report, part_of, report_parts
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import Grade
from clinicite.compose.sentences import split_sentences
from clinicite.compose.step_timing import LATER_LABEL, later
from clinicite.compose.topic import Topic


def _source() -> Source:
    return Source("file:story", "A swollen painful hand after a dog bite", "text", Grade("unclassified", 1, "text"))


def _sentences(text: str) -> list[Evidence]:
    source = _source()
    return [Evidence(source, s.text, [QuotedSpan(s.start, s.end, s.text)], 0.5, None, "sentence", None)
            for s in split_sentences(text)]


def _parts(text: str, case: str = "dog bite to the hand, swollen, fever. How do we treat it?") -> dict[str, list[str]]:
    topic = Topic(names=["Hand abscess"], text=case, case_words={"bite", "hand", "swollen", "fever"})
    report = Report(_source(), _sentences(text), topic=topic)
    return {part: [shown for _, shown in entries] for part, entries in report_parts(report, text).items()}


def test_the_step_the_reports_advice_names_leads_over_drugs_told_after_it():
    text = ("A man aged 40 was bitten on the hand by a dog and two days later the hand was swollen, with a fever. "
            "He went to theatre the same night, where a surgical drainage of the palmar space was carried out. "
            "Intravenous co-amoxiclav and clindamycin were given, changed to oral doxycycline later in the week. "
            "Antibiotics alone do not clear a deep collection, and delay in surgery costs hand function.")
    management = _parts(text)["management"]
    assert "drainage" in management[0]
    # Without advice naming a step, the last step told still leads, as before.
    plain = text.rsplit(" Antibiotics alone", 1)[0]
    assert "co-amoxiclav" in _parts(plain)["management"][0]


def test_a_second_clause_told_as_later_or_for_something_else_keeps_the_sentences_step():
    text = ("A woman aged 30 was bitten on the hand by a dog and the hand became swollen. "
            "She was given intravenous fluids and paracetamol for the fever. "
            "On the second day, when the swelling was worse, intravenous benzylpenicillin was infused, and within "
            "hours the swelling eased; amitriptyline was later used for the residual pain.")
    management = _parts(text)["management"]
    assert "benzylpenicillin" in management[0]
    assert not management[0].startswith(LATER_LABEL)
    assert not later("Benzylpenicillin was infused; amitriptyline was later used for the residual pain.")
    assert later("Her rate was later controlled with bisoprolol; she went home.")


def test_a_step_ended_after_another_and_a_step_down_with_readiness_do_not_lead():
    text = ("A man aged 70 was bitten on the hand by a dog and the hand became swollen, with a fever. "
            "Hydrocortisone was given first, followed by intravenous benzylpenicillin. "
            "A cortisol sent before the hydrocortisone was normal, and the steroid was stopped on the third day. "
            "He was eating by the fourth day and was switched to oral amoxicillin.")
    assert "benzylpenicillin" in _parts(text)["management"][0]
    # A switch after a step that failed is the treatment.
    failed_first = ("A man aged 70 was bitten on the hand by a dog. Topical antiseptics were given without benefit. "
                    "He was then switched to oral amoxicillin.")
    assert "amoxicillin" in _parts(failed_first)["management"][0]


def test_a_step_told_by_how_it_was_put_in_and_its_easing_lead():
    text = ("A woman aged 45 was bitten on the hand by a dog and the hand became swollen. "
            "She first attended a minor injuries unit, where she was given codeine, which did not help. "
            "The wound was irrigated again and a honey dressing was applied under a glove. "
            "The pain eased within an hour of the dressing. "
            "When it returned overnight, bupivacaine was infiltrated around the wound, after which she was pain-free. "
            "Relief of pain is the best guide to adequate treatment.")
    assert part_of(_sentences("The wound was irrigated again and a honey dressing was applied.")[0]) == "management"
    assert "honey dressing" in _parts(text)["management"][0]


def test_sent_home_and_back_is_a_pitfall_and_a_clinic_name_no_treatment():
    parts = _parts("A man aged 54 was bitten on the hand by a dog. "
                   "He was given oral flucloxacillin and sent home, but returned twelve hours later with a swollen hand. "
                   "A surgical drainage was carried out and the swelling settled. "
                   "He was seen in the plastic surgery clinic for six months and used the hand fully.")
    assert any("sent home" in p for p in parts.get("pitfalls", []))
    assert any("plastic surgery clinic" in f for f in parts.get("follow_up", []))
    assert "drainage" in parts["management"][0]


def test_procedures_told_as_had_taken_to_theatre_removed_or_back_in_place_are_steps():
    # Added after fresh13's final run (read by then): told procedures the cue lists missed.
    for story, step in (
            ("He was taken to theatre within an hour, where an arthrotomy washed out the wrist. "
             "The swelling settled by the third day.", "theatre"),
            ("She had a decompression of the tendon sheath the same evening. Intravenous co-amoxiclav was given for "
             "six weeks. Function depends on how quickly the sheath is decompressed.", "decompression"),
            ("A tooth fragment was found in the wound and was removed with forceps. The swelling settled.",
             "removed"),
            ("The surgeon pushed the dislocated joint back with the palm while terbutaline was given; it was back in "
             "place within five minutes. The oxytocin infusion was then restarted.", "pushed")):
        text = "A man aged 40 was bitten on the hand by a dog and the hand became swollen. " + story
        assert step in _parts(text)["management"][0], story
    past = _sentences("She had a cholecystectomy ten years earlier.")[0]
    text = "A woman aged 60 was bitten on the hand by a dog. " + past.statement + " Amoxicillin was given and the swelling settled."
    assert "amoxicillin" in _parts(text)["management"][0]


def test_a_step_with_little_change_failed_and_a_first_wrong_reading_is_a_pitfall():
    from clinicite.compose.step_timing import asked_stems, failed
    assert failed("A bolus of saline was given while the procedure was prepared, with little change in the pressure.")
    assert part_of(_sentences("The first wound swab was reported as a skin contaminant and penicillin V was given.")[0]) \
        == "pitfalls"
    # The question's own words, not a finding read into its sentence, say what is asked.
    assert asked_stems("Bitten 2 d ago. Swab said strep, on pen V. What's this and how do we manage it?") == set()
    # An antitoxin, an antivenom, an antidote are treatments: advice on when to give one is Management.
    assert part_of(_sentences("Antivenom should not wait for laboratory confirmation.")[0]) == "management"


def test_a_title_that_reads_like_a_story_is_still_a_title():
    from clinicite.compose.case_reports import is_title
    source = Source("file:story", "Breathlessness and a low blood pressure in a woman treated for lung cancer", "text",
                    Grade("unclassified", 1, "text"))
    line = source.title
    title = Evidence(source, line, [QuotedSpan(0, len(line), line)], 0.5, None, "sentence", None)
    assert is_title(title)
    told = "A woman aged 62 treated for lung cancer presented with breathlessness."
    first = Evidence(Source("file:s", told, "text", Grade("unclassified", 1, "text")), told,
                     [QuotedSpan(0, len(told), told)], 0.5, None, "sentence", None)
    assert not is_title(first), "a text file's first line that tells the patient, as a sentence, is kept"


def test_a_test_repeated_on_a_schedule_is_follow_up():
    for told in ("Because the tendon can rupture late, he had a weekly ultrasound for six weeks.",
                 "The white count was checked weekly for four weeks because late relapse can follow.",
                 "Wound swabs were repeated every 12 hours until clear."):
        assert part_of(_sentences(told)[0]) == "follow_up", told
    assert part_of(_sentences("Amoxicillin was given weekly for four weeks.")[0]) == "management"


def test_an_organ_removed_elsewhere_is_no_step():
    # Found on fresh7 (dev) after the post-run commit: a donor kidney "removed" led Management.
    assert part_of(_sentences("The kidney was removed in San Francisco and transported to Baltimore.")[0]) != "management"
