"""The sections an answer has for each question type, and the cue words that fill them.

A sentence goes to the section whose cue pattern it matches most often (ties
go to the earlier section); sentences that match none go to the plan's
catch-all section. Headings change with the audience; keys never do.
"""

from __future__ import annotations

import re

from clinicite.compose.therapy import only_names_treatment

PLANS: dict[str, list[str]] = {
    "diagnosis": ["presentation", "key_findings", "differential", "workup", "management", "pitfalls", "follow_up"],
    "differential": ["presentation", "key_findings", "differential", "workup", "management", "pitfalls",
                     "follow_up"],
    "workup": ["workup", "key_findings", "differential", "pitfalls", "follow_up"],
    "treatment": ["first_line", "alternatives", "dosing", "monitoring", "pitfalls"],
    "drug": ["dosing", "adverse_effects", "interactions", "monitoring"],
    "prognosis": ["outcomes", "prognostic_factors", "follow_up"],
    "general": ["key_facts", "key_findings", "pitfalls"],
}

# Where a sentence goes when no cue matches; for the other types such a sentence does not answer.
CATCH_ALL = {"diagnosis": "presentation", "differential": "presentation", "general": "key_facts"}

# The sections that answer the question itself; sentences for them rank higher and give the bottom line.
PRIMARY = {"diagnosis": ("presentation", "key_findings", "differential"), "differential": ("differential",
           "presentation"), "workup": ("workup",), "treatment": ("first_line", "alternatives"),
           "drug": ("dosing", "adverse_effects", "interactions"), "prognosis": ("outcomes", "prognostic_factors"),
           "general": ("key_facts",)}

HEADINGS: dict[str, dict[str, str]] = {
    "clinician": {
        "presentation": "Clinical presentation", "key_findings": "Key findings",
        "differential": "Differential diagnosis", "workup": "Recommended work-up", "management": "Management",
        "pitfalls": "Pitfalls", "follow_up": "Follow-up", "first_line": "First-line options",
        "alternatives": "Alternatives", "dosing": "Dosing notes", "monitoring": "Monitoring",
        "adverse_effects": "Adverse effects", "interactions": "Interactions and contraindications",
        "outcomes": "Outcomes", "prognostic_factors": "Prognostic factors", "key_facts": "Key facts",
        "terms": "Terms explained", "weighed": "Weight of evidence",
    },
    "patient": {
        "presentation": "What people notice", "key_findings": "What doctors find",
        "differential": "Other possible causes", "workup": "Tests that may help", "management": "Treatment",
        "pitfalls": "Things to watch for", "follow_up": "Check-ups", "first_line": "Usual first treatments",
        "alternatives": "Other options", "dosing": "About doses", "monitoring": "Check-ups during treatment",
        "adverse_effects": "Side effects", "interactions": "Things to avoid", "outcomes": "What to expect",
        "prognostic_factors": "What changes the outlook", "key_facts": "Main points",
        "terms": "Words explained", "weighed": "What the studies found",
    },
}

_CUE_WORDS: dict[str, str] = {
    "presentation": r"present\w*|symptom\w*|signs?|manifest\w*|characteri[sz]ed by|onset|features?|complain\w*|"
                    r"typical\w*|clinical(ly)?",
    "key_findings": r"finding\w*|show(ed|s)|reveal\w*|demonstrat\w*|elevated|increased|decreased|levels?|"
                    r"sensitivity|specificity|radiograph\w*|mri|ct|imaging|histolog\w*|patholog\w*",
    "differential": r"differential|mimic\w*|distinguish\w*|misdiagnos\w*|confused with|resembl\w*|"
                    r"differentiat\w*|should be considered",
    "workup": r"diagnos\w*|tests?|testing|biops\w*|imaging|mri|screen\w*|assays?|sequencing|genetic|"
              r"confirm\w*|criteria|measure\w*|evaluat\w*|magnetic resonance|bone scan\w*|scintigra\w*|"
              r"computed tomography|ultrasound|radiograph\w*|x-rays?|blood tests?|serum",
    "management": r"treat\w*|therap\w*|manag\w*|surg\w*|resect\w*|drugs?|administ\w*|medication\w*|"
                  r"curettage|ream\w*|excis\w*|osteotom\w*|drill\w*|decompress\w*|operat\w*|procedures?|"
                  r"underwent|analgesi\w*|nsaids?|bisphosphonates?|steroids?|antibiotics?|relie\w*|"
                  r"resolv\w*|pain[- ]free|symptom[- ]free|recover\w*|cured?",
    "pitfalls": r"pitfall\w*|misdiagnos\w*|delays? (?:in|of) (?:diagnosis|treatment)|delayed (?:diagnosis|treatment)|"
                r"diagnostic delay|delays (?:the )?(?:diagnosis|treatment)|missed|caution|overlook\w*|"
                r"false[- ](positive|negative)|"
                r"complication\w*|underdiagnos\w*|misinterpret\w*|mistak\w*|limitation\w*",
    "follow_up": r"follow[- ]up|surveillance|monitor\w*|recurren\w*|long[- ]term|relapse\w*|prognos\w*|"
                 r"outcomes?|survival",
    "first_line": r"first[- ]line|recommended|standard|initial|of choice|effective\w*|improv\w*|superior|"
                  r"reduc\w*|benefit\w*|efficacy|should (be|receive)",
    "alternatives": r"alternative\w*|second[- ]line|refractory|instead|options?|switch\w*|combination|"
                    r"compared with|versus|non[- ]inferior",
    "dosing": r"\d+ ?(mg|mcg|µg|g|ml|iu|units?)\b|doses?|dosing|dosage|daily|twice|regimen|duration|"
              r"weeks? of|mg/kg|course",
    "monitoring": r"monitor\w*|follow[- ]up|levels?|measure\w*|surveillance|toxicit\w*|check\w*",
    "adverse_effects": r"adverse|side[- ]effects?|toxicit\w*|reactions?|harms?|safety|tolerab\w*",
    "interactions": r"interact\w*|contraindicat\w*|avoid\w*|concomitant|co-?administ\w*|pregnan\w*",
    "outcomes": r"survival|mortality|prognos\w*|outcomes?|recurren\w*|remission|life expectancy|died|death",
    "prognostic_factors": r"associated with|predict\w*|risk factors?|factors?|independent\w*|hazard|odds",
    "key_facts": r"\w+",
}
CUES = {key: re.compile(rf"\b({words})\b", re.I) for key, words in _CUE_WORDS.items()}
ADVICE = re.compile(r"\b(should|recommend\w*|helps? to|is needed|are needed|required|indicated|useful|"
                    r"first[- ]line|when conservative)\b", re.I)
# A reported outcome of an intervention ("reaming relieved the pain") says what to do: it weighs double.
OUTCOME = re.compile(r"\b(relie\w*|resolv\w*|pain[- ]free|symptom[- ]free|recover\w*|cured?|"
                     r"success\w*|uneventful|no recurrence)\b", re.I)


def plan_for(question_type: str) -> list[str]:
    return PLANS.get(question_type, PLANS["general"])


def heading(key: str, audience: str) -> str:
    table = HEADINGS["patient"] if audience == "patient" else HEADINGS["clinician"]
    return table.get(key, key.replace("_", " ").capitalize())


def assign_section(sentence: str, question_type: str) -> str | None:
    """The plan section a sentence belongs to, by cue counts (None: it answers no section)."""
    plan = plan_for(question_type)
    best, best_hits = CATCH_ALL.get(question_type), 0
    for key in plan:
        if key == "key_facts":
            continue
        hits = len(CUES[key].findall(sentence))
        if key == "management":
            if only_names_treatment(sentence):
                continue     # a treatment as a cause, a mechanism or a definition says nothing of what to do
            hits += len(OUTCOME.findall(sentence))
        if key in ("workup", "management") and hits and ADVICE.search(sentence):
            hits += 1        # "MRI helps to distinguish ...", "... should be excised": what to do, not a finding
        if hits > best_hits:
            best, best_hits = key, hits
    return best
