"""What a question asks, for whom, and about which patient.

Question types follow the clinical question taxonomy of Ely et al. (2000,
"A taxonomy of generic clinical questions"), folded into seven kinds that
decide an answer's sections: diagnosis, differential, workup, treatment,
prognosis, drug and general. A pasted case with findings but no explicit ask
is a diagnosis question. Red flags are emergencies the answer must name first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from clinicite.compose.audience import AUDIENCES
from clinicite.errors import InputError
from clinicite.understand.facts import CaseFacts
from clinicite.understand.question import question_form

MAX_QUESTION_CHARS = 8000  # a case description needs the findings that matter, not a whole record


def check_question(question: str, audience: str) -> tuple[str, str]:
    """``(question, audience)`` ready to answer: the question stripped, both checked. The one validation of
    a question, whichever edge it came through (web form, JSON API, CLI)."""
    question = (question or "").strip()
    if not question:
        raise InputError("the question is empty", hint="Type a clinical question or describe a case.")
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(f"the question is longer than {MAX_QUESTION_CHARS} characters",
                         hint="Shorten the case description to the findings that matter.")
    if audience not in AUDIENCES:
        raise InputError(f"unknown audience {audience!r}", hint=f"Choose one of: {', '.join(AUDIENCES)}.")
    return question, audience


QUESTION_TYPES = ("diagnosis", "differential", "workup", "treatment", "prognosis", "drug", "general")

# Checked in order; the first kind whose cues match wins.
_TYPE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("drug", re.compile(r"\b(dose|dosage|dosing|side[- ]effects?|adverse (effects?|events?|reactions?)|"
                        r"interactions?|contraindicat\w*|overdose|how much \w+ (should|can)|mg/kg)\b", re.I)),
    ("treatment", re.compile(r"\b(treat\w*|therap\w*|manag\w*|first[- ]line|drug of choice|cure[sd]?|"
                             r"medications?|surgery|surgical|intervention|prevent\w*|vaccin\w*)\b", re.I)),
    ("prognosis", re.compile(r"\b(prognos\w*|survival|life expectancy|outcomes?|mortality|recurrence|"
                             r"natural history|long[- ]term)\b", re.I)),
    ("workup", re.compile(r"\b(work[- ]?up|investigat\w*|tests?|testing|imaging|screen\w*|diagnostic "
                          r"(evaluation|approach|criteria)|how (is|are|to|do you|should) \w* ?(diagnos|confirm)\w*|"
                          r"confirm\w*|biops\w*|laboratory|mri|ct scan)\b", re.I)),
    ("differential", re.compile(r"\b(differential|what (else )?could (this|it) be|causes? of|what (can |could |might )?"
                                r"causes?|possible "
                                r"(diagnos\w*|causes?)|what are the (diagnos\w*|causes))\b", re.I)),
    ("diagnosis", re.compile(r"\b(diagnos\w*|what is (wrong|this)|what does (she|he|the patient) have|"
                             r"most likely|which (disease|syndrome|condition))\b", re.I)),
]

RED_FLAGS: list[tuple[str, re.Pattern[str]]] = [
    ("Chest pain with breathlessness, sweating or collapse can be a heart attack or pulmonary embolism: "
     "call emergency services now.",
     re.compile(r"chest pain.{0,80}\b(short(ness)? of breath|breathless|dyspn\w*|sweat\w*|diaphore\w*|"
                r"syncope|faint\w*|collaps\w*|radiat\w*|jaw|left arm)|\b(short(ness)? of breath|dyspn\w*|"
                r"syncope|diaphore\w*).{0,80}chest pain", re.I | re.S)),
    ("Sudden weakness of one side, facial droop, slurred speech or vision loss are stroke signs: "
     "call emergency services now.",
     re.compile(r"\b(facial droop|face droop\w*|slurred speech|hemipar\w*|hemipleg\w*|aphasi\w*|"
                r"sudden (weakness|numbness|vision loss|confusion)|one[- ]sided weakness|stroke)\b", re.I)),
    ("Fever with confusion, low blood pressure or a fast heart rate can be sepsis: seek emergency care now.",
     re.compile(r"\b(sepsis|septic|meningococc\w*|non[- ]blanching rash|(fever|febrile).{0,80}\b(confus\w*|"
                r"hypotens\w*|low blood pressure|tachycard\w*|rigors|stiff neck|neck stiffness))\b", re.I | re.S)),
    ("Swelling of the face or throat, wheeze or collapse after an exposure can be anaphylaxis: "
     "use adrenaline (epinephrine) if prescribed and call emergency services.",
     re.compile(r"\b(anaphyla\w*|(throat|tongue|lip) swelling|swelling of the (throat|tongue|lips)|"
                r"angioedema)\b", re.I)),
    ("Thoughts of suicide or self-harm need help now: contact emergency services or a crisis line.",
     re.compile(r"\b(suicid\w*|self[- ]harm|kill (myself|himself|herself)|end (my|his|her) life)\b", re.I)),
    ("Back pain with saddle numbness, new bladder or bowel problems or leg weakness can be cauda equina "
     "syndrome: seek emergency care now.",
     re.compile(r"\b(cauda equina|saddle (an(a)?esthesia|numbness)|(urinary|bladder) (retention|incontinence)"
                r".{0,80}back pain|back pain.{0,80}(urinary|bladder) (retention|incontinence))\b", re.I | re.S)),
    ("A sudden, severe 'worst ever' headache can be a brain haemorrhage: seek emergency care now.",
     re.compile(r"\b(thunderclap headache|worst headache|sudden severe headache)\b", re.I)),
]

_AGE_WORDS = [
    ("newborn", re.compile(r"\b(newborn|neonat\w*|preterm)\b", re.I)),
    ("infant", re.compile(r"\b(infant\w*|baby|babies)\b", re.I)),
    ("child", re.compile(r"\b(child\w*|paediatric|pediatric|toddler|boy|girl|kids?)\b", re.I)),
    ("adolescent", re.compile(r"\b(adolescen\w*|teen\w*)\b", re.I)),
    ("older adult", re.compile(r"\b(elderly|older (adult|patient|people)|geriatric)\b", re.I)),
    ("pregnancy", re.compile(r"\b(pregnan\w*|gestation\w*)\b", re.I)),
]


@dataclass
class QuestionAnalysis:
    text: str
    question_type: str
    age_group: str | None
    case: CaseFacts
    red_flags: list[str] = field(default_factory=list)
    is_case: bool = False          # a pasted case rather than a general question
    topic: list[str] = field(default_factory=list)   # names the question is about (carried by follow-ups)
    form: str = "summary"          # yesno, factoid, list, summary (clinicite.understand.question)
    asks_management: bool = False  # "... and how is it managed?": management answers the question too

    def to_dict(self) -> dict[str, Any]:
        return {"question_type": self.question_type, "age_group": self.age_group, "is_case": self.is_case,
                "red_flags": self.red_flags, "topic": self.topic, "form": self.form,
                "asks_management": self.asks_management}


# "What is the diagnosis and how is it treated?": a diagnostic question whose answer includes management.
_ASKS_DIAGNOSIS = re.compile(r"\b(what is the (likely |most likely |probable )?diagnosis|diagnosis and|"
                             r"diagnose and|what (is|could) (this|it) be|what does (she|he|the patient) have|"
                             # the board question: "Which of the following is the most likely diagnosis?"
                             r"(?:most|more) (?:likely|probable) (?:diagnosis|cause|underlying condition|condition))\b",
                             re.I)
_ASKS_MANAGEMENT = re.compile(r"\b(treat\w*|manag\w*|therap\w*|what (should|to) (we|I|be) do\w*|"
                              r"(?:be|been) (?:tried|used|given)|"     # "What has been tried?"
                              # "... and what is advised?", "what do you recommend?", "what is the next step?"
                              r"what (?:is|are|would be|do you|would you) (?:\w+ )?(?:advis\w*|recommend\w*)|"
                              r"what (?:is|are) (?:the )?(?:next|best) steps?)\b", re.I)


def asks_management(text: str) -> bool:
    return bool(_ASKS_MANAGEMENT.search(text))


def question_type(text: str, case: CaseFacts | None = None) -> str:
    if _ASKS_DIAGNOSIS.search(text):
        return "diagnosis"
    for kind, pattern in _TYPE_CUES:
        if pattern.search(text):
            return kind
    if case is not None and len(case.observed) >= 2:
        return "diagnosis"
    return "general"


def age_group(text: str, case: CaseFacts | None = None) -> str | None:
    age = case.age_years if case is not None else None
    if age is not None:
        if age < 28 / 365:
            return "newborn"
        if age < 1:
            return "infant"
        if age < 12:
            return "child"
        if age < 18:
            return "adolescent"
        return "older adult" if age >= 65 else "adult"
    for group, pattern in _AGE_WORDS:
        if pattern.search(text):
            return group
    return None


def red_flags(text: str) -> list[str]:
    return [notice for notice, pattern in RED_FLAGS if pattern.search(text)]


# "My 16-year-old son has ...": a parent describing their child, who is the patient, not a relative.
_PARENT_SPEAKER = re.compile(r"^\W*(?:(?:my|our)\s+)(?:(?:\d+|\w+)[- ](?:years?|months?|weeks?|days?)[- ]old\s+|"
                             r"(?:little|baby|teenage|young|eldest|youngest|older|younger)\s+)*"
                             r"(son|daughter|child|kid|baby|boy|girl|toddler|infant|teenager|newborn)\b", re.I)
_OTHER_RELATIVE = re.compile(r"\b(mother|father|mum|mom|dad|brother|sister|sibling|uncle|aunt|cousin|"
                             r"grand\w+|parents?|family|niece|nephew|twin)\b", re.I)
_CHILD_SEX = {"son": "male", "boy": "male", "daughter": "female", "girl": "female"}


def read_case(text: str, ontology: Any = None) -> CaseFacts:
    """Case facts by the understand stage; an empty record when that stage cannot read the text."""
    try:
        from clinicite.understand import understand_case
    except ImportError:       # the understanding stage is optional for plain literature questions
        return CaseFacts(text=text)
    return speaker_is_parent(understand_case(text, ontology=ontology))


def speaker_is_parent(case: CaseFacts) -> CaseFacts:
    """A case told by a parent ("my son has ...") is about the child: their findings are the patient's.

    Findings in a sentence that names another relative ("his father had ...") stay a relative's.
    """
    match = _PARENT_SPEAKER.match(case.text or "")
    if match is None:
        return case
    from dataclasses import replace

    text = case.text
    findings = []
    for finding in case.findings:
        if finding.family_history:
            begin = max(text.rfind(".", 0, finding.start), text.rfind("?", 0, finding.start)) + 1
            stop = min([i for i in (text.find(".", finding.end), text.find("?", finding.end)) if i >= 0] or [len(text)])
            sentence = text[begin:stop]
            if match.end() > begin:
                sentence = text[match.end():stop]      # the child's own noun is not another relative
            if not _OTHER_RELATIVE.search(sentence):
                finding = replace(finding, family_history=False)
        findings.append(finding)
    family = any(f.family_history for f in findings) or bool(_OTHER_RELATIVE.search(text))
    return replace(case, findings=findings, sex=case.sex or _CHILD_SEX.get(match.group(1).lower()),
                   family_history=family if case.family_history else case.family_history)


_ABOUT_A_PATIENT = re.compile(r"\b(my|our|this|the) (patient|son|daughter|child|baby|wife|husband|mother|father)\b|"
                              r"\b(i|i'm|i've|he|she|his|her)\b|\bpatient (has|had|with|presents|presented)\b",
                              re.I)


def analyse(text: str, case: CaseFacts | None = None, ontology: Any = None) -> QuestionAnalysis:
    """Analyse one question; ``case`` overrides reading the facts again (follow-ups merge their own)."""
    case = case if case is not None else read_case(text, ontology)
    kind = question_type(text, case)
    # An age the user stated makes a case; an age group guessed from a word ("a child's radiograph") does not.
    stated_age = case.age_years is not None and not case.age_approximate
    is_case = len(case.observed) >= 2 or (stated_age and (len(case.findings) >= 1 or case.sex is not None))
    if is_case and not stated_age and case.sex is None and not _ABOUT_A_PATIENT.search(text) \
            and len(re.findall(r"[.!?](\s|$)", text.strip())) <= 1:
        is_case = False     # "Does hippocampal atrophy predict cognitive decline?" names findings, not a patient
    if kind == "general" and is_case:
        kind = "diagnosis"
    return QuestionAnalysis(text=text, question_type=kind, age_group=age_group(case.text or text, case),
                            case=case, red_flags=red_flags(case.text or text), is_case=is_case,
                            form=question_form(text), asks_management=asks_management(text))


# What a clinician asks when they want to know what to do, beyond the question typer's cues: "What else can
# control it?", "What is advised?", "What is the next step?", "Which regimen ...?", "What should she receive?".
_ASKS_WHAT_TO_DO = re.compile(
    r"\b(?:treat\w*|manag\w*|therap\w*|control(?:led)?|advis\w*|recommend\w*|next step|what (?:else )?(?:can|could|"
    r"should) (?:be done|we do|i do)|(?:which|what) (?:\w+ ){0,2}?(?:drugs?|medications?|medicines?|regimens?|"
    r"chemotherap\w*|agents?|options?|procedures?|operations?|surgery)|(?:should|can|could) (?:she|he|they|the patient) "
    r"(?:receive|get|be given|take)|(?:be|been|were|was) (?:tried|used|given)"
    # the prescriber's own voice: "What should I give?", "Can we carry on with the chemo?", "Do we stop it?"
    r"|what (?:should|do|can|could|would) (?:i|we|you) (?:give|prescribe|start|offer|use|try)"
    r"|(?:can|could|should|do|must) (?:i|we) (?:continue|carry on|go on|stop|hold|restart|resume|switch|keep|give|start)"
    # the poisoned or anticoagulated patient: "Is there an antidote?", "How do we reverse it?"; "What next?"
    r"|antidotes?|revers(?:e|al|ing) (?:it|this|the|her|his|their|anticoagula\w*)|what (?:now|next)"
    r"|anything (?:\w+ )?to give"
    # the clinician's shorthand and plain asks: "Tx?", "Dx and Mx please", "What's the plan?", "Best operation?",
    # "How do we bring the calcium down?", "Anything else we can give?", "Does she need theatre tonight?"
    r"|mx|(?:tx|rx)(?=\s*(?:\?|plan|options?\b|please))|(?:what(?:'s| is)|and) the plan|plan\s*\?"
    r"|best (?:\w+ )?(?:operation|procedure|surgery|approach|options?|treatment|drug)"
    r"|how (?:do|can|could|should|would|to) (?:we |i |you )?(?:bring|get|lower|reduce|correct|stop|fix|reverse)"
    r"|anything (?:\w+ ){0,3}(?:give|do|try|offer)|need (?:theatre|surgery|an operation|to go to theatre)"
    r"|(?:and )?with what\s*\?)",
    re.I)


def asks_what_to_do(text: str) -> bool:
    """The question asks for management (``analysis.asks_management``'s cues, and the wider ones above)."""
    return bool(_ASKS_WHAT_TO_DO.search(text))
