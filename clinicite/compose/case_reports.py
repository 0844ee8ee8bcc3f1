"""Published cases that match the case asked about, read for what was done, found and missed.

A clinician who pastes a case and asks how it is managed wants what the matching published case did and
how it turned out ("open biopsy and curettage relieved the pain"). Such sentences rarely repeat the
disease's name, so word overlap with the question misses them; they are found here by reading the whole
matching report. Its sentences are sorted into the parts a case report is written in (CARE guideline,
Gagnier et al., 2013: diagnostic assessment, therapeutic intervention, follow-up and outcomes), by cue
patterns: treatment and outcome -> Management, tests and what they showed -> Work-up, misdiagnosis and
delay -> Pitfalls. One patient's story is shown as such ("In a reported case, ... [n]"); the report's
general statements (its discussion's advice) come first.

A report matches the case when it names one of the leading diagnoses, or when its sentences state at
least two of the case's findings (as HPO concepts, not as shared words; one when the case has one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from clinicite.compose.advice_against import advises_against, advises_against_in_general
from clinicite.compose.advice_against import first_clause as against_clause
from clinicite.compose.evidence import Evidence, Source, QuotedSpan, looks_like_instructions
from clinicite.compose.narrative import as_case, is_case_narrative, is_narrative
from clinicite.compose.sentences import split_sentences
from clinicite.compose.step_timing import answers_the_ask, asked_stems, failed, first_clause, later, relabel
from clinicite.compose.therapy import is_aim_or_open_question, is_strong_advice, only_names_treatment
from clinicite.compose.sentences import content_terms
from clinicite.compose.topic import GENERIC_WORDS, PERSON_AND_TIME_WORDS, Topic
from clinicite.understand.normalize import stem

REPORT_GRADES = ("case report", "case series")
MAX_BULLETS = 4
# Work-up lists every test the report tells, each a row of what was done and what it showed (CARE's "diagnostic
# assessment"): a report rarely tells more, and a test cut off is one the reader would have to find again.
MAX_TESTS = 8
LONG_REPORT = 40       # sentences: a full text rather than an abstract
# Words a case report uses when it tells one case (its grade may be unknown: a text file, a snippet).
_TELLS_A_CASE = re.compile(
    r"\bwe (?:report|present|describe|discuss)\b|\bcase (?:report|of)\b|\b(?:this|our|the) (?:patient|case)\b"
    r"|\b(?:a|an) (?:\w+ )?\d+(?:\.\d+)?[- ](?:year|month|week|day)s?[- ]old\b|\b(?:a|an) (?:seven|eight|nine|ten|"
    r"two|three|four|five|six)[- ]year[- ]old\b|\b(?:a series of|case series)\b|\b(?:two|three|four|five|six|seven|"
    r"eight|nine|ten) (?:patients|cases|men|women|children|infants|adults)\b", re.I)
_SERIES = re.compile(r"\b(?:case series|a series of|(?:two|three|four|five|six|seven|eight|nine|ten|\d+) (?:cases|"
                     r"patients|men|women|children|infants|adults)\b)", re.I)
_ONE_CASE = re.compile(r"\bwe (?:report|present|describe) (?:a|an|the case of a|a case of)\b|\b(?:a|an) \d+(?:\.\d+)?"
                       r"[- ](?:year|month|week|day)s?[- ]old\b", re.I)
TREATMENT = re.compile(
    r"\b(?:treat(?:ed|ment|ments)?|therap\w*|manag\w*|surg\w*|resect\w*|excis\w*|curettage|ream\w*|fusion|"
    r"transplant\w*|lavage|drain\w*|(?:haemo|hemo|peritoneal )?dialys\w*|haemofiltration|hemofiltration|dilat(?:ion|ation)|bouginage|sutur\w*|laparoscop\w*|endoscopic \w+stomy|"
    r"\w+ostomy|\w+ectomy|\w+otomy|\w+plasty|radiosurgery|chemotherap\w*|radiotherap\w*|irradiat\w*|"
    r"immunoglobulin|immunosuppress\w*|steroids?|corticosteroids?|glucocorticoids?|prednis\w*|antibiotics?|"
    r"conservative\w*|underwent|administ\w*|received|was given|were given|started on|introduced|infusion|infused|"
    # a dose given, not a concentration measured ("cyanide was 3.1 mg/L") or the history ("his last dose")
    r"(?<!last )doses?|mg(?!/(?:d?l|ml)\b)|withdrawn|discontinu\w*|restart\w*|avoid\w*|without (?:baths|treatment)|emboli[sz]ation|"
    r"(?:was|were) stopped|(?:replaced|substituted) (?:by|with)|switched to|"
    # a step told by how it was put in: "gel was rubbed into the skin", "calcium gluconate was infiltrated"
    r"(?:was|were) (?:\w+ )?(?:applied|rubbed|infiltrated|instilled|irrigated|injected)|"
    # a thing taken out of the patient, told with how ("it was removed with forceps"); a donor kidney "removed in
    # San Francisco and transported" is no step of the case
    r"(?:was|were) (?:\w+ )?(?:removed|extracted|retrieved) (?:with|by|through|via|under|endoscopically|surgically|"
    r"bronchoscopically|intact|completely|in one piece)|"
    # fixing or putting back an organ: "bilateral orchidopexy", "after detorsion", "closed reduction of the hip"
    r"\w+pexy|detorsion|(?:closed|open|manual|surgical) reduction|"
    # a needle into a cavity to let fluid out: "pericardiocentesis drained 900 mL", "paracentesis of 8 litres"
    # (a tap done only to look is a test: "diagnostic paracentesis showed ...", counted by the tests' cues)
    r"\w+centes[ie]s|"
    r"decompress\w*|antitoxins?|antivenoms?|antivenins?|antidotes?|"
    r"(?:be|been|is|are|was|were) used (?:in patients|for (?:the )?treat\w*|to treat)|\w+mab|\w+nib|\w+(?:mycin|cillin|azole|olid|parin|statin|vir|"
    r"dronate|ximab)|(?!(?:medicine|examine|determine|baseline|urine|routine|define|decline|outline|online|"
    r"midline|discipline|genuine|feminine|masculine|uterine|saline|intestine|famine|engine|alkaline|creatinine|creatine|"
    # "a grey-blue line along the gum", "fine crackles", "nine days": words, not drugs
    r"guideline|machine|amine|spine|canine|equine|bovine|porcine|marine|doctrine|line|fine|nine|wine|mine|shine)s?\b)"
    r"\w+ines?)\b", re.I)
OUTCOME = re.compile(
    r"\b(?:reliev\w*|resol\w*|remission|improv\w*|recover\w*|disappear\w*|subsided|settled|healed|diminish\w*|normali[sz]\w*|"
    r"uneventful|asymptomatic|free of \w+|eased|pain[- ]free|symptom[- ]free|seizure control|favou?rable|"
    r"successful\w*|cured?|discharged|sequelae|effective|(?<!ventricular )response|controlled (?:with|by)|responded|"
    r"responsive to|revers(?:es|ed|ing|al of) (?:its|the|their) (?:\w+ )?effects?|"
    # what the step did to the measured trouble: "brought the urate down", "lowered the blood lead"
    r"brought (?:the |his |her )?(?:\w+ ){1,2}(?:down|back)|lowered (?:the |his |her )?\w+|back in (?:place|position))\b", re.I)
# Advice to give or withhold something ("only healthy persons should receive the vaccination"): what to do,
# though it names no treatment the cue list knows.
ADVISED_ACT = re.compile(r"\b(?:should|must|need to) (?:not )?(?:\w+ )?(?:receive|be given|be offered|be treated|"
                         r"undergo|be avoided|avoid|be withheld|be stopped|be discontinued)\b", re.I)
DIAGNOSTIC = re.compile(
    r"\b(?:biops\w*|histolog\w*|patholog\w*|computed tomograph\w*|CT|MRI|magnetic resonance|radiograph\w*|"
    r"x-rays?|bone scan\w*|scintigra\w*|ultrason\w*|sonograph\w*|arteriograph\w*|angiograph\w*|endoscop\w*|"
    r"cultures?|PCR|sequencing|antibod\w*(?! (?:\(fab\) )?fragments?)|serum|plasma|levels?|tests?|assays?|immunohisto\w*|karyotyp\w*|"
    r"chromosom\w*|imaging|workup|work-up|examination|confirm\w*|revealed|showed|demonstrated|identified|"
    r"detected|positive|negative)\b", re.I)
PITFALL = re.compile(
    r"\b(?:misdiagnos\w*|mistaken|initially (?:considered|thought|diagnosed|suspected|treated)|contrary to|"
    r"presumed|(?:had )?first (?:been )?(?:treated|diagnosed|thought)|without effect|"
    r"mimic\w*|missed|overlook\w*|misinterpret\w*|resembl\w*|doubtful|erroneous\w*|delay(?:ed|s)? (?:in |of )?"
    r"(?:the )?(?:diagnosis|treatment|recognition)|diagnostic delay|must not be missed|(?:was|were) not "
    r"recogni[sz]ed|important to recogni[sz]e|should be considered|be aware|"
    r"(?:had )?first (?:been )?(?:suspected|considered)|"
    # sent away and back worse: "was given oral flucloxacillin for cellulitis and sent home, but returned ..."
    r"sent home\b[^.;]{0,60}\b(?:returned|came back|re-?presented|re-?attended)|"
    # a first reading that was wrong: "The first throat swab was reported as streptococcal tonsillitis"
    r"\b(?:first|initial) (?:\w+ ){0,3}(?:was|were) (?:reported|read|interpreted|diagnosed) as)\b", re.I)
# A warning about recognising it: "typical and misleading", "should raise the suspicion of", "does not exclude",
# "until shown otherwise", "avoids unnecessary surgery", "easily dismissed". A pitfall unless another clause of the
# sentence says what to do ("..., and detorsion ... is preferred to oophorectomy; normal Doppler flow does not
# exclude torsion").
WARNING = re.compile(
    r"\b(?:misleading|(?:raise|prompt) (?:the |a )?suspicion|(?:does|do|did) not (?:exclude|rule out)|until (?:shown|"
    r"proved|proven) otherwise|(?:avoid\w*|lead\w* to|prevent\w*|spar\w*) (?:\w+ ){0,2}(?:unnecessary|needless)|"
    r"easily (?:dismissed|missed|overlooked|confused))\b", re.I)
_CLAUSES = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+")


def warns(text: str) -> bool:
    """The sentence warns about recognising the condition (:data:`WARNING`) and no clause of it without the
    warning names a treatment."""
    if not WARNING.search(text):
        return False
    return not any(TREATMENT.search(clause) for clause in _CLAUSES.split(text) if not WARNING.search(clause))
FOLLOW_UP = re.compile(r"\b(?:follow(?:ed)?[- ]up|followed (?:up )?(?:with|by|for|in|every)|surveillance|monitor\w*|"
                       r"recurren\w*|relapse\w*|(?:checked|measured|tested|repeated|imaged) again|re-?checked|"
                       r"(?:seen|reviewed) (?:again |in (?:the )?\w+ clinic|at (?:one|two|three|four|six|\d+) )|at review\b)\b",
                       re.I)
# A follow-up told of the reported patient: "She was followed in the renal clinic for three months; ...", "At review
# after three months her level was normal". It may tell the outcome, but gives nothing (no treatment cue).
_TOLD_FOLLOW_UP = re.compile(r"\b(?:followed (?:up )?(?:in|for|every|at)|(?:seen|reviewed) (?:again |in (?:the )?\w+ (?:\w+ )?"
                             r"clinic|at (?:one|two|three|four|six|\d+) )|at (?:\w+ )?review|at (?:a |the )?(?:\w+-)?"
                             r"(?:week|month|year) (?:follow|review|telephone)|(?:follow|followed)[- ]up (?:of|for|at)|"
                             # "A repeat tap at 48 hours showed 190 neutrophils": the test repeated to follow the course
                             r"\brepeat(?:ed)? (?:\w+ )?(?:tap|test|scan|films?|levels?|measurements?|imaging|radiographs?|"
                             r"ultrasound|biopsy|paracentesis|puncture) (?:at|after)\b|"
                             # a test repeated on a schedule: "he had a daily ECG and troponin for three weeks",
                             # "the haemoglobin was checked weekly for four weeks", "Films were repeated every 12 hours"
                             r"\bhad (?:a )?(?:daily|weekly|monthly)\b|\b(?:checked|measured|repeated|monitored|tested) "
                             r"(?:daily|weekly|monthly|every (?:\w+ )?(?:hours?|days?|weeks?|months?))\b)", re.I)
ADVICE = re.compile(r"\b(?:should|recommend\w*|is needed|are needed|required|indicated|of choice|first[- ]line|"
                    r"mainstay|remains the best|option\w*|may be|might|can be|essential|important|critical|when conservative|"
                    r"usually|generally|is treated|are treated)\b", re.I)


@dataclass
class Report:
    """One matching report: its source and its sentences as evidence (exact spans of the stored text)."""

    source: Source
    sentences: list[Evidence] = field(default_factory=list)
    series: bool = False
    why: str = ""           # what made it match: a diagnosis name or the findings it shares
    shared_words: int = 0   # the question's content words it uses: two reports naming "melanoma" differ here
    topic: Topic | None = None   # the case it was matched to: what the case has, to tell another case's findings


def tells_a_case(source: Source, text: str) -> bool:
    """A case report or case series: by its publication type, else by how it writes (one case told): its
    wording ("we report", "a 41-year-old woman"), or opening sentences that narrate one patient ("Now 71 and on
    haemodialysis ..., a man came to our clinic ...", "A woman aged 31 presented ...; her APTT was ...")."""
    return source.grade.label in REPORT_GRADES or bool(_TELLS_A_CASE.search(source.title + " " + text[:3000])) \
        or _narrates_one_patient(text[:3000])


# Of a document's opening sentences, this many narrating one patient (a pronoun or "a man", and a verb of what
# happened: :func:`~clinicite.compose.narrative.is_case_narrative`) make it a told case: a study's abstract
# speaks of patients in the plural, a review of a disease.
OPENING_SENTENCES = 6
NARRATED_OPENING = 2


def _narrates_one_patient(opening: str) -> bool:
    sentences = [s.text for s in split_sentences(opening)][:OPENING_SENTENCES]
    return sum(1 for s in sentences if is_case_narrative(s)) >= NARRATED_OPENING


def report_sentences(source: Source, document: Any, relevance: float) -> list[Evidence]:
    """Every sentence of a stored document as evidence, with its section label when the document has one."""
    text = getattr(document, "text", "") or ""
    sections = [(s.start, s.end, s.label) for s in getattr(document, "sections", []) or [] if s.start >= 0]
    found = []
    for sentence in split_sentences(text):
        if len(sentence.text) < 25 or looks_like_instructions(sentence.text):
            continue
        label = next((lab for start, end, lab in sections if start <= sentence.start < end), None)
        found.append(Evidence(source, sentence.text, [QuotedSpan(sentence.start, sentence.end, sentence.text)],
                              relevance, label, "sentence", None))
    return found


def judged_similar(diagnoses: list[Any]) -> set[str]:
    """The documents the differential weighed as a similar published case (:mod:`clinicite.reason.similar_case`
    judged that each reports a patient like this one): a case report, whatever its wording ("A woman, now 59,
    has been followed ..." has no "we report" and no "N-year-old")."""
    return {p["document_id"] for d in diagnoses for p in getattr(d, "passages", None) or []
            if isinstance(p, dict) and p.get("similar_case") and p.get("document_id")}


def matching_reports(items: list[Evidence], documents: dict[str, Any], topic: Topic,
                     similar: set[str] | frozenset[str] = frozenset()) -> list[Report]:
    """The gathered case reports that are about this case, best first (see the module's note); ``similar``
    holds the documents the differential already judged reports of a similar patient (:func:`judged_similar`)."""
    best: dict[str, float] = {}
    sources: dict[str, Source] = {}
    for item in items:
        if item.kind == "sentence":
            best[item.source.id] = max(best.get(item.source.id, 0.0), item.relevance)
            sources[item.source.id] = item.source
    reports = []
    for source_id in sorted(best, key=lambda s: -best[s]):
        document = documents.get(source_id)
        text = getattr(document, "text", "") or ""
        if not text or not (source_id in similar or tells_a_case(sources[source_id], text)):
            continue
        why = topic.document_match(sources[source_id].title + ". " + text) \
            or ("a similar published case" if source_id in similar else "")
        if not why:
            continue
        sentences = report_sentences(sources[source_id], document, best[source_id])
        series = sources[source_id].grade.label == "case series" or bool(_SERIES.search(sources[source_id].title)) \
            or (bool(_SERIES.search(text[:1500])) and not _ONE_CASE.search(text[:1500]))
        reports.append(Report(sources[source_id], sentences, series, why, topic.words_shared(text), topic))
    if not reports:
        found = _text_route(sorted(best, key=lambda s: -best[s]), documents, sources, topic)
        if found is not None:
            source_id, terms = found
            document = documents[source_id]
            series = sources[source_id].grade.label == "case series" or bool(_SERIES.search(document.text[:1500])) \
                and not _ONE_CASE.search(document.text[:1500])
            reports.append(Report(sources[source_id], report_sentences(sources[source_id], document, best[source_id]),
                                  series, "tells " + ", ".join(terms), topic.words_shared(document.text), topic))
    # The report that tells most of this case comes first (stable: retrieval order breaks ties).
    return sorted(reports, key=lambda r: -r.shared_words)


# The text route (after reason/similar_case.py's): a case whose findings HPO names poorly ("pale ... each time
# he is put in the bath") is still recognised in a report that tells its picture in its own words. Stricter than
# the differential's route, as no retrieval margin is known here: the first-retrieved case report, one shared
# finding at least, and this many informative case words (words at most one other retrieved document holds).
MIN_TEXT_ROUTE_TERMS = 4


def _text_route(ranked: list[str], documents: dict[str, Any], sources: dict[str, Source],
                topic: Topic) -> tuple[str, list[str]] | None:
    """The first-retrieved case report when it tells this case's picture (see :data:`MIN_TEXT_ROUTE_TERMS`)."""
    from clinicite.reason.similar_case import informative_terms
    from clinicite.understand.normalize import stem
    texts = {s: getattr(documents.get(s), "text", "") or "" for s in ranked}
    first = next((s for s in ranked if texts[s] and tells_a_case(sources[s], texts[s])), None)
    if first is None or not topic.text or not topic.shared_findings(texts[first]):
        return None
    words = re.findall(r"[A-Za-z][A-Za-z\-]+", topic.text)
    terms = informative_terms(words, sources[first].title + " " + texts[first],
                              [texts[s] for s in ranked if s != first], stem)
    return (first, terms) if len(terms) >= MIN_TEXT_ROUTE_TERMS else None


def part_of(item: Evidence) -> str | None:
    """Which part of a case report a sentence belongs to: pitfalls, follow_up, management, workup or None."""
    text = item.statement
    if PITFALL.search(text) or warns(text):
        return "pitfalls"
    if FOLLOW_UP.search(text) and not OUTCOME.search(text) and not TREATMENT.search(text) \
            and (ADVICE.search(text) or DIAGNOSTIC.search(text)):
        return "follow_up"      # "patients should be followed with radiographs for recurrence"
    # A clinic's name ("seen in the plastic surgery clinic") is no treatment given.
    unclinic = _CLINIC.sub(" ", text)
    looked = _tap_to_look(text)
    given = sum(1 for m in TREATMENT.finditer(unclinic) if not _MEASURED.match(unclinic, m.end())
                and not (looked and _CENTESIS.fullmatch(m.group(0)))) \
        + len(ADVISED_ACT.findall(text)) + (not ADVISED_ACT.search(text) and advises_against(text))
    if not given and not _STATES_AGE.search(text) and (_TOLD_FOLLOW_UP.search(text) or (
            FOLLOW_UP.search(text) and ADVICE.search(text) and not OUTCOME.search(text))):
        # "She was followed in the renal clinic for three months; her creatinine returned to 104": how the patient
        # was followed, with its outcome; "levels should be checked again two to four weeks after each course".
        return "follow_up"
    # An outcome denied with no step named ("elevating the testis did not relieve the pain") is an examination's
    # finding, not a step that failed: only a step given counts such an outcome.
    treatment = given + sum(1 for m in OUTCOME.finditer(text)
                            if given or not _DENIED.search(text[max(0, m.start() - 24):m.start()]))
    tests = len(DIAGNOSTIC.findall(text)) + len(_DIAGNOSTIC_PROCEDURE.findall(text)) + looked \
        + len(_LAB_VALUE.findall(text))
    if (_INTRODUCES_PATIENT.match(text) and (not given or not OUTCOME.search(_DESCRIBED_WELL.sub(" ", text)))) \
            or (_INTRODUCES_SERIES.match(text) and not given):
        # "A 52-year-old woman underwent a craniotomy for ...": who the patient is and what came before,
        # not what was done for the condition the report is about; "Eight infants ... were admitted ...;
        # recovery took a few seconds": an episode's course is no treatment's outcome.
        return "workup" if tests > treatment else None
    if treatment and treatment >= tests:
        if only_names_treatment(text):
            # A treatment as the cause, a drug's mechanism, a definition, the report's aim: not what to do.
            return "workup" if tests and not _DIAGNOSED_ONLY.search(text) else None
        return "management"     # "open biopsy with curettage relieved the pain": what was done and its result
    if tests:
        return "workup"         # "MRI and a bone scan help to distinguish it ... before surgery"
    return None


_CENTESIS = re.compile(r"\w+centes[ie]s", re.I)
# What a tapped fluid held: "Arthrocentesis drew 60 mL of turbid fluid with 85 000 white cells ... no crystals".
_FLUID_ANALYSIS = re.compile(r"\b(?:cells?|neutrophils?|leu[ck]ocytes?|lymphocytes?|crystals?|gram|cytology|protein|"
                             r"glucose|albumin gradient|turbid|cloudy|purulent|straw-coloured|bloodstained|pus)\b", re.I)


def _tap_to_look(text: str) -> bool:
    """A "-centesis" told by what its fluid held, with no outcome for the patient, is a test: "Arthrocentesis drew
    60 mL of turbid fluid with 85 000 white cells". One told with what it relieved is a treatment ("pericardiocentesis
    ... drained 900 mL of bloodstained fluid, and ... her breathing eased")."""
    return bool(_CENTESIS.search(text) and _FLUID_ANALYSIS.search(text) and not OUTCOME.search(text))


_DENIED = re.compile(r"\b(?:not|never|no|failed to|without)\s+(?:\w+\s+)?$", re.I)
_BACKGROUND = re.compile(r"intro|background", re.I)
_CLINIC = re.compile(r"\b(?:in|to|by) the (?:\w+ ){1,2}(?:clinic|outpatients?|department|team|unit)\b", re.I)
# "A woman, now 59, has been followed for 13 years with ...": the patient introduced, not her follow-up.
_STATES_AGE = re.compile(r"\bnow \d+\b|\b\d+[- ](?:year|month|week)s?[- ]old\b|\baged \d+\b", re.I)
# "A 49-year-old asymptomatic woman underwent ...": a description of the patient, not an outcome.
_DESCRIBED_WELL = re.compile(r"\basymptomatic (?=\w+ (?:patient|woman|man|female|male|child|boy|girl))", re.I)
_DIAGNOSED_ONLY = re.compile(r"\bdiagnosed (?:with|as)\b", re.I)
# A sentence that opens with the reported patient ("A 52-year-old woman ...", "An 8-year-old boy ...").
_INTRODUCES_PATIENT = re.compile(r"\s*(?:[A-Z][^,;.]{3,130}, )?"   # "For two days, a ...", "Three weeks after ..., a ..."
                                 r"(?:we (?:report|present|describe) )?(?:(?:a|an) \d+(?:\.\d+)?[- ](?:year|month|"
                                 r"week|day)s?[- ]old\b|(?:a|an) (?:man|woman|boy|girl|child|patient),? (?:aged|now) "
                                 r"\d+\b|now \d+ and\b)", re.I)     # "A man aged 24 ...", "A woman, now 34, ..."
# "Eight infants aged 2 to 15 months were admitted ...": a series' opening; with a treatment word it may be the
# series' summary ("three cases ... which were treated with ..."), which is kept.
_INTRODUCES_SERIES = re.compile(r"\s*(?:we (?:report|present|describe) )?(?:two|three|four|five|six|seven|eight|nine|"
                                r"ten|\d+) (?:patients|cases|men|women|children|infants|adults|boys|girls)\b(?: aged\b|"
                                r" with\b| (?:were|had been) (?:admitted|referred|seen|identified|included)\b)", re.I)
# "Diagnostic laparoscopy identified ...": a procedure done to look is a test.
_DIAGNOSTIC_PROCEDURE = re.compile(r"\bdiagnostic (?:\w+scopy|\w+otomy|\w+centes[ie]s|puncture|aspiration|biopsy|tap)\b",
                                   re.I)
# A substance measured is a test, not a drug given: "blood histamine levels", "serum carnitine concentration", and a
# value told with a laboratory unit: "her free thyroxine was 78 pmol/L" (a dose is told in mg, g or units).
_MEASURED = re.compile(r"\s+(?:levels?|concentrations?|release|excretion)\b|\s+(?:was|were|of) (?:only |just |still )?"
                       r"[<>]?\s?\d+(?:\.\d+)?\s?" + r"(?:[pnµum]?mol/L|[mnµu]?g/(?:d?L|mL)|I?U/L)", re.I)
# A value with a laboratory unit is a test's result: "her haemoglobin was 78 g/L", "ESR 92 mm/h".
_LAB_VALUE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:[pnµum]?mol/L|[mnµu]?g/(?:d?L|mL)|g/L|I?U/L|x 10\^?9/L|"
                        r"(?:cells )?(?:per |/)mm3|mm/h)(?![\w/])", re.I)


# A narrated step that is not about this case's picture (neither its findings nor its candidate diseases: "in 1970
# a lymphoma appeared and was treated with radiotherapy") is the reported patient's history: it follows the steps
# taken for what the case has ("... purpura and neuropathy which improved on prednisone and chlorambucil").
HISTORY_STEP = 0.6


def about_case(item: Evidence, topic: Topic | None) -> bool:
    """The sentence names one of the case's candidate diseases or states one of its findings."""
    return topic is None or bool(topic.named(item.statement) or topic.shared_findings(item.statement))


# "Iron was given for a coexisting deficiency", "Filgrastim was given for neutropenia": a step for another problem
# than the one asked; what follows "for" names it (a duration, "for two days", names none).
_GIVEN_FOR = re.compile(r"\b(?:was|were) (?:\w+ )?(?:given|started|begun|commenced|prescribed|used|added|needed|required|treated) for "
                        r"(?!(?:a |an |the )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|few|further|"
                        r"another|a (?:further|few|week|day|month|year)|a total)\b)([^.;:]{3,60})", re.I)
_ANOTHER_PROBLEM = re.compile(r"\b(?:coexisting|co-existing|concurrent|concomitant|associated|incidental|unrelated|"
                              r"separate|secondary)\b", re.I)
# Words too common in a case report's story to tie its advice to one step ("surgery", "hours", "dose").
_STEP_WORDS = set(content_terms("""treatment therapy surgery surgical operation management patient patients
intravenous intravenously infusion hospital should before after within during hours weeks months daily given
dose doses started course needed""")) | GENERIC_WORDS | PERSON_AND_TIME_WORDS
MIN_STEP_WORD = 5


def for_another_problem(statement: str, topic: Topic | None) -> bool:
    """The step was taken for something the case does not have ("... given for a coexisting deficiency"); a
    second clause's step for something else ("...; amitriptyline was later used for the residual pain") leaves
    the sentence's own step this problem's."""
    match = _GIVEN_FOR.search(first_clause(statement))
    if match is None:
        return False
    aim = match.group(1)
    if _ANOTHER_PROBLEM.search(aim):
        return True
    if topic is None:
        return False
    return not (topic.named(aim) or topic.shared_findings(aim) or topic.words_shared(aim))


def _step_terms(text: str, case_text: str) -> set[str]:
    """The distinctive words of a step: not the question's, not a story's common words."""
    asked = set(content_terms(case_text))
    return {w for w in content_terms(text) if len(w) >= MIN_STEP_WORD and w not in _STEP_WORDS and w not in asked}


def _order(item: Evidence, narrative: bool, long: bool = False, final: bool = False,
           about: bool = True, step: str = "", apart: bool = False) -> tuple[float, int]:
    """General advice first, then the last thing done for the reported patient (``final``), then what worked
    (a treatment with its outcome), then other general statements, then the rest, in reading order; a title last. A full text's introduction
    speaks of the field, not of this case: its advice does not lead (an abstract's background is short and is
    the report's own summary of what is done)."""
    background = long and bool(item.section and _BACKGROUND.search(item.section))
    rank: float
    if is_title(item):
        rank = 4     # a title names the topic; the report's own sentences say it better when they can
    elif not narrative and not background and is_strong_advice(item.statement):
        rank = 0
    elif not narrative and not background and ADVICE.search(item.statement):
        rank = 1
    elif final:
        rank = 1.5   # a narrative tells what failed before what was finally done: "... was restarted"
    elif OUTCOME.search(item.statement) and TREATMENT.search(item.statement):
        rank = 2     # what was done and how it turned out: "after reaming, her pain resolved"
    elif not narrative:
        rank = 2.5   # a general statement before one patient's story, under every heading
    else:
        rank = 3     # the rest of the story in reading order: what was done, then what followed
    if apart and rank < 1.5:
        # General advice on something other than the step the report took ("Management options range from ...",
        # "inserting ... should be avoided"): the step that treated the reported patient leads, the advice follows.
        rank = 1.6
    if step == "asked" and rank > 0:
        rank = 0.5   # names what the closing question asks about ("how do we reverse ...?": "... reverses its effect")
    elif step in ("failed", "later", "aside") and rank > 1:
        rank = 3 + HISTORY_STEP + (0.1 if step in ("later", "aside") else 0)   # told, but not what to do now
    elif narrative and rank > 1.5 and _aftercare(item.statement):
        rank = 3 + HISTORY_STEP     # what came after the episode ("two weeks after recovery, ...") follows the story
    elif narrative and rank > 1.5 and not about:
        rank += HISTORY_STEP
    return rank, item.spans[0].start


# What was done for the reported patient ("she was treated conservatively", "has been restarted on ...");
# a prophylaxis given before the complication ("performed as prophylactic treatments for vasospasm") is history.
_DONE = re.compile(r"\b(?:was|were|has been|have been|had been) (?:then |subsequently |successfully |finally |later |"
                   r"\w+ly )?(?:treated|managed|restarted|started|operated|resected|excised|drained|repaired|"
                   r"discontinued|performed|switched|changed|given|administered|commenced|begun|infused|injected|"
                   r"instituted|stopped|withdrawn|replaced|reduced|done|carried out|undertaken|removed|untwisted|decompressed|"
                   r"applied|rubbed|infiltrated|instilled|"
                   # "He went to theatre within two hours", "She had a laminectomy with decompression"
                   r"taken to (?:the )?(?:theatre|operating room)|"
                   r"aspirated|transfused|dialy[sz]ed|irrigated|reversed|corrected|debrided|ligated|begun)\b|\bunderwent\b|"
                   r"\b(?:he|she|they|patient) received\b|\b(?:went|returned) to (?:the )?(?:theatre|operating room)\b|"
                   r"\b(?:he|she|they) had (?:an? |urgent |emergency )?(?:\w+ )?(?:\w+ectomy|\w+otomy|\w+plasty|"
                   r"\w+ostomy|operation|decompression|drainage|debridement)\b", re.I)
_PROPHYLAXIS = re.compile(r"\bprophyla\w*|\bpreventive\b", re.I)
# The patient's past: "she had a hysterectomy ten years earlier", "... in 2009".
_PAST_HISTORY = re.compile(r"\b(?:\w+ )?(?:years?|decades?) (?:ago|earlier|before|previously)\b|\bin (?:19|20)\d\d\b", re.I)


def _final_done(entries: list[tuple[Evidence, bool]], topic: Topic | None = None,
                advice: list[str] | None = None) -> Evidence | None:
    """The last narrated intervention of a report, in reading order: a step done ("has been restarted on ..."),
    or a treatment with its outcome for the case's own picture (:func:`about_case`: "... purpura and neuropathy
    which improved on prednisone", told after "in 1970 a lymphoma ... was treated with radiotherapy").

    When the story tells the patient's recovery ("temperature and rigidity settled over five days"), the last
    step is the last one up to that recovery: what came after it ("two weeks after recovery, his psychosis was
    treated with olanzapine") is aftercare, not what treated the problem.

    When the report's own general statements (``advice``: "delay in surgery is the main cause of death") name
    some of those steps and not others, the last step they name leads: a story often tells the definitive step
    first and what was given alongside it after ("... radical surgical debridement was carried out. Intravenous
    meropenem and clindamycin were given ..."), and the report says which one matters."""
    done = [item for item, told in entries if told and not _PROPHYLAXIS.search(item.statement)
            and not _PAST_HISTORY.search(item.statement)
            and not _aftercare(item.statement) and not failed(item.statement)
            and not for_another_problem(item.statement, topic) and (
                _DONE.search(item.statement) or (OUTCOME.search(item.statement) and _names_a_treatment(item.statement)
                                                 and not _SPARED.search(item.statement)
                                                 and (about_case(item, topic) or _tells_case_words(item, topic))))]
    # A step said to come later ("her rate was later controlled with bisoprolol") is not the one that treated
    # the episode, unless no other step is told; nor is one told in the pluperfect ("He had been given allopurinol
    # from the day before treatment", "cefuroxime had been started in the emergency department"): it came before.
    done = [item for item in done if not later(item.statement)] or done
    done = [item for item in done if not _BEFORE_THE_STORY.search(item.statement)] or done
    if not done:
        return None
    # A step told only as ended after another was given ("... and the steroid was stopped on the third day") ends
    # that step; stopping is the treatment only when it comes first ("Ramipril ... was stopped").
    done.sort(key=lambda item: item.spans[0].start)
    done = done[:1] + [item for item in done[1:] if not _only_ends_a_step(item.statement)]
    first_step = min(item.spans[0].start for item in done)
    recovered = [item.spans[0].start for item, told in entries if told and item.spans[0].start >= first_step
                 and _RECOVERY.search(item.statement)]
    until = min(recovered) if recovered else None
    before = [item for item in done if until is None or item.spans[0].start <= until] or done
    endorsed = [item for item in before if _endorsed(item.statement, advice or [], topic)]
    if endorsed and len(endorsed) < len(before):
        before = endorsed
    return max(before, key=lambda item: item.spans[0].start)


# Cue words that name no particular step: how a step was given, not which one ("treated", "dose", "received").
_NO_STEP_NAME = frozenset("""treat treats treating treatments therapeutic therapeutically conservative conservatively
underwent administered discontinued withdrawn restarted restart avoid avoided avoiding avoidance mg doses""".split())
MIN_STEP_STEM = 4


def _named_steps(text: str) -> set[str]:
    """Stems of the treatments a sentence names by the treatment cues (a drug, a procedure, "surgery")."""
    return {stem(word) for match in TREATMENT.finditer(text) for word in [match.group(0).lower()]
            if " " not in word and word not in _NO_STEP_NAME and word not in _GENERIC_TREATMENT
            and len(stem(word)) >= MIN_STEP_STEM}


_REASON = re.compile(r",\s+(?:as|because|since|so that)\s+", re.I)


def _endorsed(statement: str, advice: list[str], topic: Topic | None) -> bool:
    """A general statement of the report names the step's treatment ("delay in surgery" for "surgical
    debridement", "dialysis" for "haemodialysis": one stem holds the other); the case's own words do not count."""
    asked = set(content_terms(topic.text)) if topic is not None else set()
    # The step told, not the reason given for it: "her magnesium was replaced, as thiamine works poorly without
    # it" replaces magnesium; advice naming thiamine endorses the step that gave thiamine.
    step = _named_steps(_REASON.split(statement, maxsplit=1)[0]) - asked
    return any(a in b or b in a for line in advice for a in _named_steps(line) - asked for b in step)


# A general statement in the present: "delay in surgery is the main cause of death", "... calls for an MRI".
_GENERAL_STATEMENT = re.compile(r"\b(?:is|are|do|does|should|must|can|may|calls? for|needs?)\b", re.I)


def general_statements(sentences: list[Evidence]) -> list[str]:
    """The report's general statements (its discussion's advice and warnings), not its story or its title."""
    return [item.statement for item in sentences if not narrates(item) and not is_title(item)
            and not _INTRODUCES_PATIENT.match(item.statement) and _GENERAL_STATEMENT.search(item.statement)]


_ENDS = frozenset({"stopped", "discontinued", "withdrawn", "reduced", "tapered"})


def _only_ends_a_step(text: str) -> bool:
    """Every step the sentence tells is a step ended ("was stopped", "was reduced"), and it tells no outcome."""
    verbs = [match.group(0).split()[-1].lower() for match in _DONE.finditer(text)]
    return bool(verbs) and all(verb in _ENDS for verb in verbs) and not OUTCOME.search(text)


CASE_WORDS_TOLD = 1
# Treatment cues that name no treatment: "the pressure recovered ...; the infusion was continued" tells how the
# step already named went on, not a step of its own.
_GENERIC_TREATMENT = frozenset("""infusion infusions infused treatment treatments treated therapy therapies manage
managed management received administered administration introduced dose doses was given were given""".split())


def _names_a_treatment(text: str) -> bool:
    """A treatment cue that names one: a drug, a dose, a procedure (not "the infusion", "treatment")."""
    return any(m.group(0).lower() not in _GENERIC_TREATMENT for m in TREATMENT.finditer(text))
# A step told as having come before the story's present: "had been given", "had (first) been started".
_BEFORE_THE_STORY = re.compile(r"\bhad (?:\w+ )?been (?:\w+ )?(?:given|started|treated|prescribed|begun|commenced|"
                               r"administered|taken|used|checked|tested|screened)\b|\bhad (?:taken|received|used|started)\b", re.I)
# A recovery that says a step was not needed is no step: "listed for transplantation ..., and he recovered without a
# graft" (told after "silibinin was given").
_SPARED = re.compile(r"\b(?:without (?:a |an |the |any )?(?:need for )?|no need for |(?:was|were) not needed|avoided )"
                     r"(?:\w+ )?(?:graft|transplant\w*|surgery|operation|dialysis|intubation|ventilation|transfusion)", re.I)


def _tells_case_words(item: Evidence, topic: Topic | None) -> bool:
    """The sentence uses a word of the case ("brought the urate down" for "urate 1.12")."""
    return topic is not None and topic.words_shared(item.statement) >= CASE_WORDS_TOLD


# What a story tells after the episode was over: "after recovery", "once the ulcer had healed", "at discharge".
_AFTERCARE = re.compile(r"\b(?:after|following|once|since|at) (?:\w+ ){0,3}(?:recovery|recovered|discharge|"
                        r"discharged|healed|resolution|resolved|remission)\b|\bwent home\b|"
                        # feeding resumed after the operation: "Feeds were restarted six hours later"
                        r"\b(?:feeds?|feeding|oral intake|diet|eating) (?:was |were )?(?:re-?started|resumed|re-?introduced)\b",
                        re.I)
# The same treatment stepped down once it worked: "After three doses he could swallow and was changed to a full
# course of oral ...", "She was awake by the fourth day and was switched to oral levothyroxine". A switch after a
# step that failed ("Topical steroids were given without benefit. She was then switched to oral doxycycline") is
# the treatment: only a switch told with the patient's readiness is aftercare.
_ORAL_SWITCH = re.compile(r"\b(?:changed|switched|converted|stepped down) (?:\w+ )?to (?:a |an )?(?:\w+ ){0,3}oral\b", re.I)
_READY = re.compile(r"\b(?:could|was able to|were able to) (?:swallow|eat|drink|take)|\b(?:was|were) (?:awake|alert|"
                    r"eating|drinking)\b|\bafter (?:\w+ ){0,2}doses\b|\bonce (?:\w+ ){1,4}(?:improved|settled|cleared)\b", re.I)


def _aftercare(text: str) -> bool:
    """What a story tells after the episode: recovery's aftercare, feeding resumed, the treatment stepped down."""
    return bool(_AFTERCARE.search(text) or (_ORAL_SWITCH.search(text) and _READY.search(text)))
# The patient got better: the outcome the steps before it led to.
_RECOVERY = re.compile(r"\b(?:resolved|settled|subsided|normali[sz]ed|recovered|healed|disappeared|improved|eased|"
                       r"back in (?:place|position)|"
                       r"(?<!was )(?<!were )cleared|"
                       r"(?:was|were) relieved|became (?:\w+ )?(?:normal|asymptomatic|pain[- ]free)|"
                       # "his strength returned within six hours", "urine output returned over two days"
                       r"returned (?:to normal|within|over|in|by)|returned to normal)\b", re.I)


def is_title(item: Evidence) -> bool:
    """The sentence is the document's title (a text file's first line may be a whole sentence: kept), or the
    title with a few words of a heading around it (a PDF's "Case report" line read into its first sentence:
    "Case report DNX-2401, an Oncolytic Virus, for the Treatment of ...: A Case Report.")."""
    from clinicite.compose.topic import name_key
    title = item.source.title.strip().rstrip(".").lower()
    if not title:
        return False
    if item.statement.strip().rstrip(".").lower() == title:
        # A headline ("Painful ophthalmoplegia ... responding within days to corticosteroids") is a title; a text
        # file's first line that tells the patient ("A 45-year-old man presented with ...") is a sentence.
        # A title line has no full stop of its own ("Breathlessness and a low blood pressure in a woman treated for
        # lung cancer" reads like a story but is the record's title).
        return ":" in title or not is_case_narrative(item.statement) or not item.statement.rstrip().endswith(".")
    key, said = name_key(title), name_key(item.statement)
    return len(key.split()) >= MIN_TITLE_WORDS and key in said \
        and len(said.split()) - len(key.split()) <= MAX_HEADING_WORDS


MIN_TITLE_WORDS = 5
MAX_HEADING_WORDS = 6     # "Case report" before it, "A Case Report" after
# A title shown for what it is: a headline, not a sentence narrating the reported patient.
TITLE_LABEL = "The report's title reads: "


def narrates(item: Evidence) -> bool:
    """A sentence of a case report that tells what happened to the reported patient(s): also a dose told as
    given, in the past tense and with no general word ("Glucagon 1 mg, given once, lifted the glucose for less
    than an hour"), which names no patient but is one patient's step."""
    from clinicite.compose.narrative import _GENERAL_WORDS, _NARRATED
    if advises_against_in_general(item.statement) and not is_case_narrative(against_clause(item.statement)):
        # "Platelet transfusion should be avoided unless bleeding threatens life ...; she received none": the
        # report's advice, with its patient told after it, is no story of one patient.
        return False
    plain = not _GENERAL_WORDS.search(item.statement) and not _THE_FIELD.search(item.statement)
    return is_narrative(item) or (plain and (bool(_NARRATED.search(item.statement))
                                             or bool(_DOSE.search(item.statement) and _PAST_STEP.search(item.statement))))


# A dose, and a step told in the past: "Glucagon 1 mg, given once, lifted ...".
_DOSE = re.compile(r"\b\d+(?:\.\d+)? ?(?:mg|g|micrograms?|mcg|units?|mmol|mL|ml|IU)\b(?:/kg)?", re.I)
_PAST_STEP = re.compile(r"\b(?:given|injected|infused|administered|started|lifted|raised|lowered|stopped|"
                        r"reversed|restored|brought|repeated)\b", re.I)


# "Surgical resection has been thought to be the treatment of choice ... in the literature": the field speaks.
_THE_FIELD = re.compile(r"\b(?:has|have) been (?:thought|considered|suggested|proposed|regarded|recogni[sz]ed|"
                        r"described|used|estimated|reported|shown)\b|\bin the literature\b|\bof choice\b", re.I)


def report_parts(report: Report, document_text: str) -> dict[str, list[tuple[Evidence, str]]]:
    """The report's sentences by part, each with the text to show (labelled when it tells the case)."""
    parts: dict[str, list[tuple[Evidence, bool]]] = {}
    for item in report.sentences:
        if item.statement.rstrip().endswith("?") or is_aim_or_open_question(item.statement):
            continue      # a title's question ("Does spontaneous remission occur ...?"), an aim: they state nothing
        part = part_of(item)
        if part is not None:
            parts.setdefault(part, []).append((item, narrates(item)))
    if not parts.get("management"):
        # "... confirmed after resection to be meningioma": when no sentence is chiefly about treatment, the
        # tests' sentences that also tell what was done are the report's management.
        done = [e for e in parts.get("workup", []) if TREATMENT.search(e[0].statement)
                and not only_names_treatment(e[0].statement)]
        if done:
            parts["management"] = done[:1]
            parts["workup"] = [e for e in parts["workup"] if e is not done[0]]
    shown: dict[str, list[tuple[Evidence, str]]] = {}
    stems = asked_stems(report.topic.text if report.topic is not None else "")
    # The report's general statements (its discussion's advice and warnings), which say which step matters.
    advice = general_statements(report.sentences)
    case_text = report.topic.text if report.topic is not None else ""
    for part, entries in parts.items():
        final = _final_done(entries, report.topic, advice) if part == "management" else None
        steps = _steps(entries, final, stems, report.topic) if part == "management" else {}
        final_terms = _step_terms(final.statement, case_text) if final is not None else set()
        entries.sort(key=lambda e: _order(e[0], e[1], len(report.sentences) > LONG_REPORT, e[0] is final,
                                          about_case(e[0], report.topic) if part == "management" else True,
                                          steps.get(id(e[0]), ""),
                                          apart=bool(final_terms) and not e[1]
                                          and not _step_terms(e[0].statement, case_text) & final_terms))
        entries = _distinct(entries)
        cap = MAX_BULLETS + 1 if part == "management" else MAX_TESTS if part == "workup" else MAX_BULLETS
        if part == "workup":
            # The rows past the usual four are the report's tests: its title names no test.
            entries = [e for n, e in enumerate(entries) if n < MAX_BULLETS or not is_title(e[0])]
        shown[part] = [(item, TITLE_LABEL + item.statement if is_title(item)
                        else _shown_step(item, told, steps.get(id(item), ""), report, document_text))
                       for item, told in entries[:cap]]
    return shown


def _steps(entries: list[tuple[Evidence, bool]], final: Evidence | None, stems: set[str],
           topic: Topic | None = None) -> dict[int, str]:
    """Management sentences by where they stand against the step that treated the problem: "failed" (tried
    without lasting benefit), "later" (told after that step and said to come later), "asked" (a step or advice
    on what the closing question asks about), keyed by ``id`` of the evidence."""
    after = final.spans[0].start if final is not None else None
    steps: dict[int, str] = {}
    for item, _ in entries:
        if item is final:
            continue
        if failed(item.statement) and not is_strong_advice(item.statement):
            steps[id(item)] = "failed"
        elif for_another_problem(item.statement, topic):
            steps[id(item)] = "aside"     # "iron was given for a coexisting deficiency": told, not this problem's step
        elif later(item.statement) and (after is None or item.spans[0].start > after):
            steps[id(item)] = "later"
        elif answers_the_ask(item.statement, stems) and not _aftercare(item.statement):
            steps[id(item)] = "asked"
    return steps


def _shown_step(item: Evidence, told: bool, step: str, report: Report, document_text: str) -> str:
    """A bullet's text: a told case labelled as one, a failed or later step labelled as such."""
    shown = labelled(item, report, document_text) if told else item.statement
    if step in ("failed", "later"):
        return relabel(shown, item.statement, document_text)
    return shown


_LABEL_PREFIX = re.compile(r"^\s*(?:[A-Z][A-Z ]{2,40}:?\s+)+(?=[A-Z])")


def _distinct(entries: list[tuple[Evidence, bool]]) -> list[tuple[Evidence, bool]]:
    """One bullet a statement: a snippet repeated (with or without its "CASE PRESENTATION:" label, or
    inside a longer copy) is shown once, where it ranks first."""
    kept: list[tuple[Evidence, bool]] = []
    seen: list[str] = []
    for entry in entries:
        words = " ".join(_LABEL_PREFIX.sub("", entry[0].statement).lower().split()).rstrip(".")
        if any(words in other or other in words for other in seen):
            continue
        seen.append(words)
        kept.append(entry)
    return kept


def labelled(item: Evidence, report: Report, document_text: str) -> str:
    """"In a reported case, ..." for one patient's story (even within a series: "her pain resolved"),
    "In a reported series, ..." for what a series' patients had together ("in both, biopsy relieved ...")."""
    one_patient = is_case_narrative(item.statement) and not _PLURAL.search(item.statement)
    return as_case(item.statement, series=report.series and not one_patient, text=document_text)


_PLURAL = re.compile(r"\b(?:they|their|them|both|all|patients|cases)\b", re.I)


# What a reported case turned out to be, strongest wording first; a diagnosis only considered is none.
_STATES_DIAGNOSIS = [re.compile(p, re.I) for p in (
    r"\bconfirmed the diagnosis\b|\bdiagnosis (?:was|were) (?:made|confirmed|established)\b|\bdiagnosis of .{3,80} "
    r"was (?:made|confirmed|established)\b",
    r"\b(?:was|were) (?:finally |later |eventually )?diagnosed (?:with|as)\b|\b(?:proved|turned out) to be\b|"
    r"\bwas (?:later )?determined to have\b|\bwas diagnosed\b")]
_ONLY_CONSIDERED = re.compile(r"\b(?:possible|suspected|considered|initially|presumed|differential)\b", re.I)


def stated_diagnosis(report: Report, document_text: str) -> tuple[Evidence, str] | None:
    """The report's sentence that states what the reported case turned out to be, with its shown text."""
    for pattern in _STATES_DIAGNOSIS:
        for item in report.sentences:
            if pattern.search(item.statement) and not _ONLY_CONSIDERED.search(item.statement):
                return item, labelled(item, report, document_text)     # what one reported case turned out to be
    return None
