"""An answer's title, read like a review article's title and made only of the user's own words.

A case's title names its main findings as the user wrote them ("thigh pain", not the ontology's label
"Pain in lower limb"), the patient as the user described them ("a 38-year-old woman"; a sex the text gives
only by a pronoun adds no "woman"), and what is asked ("diagnosis and treatment"). A general question is
turned into a topic title where its form is plain ("What causes X?" -> "Causes of X", "How is X treated?"
-> "Treatment of X"); any other question is its own title. Nothing is added that the user did not write:
no age, sex or finding is inferred.
"""

from __future__ import annotations

import re
from typing import Any

MAX_CHARS = 160
_AIMS = (("diagnos", "diagnosis"), ("differential", "differential diagnosis"),
         ("work-up|workup|investigat|test", "work-up"), ("treat|manag|therap", "treatment"),
         ("prognos|outcome", "prognosis"))
_PERSON = {"woman", "man", "girl", "boy", "female", "male", "lady", "gentleman", "infant", "baby", "toddler",
           "child", "neonate", "newborn", "adolescent", "teenager", "patient"}
_SINGULAR = {"children": "child", "infants": "infant", "babies": "baby", "adults": "adult", "toddlers": "toddler",
             "neonates": "neonate", "newborns": "newborn"}
# General questions whose topic is plain: (pattern over the question, title with the topic as {0}).
_TOPIC_FORMS = (
    (r"^what (?:are|is) the (?:common |main |usual |possible )?causes? of (.+)$", "Causes of {0}"),
    (r"^what (?:can )?causes? (.+)$", "Causes of {0}"),
    (r"^how (?:is|are) (.+?) (?:treated|managed)$", "Treatment of {0}"),
    (r"^what is the (?:best |first-line |recommended )?(?:treatment|management|therapy) (?:of|for) (.+)$",
     "Treatment of {0}"),
    (r"^how (?:is|are) (.+?) diagnosed$", "Diagnosis of {0}"),
    (r"^what are the (?:symptoms|signs|clinical features) of (.+)$", "Clinical features of {0}"),
    (r"^what is the prognosis (?:of|for) (.+)$", "Prognosis of {0}"),
)


def article_title(question: str, analysis: Any) -> str:
    """The title of the answer to ``question`` (see the module docstring)."""
    text = " ".join(question.split())
    case = analysis.case
    if analysis.is_case:
        subject = _findings_as_written(case, text)
        if subject:
            who = patient_as_written(case)
            aims = _aims(text.lower(), analysis.question_type)
            title = subject + (f" in {who}" if who else "")
            return (title + (": " + " and ".join(aims) if aims else ""))[:MAX_CHARS]
        if len(text) > 90:
            return "Case: " + text[:85].rsplit(" ", 1)[0] + " …"
    return _topic_title(text)[:MAX_CHARS]


def _findings_as_written(case: Any, text: str) -> str:
    """The first two observed findings in the user's own words, joined: "Thigh pain and femoral sclerosis"."""
    spans: list[str] = []
    for finding in getattr(case, "findings", []):
        if finding.excluded or finding.family_history or getattr(finding, "context", None):
            continue
        words = _with_head_noun(" ".join((finding.text or text[finding.start:finding.end]).split()), text, finding)
        if words and words.lower() not in (s.lower() for s in spans):
            spans.append(words)
        if len(spans) == 2:
            break
    if not spans:
        return ""
    first = spans[0][0].upper() + spans[0][1:]
    return first + (" and " + _lower_first(spans[1]) if len(spans) > 1 else "")


# A finding read from an adjective ("osteolytic" of "an osteolytic lesion") keeps the noun it qualifies, so the
# title says "Osteolytic lesion", not "Osteolytic"; the noun is the user's next word, never one added.
_ADJECTIVE = re.compile(r"(?:ic|al|ous|ive|ar|ary|oid|ed)$", re.I)
_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]{2,})\b")
_NOT_A_HEAD = {"and", "or", "but", "with", "without", "in", "on", "of", "at", "for", "to", "from", "since", "that",
               "which", "who", "was", "were", "is", "are", "has", "had", "the", "then", "after", "over", "under"}


def _with_head_noun(words: str, text: str, finding: Any) -> str:
    end = getattr(finding, "end", None)
    if not words or end is None or " " in words.strip() or not _ADJECTIVE.search(words):
        return words
    following = _NEXT_WORD.match(text, end)
    if following is None or following.group(1).lower() in _NOT_A_HEAD:
        return words
    return f"{words} {following.group(1)}"


def _lower_first(words: str) -> str:
    """Lower-case a leading word unless it is an acronym or a name ("MRI", "Crohn")."""
    head = words.split()[0]
    return words if head.isupper() or head[1:] != head[1:].lower() else words[0].lower() + words[1:]


def patient_as_written(case: Any) -> str:
    """The patient in the user's words: "a 38-year-old woman", "a 1.5-year-old", "an infant"; "" when the user
    gave neither an age nor a person noun."""
    age = " ".join(case.age.text.split()) if getattr(case, "age", None) is not None else ""
    sex_span = getattr(case, "sex_span", None)
    noun = sex_span.text.lower() if sex_span is not None and sex_span.text.lower() in _PERSON else ""
    number = re.fullmatch(r"(?:aged?\s+)?([\d.]+)(?:\s*(?:-|\s)?(year|month|week|day)s?(?:(?:-|\s)old)?)?", age,
                          re.I) if age else None
    if number:       # the user's own number: "aged 52", "52 years old" -> "52-year-old"
        phrase = f"{number.group(1)}-{(number.group(2) or 'year').lower()}-old" + (f" {noun}" if noun else "")
    elif age:
        phrase = age.lower()
        if phrase.startswith(("in ", "his ", "her ")):
            return f"a patient {phrase}"
        phrase = _SINGULAR.get(phrase, phrase)
    elif noun and noun != "patient":
        phrase = noun
    else:
        return ""
    return ("an " if phrase[0] in "aeiou" or phrase.startswith(("8", "11-", "18-")) else "a ") + phrase


def _aims(lowered: str, question_type: str) -> list[str]:
    aims = [name for pattern, name in _AIMS if re.search(pattern, lowered)]
    aims = [a for a in aims if not (a == "diagnosis" and "differential diagnosis" in aims)]
    if not aims and question_type in ("diagnosis", "differential"):
        aims = ["differential diagnosis"]
    return aims


def _topic_title(text: str) -> str:
    """"What causes dense metaphyseal bands?" -> "Causes of dense metaphyseal bands"; else the question."""
    bare = text.rstrip(" ?.!")
    for pattern, form in _TOPIC_FORMS:
        match = re.match(pattern, bare, re.I)
        if match and len(match.group(1).split()) >= 1:
            return form.format(match.group(1))
    return text
