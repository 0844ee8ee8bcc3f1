"""Age, sex, duration, course, laterality and site parsing."""

from __future__ import annotations

import pytest

from clinicite.understand.demographics import (age_group, find_age, find_course, find_duration, find_laterality,
                                               find_sex, find_sites)


@pytest.mark.parametrize("text, years, group", [
    ("metaphyseal sclerosis on an X-ray of a 1.5-year-old", 1.5, "child"),
    ("an 18-month-old with a limp", 1.5, "child"),
    ("she is 3 weeks old", 3 * 7 / 365.25, "neonate"),
    ("a 38-year-old woman with thigh pain", 38.0, "adult"),
    ("woman aged 38 with thigh pain", 38.0, "adult"),
    ("38 yo female, thigh pain", 38.0, "adult"),
    ("a woman in her sixties", 65.0, "older adult"),
    ("a man in his early forties", 42.0, "adult"),
    ("an 8 years old girl", 8.0, "child"),
    ("a 15-year-old boy", 15.0, "adolescent"),
    ("a 70 year old man", 70.0, "older adult"),
    ("a 6-month-old infant", 0.5, "infant"),
])
def test_numeric_ages(text, years, group):
    found, found_group, span, approximate = find_age(text)
    assert found == pytest.approx(years, abs=1e-3)
    assert found_group == group
    assert span is not None and text[span.start:span.end] == span.text
    assert approximate is (span.text.startswith("in "))


@pytest.mark.parametrize("text, group", [
    ("fever in an infant", "infant"), ("a neonate with jaundice", "neonate"), ("toddler who limps", "child"),
    ("an adult with bone pain", "adult"), ("an adolescent with knee pain", "adolescent"),
])
def test_age_words_give_a_group_and_an_approximate_age(text, group):
    years, found_group, span, approximate = find_age(text)
    assert found_group == group and approximate
    assert age_group(years) == group


def test_the_age_of_a_relative_is_not_the_patients():
    text = "Her mother, a 30-year-old woman, brought the 4-year-old girl in."
    assert find_age(text)[0] == 4.0
    assert find_sex("His mother, a 30-year-old woman, says he limps")[0] == "male"


def test_no_age():
    assert find_age("thigh pain and fever") == (None, None, None, False)


@pytest.mark.parametrize("text, sex", [
    ("38-year-old woman with pain", "female"), ("a boy with a limp", "male"), ("male, 40, back pain", "male"),
    ("She has had pain for weeks", "female"), ("38F with thigh pain", "female"), ("45 M, knee pain", "male"),
    ("His mother, a woman with lupus, says he limps", "male"), ("thigh pain", None),
])
def test_sex(text, sex):
    assert find_sex(text)[0] == sex


def test_duration_is_not_the_age():
    text = "38-year-old woman, 3 months of thigh pain"
    age = find_age(text)[2]
    days, span = find_duration(text, age)
    assert days == pytest.approx(91.3, abs=0.1) and span.text.startswith("3 months")
    assert find_duration("knee pain for 2 years", None)[0] == pytest.approx(730.5)
    assert find_duration("a 2-week history of fever", None)[0] == pytest.approx(14.0)
    assert find_duration("a 38-year-old woman", find_age("a 38-year-old woman")[2]) == (None, None)


def test_course_laterality_and_sites():
    text = "gradually worsening intermittent pain in the left thigh; cortical thickening of the femoral diaphysis"
    assert [span.value for span in find_course(text)] == ["gradual", "progressive", "intermittent"]
    assert find_laterality(text).value == "left"
    assert find_laterality("pain in both knees, right worse than left").value == "bilateral"
    sites = {(span.kind, span.value) for span in find_sites(text)}
    assert {("bone", "femur"), ("bone region", "diaphysis"), ("compartment", "cortical"),
            ("body region", "thigh")} <= sites
    assert [s.value for s in find_course("acute onset of chronic pain")] == ["acute", "chronic"]
    assert find_sites("intramedullary lesion of the tibial metaphysis")[0].value == "intramedullary"
