"""What a case question is about, and whether a sentence or a document is about it.

A sentence that shares words with a case ("patients", "pain", "stage") is not therefore about it: a
cancer-staging paper shares "stage" with a personality-disorder vignette. The topic here is made of
concepts, not words: the names of the diseases the answer is about (the leading diagnoses, the
differential's rows, a disease the question names) matched as whole phrases, and the case's findings as
HPO concepts recognised in the sentence (with their direct parents and children, so "Cerebral lesion"
meets "Abnormality of the brain" but "Pain" does not meet every kind of pain). A sentence is on topic when
it names a topic disease or states enough of the case's findings; a document is about the case when its
text does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from clinicite.compose.sentences import content_terms

# Words that make a disease name but single out nothing on their own ("syndrome" in "Nelson syndrome").
_GENERIC_NAME_WORDS = {"syndrome", "disease", "disorder", "type", "form", "deficiency", "infection", "the", "of",
                       "and", "with", "due", "to", "in", "a", "an", "acute", "chronic", "primary", "secondary",
                       "familial", "isolated", "congenital", "autosomal", "dominant", "recessive", "x-linked",
                       "pain", "fever"}
MIN_NAME_CHARS = 5
# Words that say what kind of answer is wanted, not what it is about.
GENERIC_WORDS = set(content_terms("""treat treated treatment therapy therapies manage management diagnose diagnosis
diagnosed diagnostic symptom symptoms sign signs cause causes test tests testing work-up workup dose dosing
prognosis outcome outcomes first-line option options best recommended recommend effective evidence risk
year years old man woman boy girl child adult people known common usual usually use used role help
disease condition disorder syndrome"""))
# Words that tell who is asked about or when, not what the case has: shared with any report of a patient.
PERSON_AND_TIME_WORDS = set(content_terms("she he her his him they them their now next just then today currently "
                                          "year-old month-old week-old day-old"))
GENERAL_DESCENDANTS = 40   # a finding with this many narrower terms is broad: "Pain" alone places nothing
WORDS_NEEDED = 2        # shared content words for a sentence to be on topic when nothing was recognised
# ... and the share of the case's own words a document must hold to be about it: a long vignette shares a few
# narrative words ("revealed", "including", "significant") with any case report; its report shares its picture
# (a quarter, as reason/similar_case.py asks of a similar published case).
DOCUMENT_WORD_SHARE = 0.25


def name_key(text: str) -> str:
    """Lower case, accents and possessives dropped, punctuation as spaces: "Guillain-Barré" = "guillain barre"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]s\b", "", text.lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))


@dataclass
class Topic:
    """The diseases and findings of a case; ``concepts_of(text)`` gives the HPO ids stated in a text."""

    names: list[str] = field(default_factory=list)
    findings: set[str] = field(default_factory=set)
    neighbours: dict[str, set[str]] = field(default_factory=dict)     # finding -> itself, parents, children
    concepts_of: Any = None
    words: set[str] = field(default_factory=set)     # only without names or findings: the case's own words
    general: set[str] = field(default_factory=set)   # findings too broad to place a sentence alone ("Pain")
    case_words: set[str] = field(default_factory=set)   # the question's own content words, to rank reports
    related: set[str] = field(default_factory=set)   # the findings, their ancestors and children: not "absent"
    text: str = ""      # the case as the user wrote it
    # Initialisms of the user's own words for a finding ("sarcomatoid renal cell carcinoma" -> "SRCC"), with
    # those words: a report that writes only "SRCC" names the case's disease.
    abbreviations: dict[str, str] = field(default_factory=dict)
    # The leading diagnosis and the diseases the question names: the rest of ``names`` are lower candidates.
    leads: set[str] = field(default_factory=set)

    @classmethod
    def of_case(cls, analysis: Any, diagnoses: list[Any], ontology: Any, extra_names: list[str] = ()) -> "Topic":
        from clinicite.understand import recognizer_for
        names = [d.name for d in diagnoses[:5]] + list(extra_names)
        findings = {f.hpo_id for f in analysis.case.findings if f.observed and not f.family_history}
        neighbours: dict[str, set[str]] = {}
        general: set[str] = set()
        # What the case says it does not have ("no hyperaemia") is no finding it lacks either.
        related: set[str] = set(findings) | {f.hpo_id for f in analysis.case.findings if f.excluded}
        recognizer = None
        if ontology is not None:
            recognizer = recognizer_for(ontology)
            for hpo_id in findings:
                near = {hpo_id}
                try:
                    term = ontology.get(hpo_id)
                    near |= set(getattr(term, "parents", None) or []) | set(ontology.children(hpo_id))
                except (KeyError, AttributeError):
                    pass
                neighbours[hpo_id] = near
                related |= near | set(_ancestors(ontology, hpo_id))
                if len(ontology.descendants(hpo_id)) >= GENERAL_DESCENDANTS:
                    general.add(hpo_id)
        names = [n for n in dict.fromkeys(names) if n and len(_distinctive(n)) >= MIN_NAME_CHARS]

        def concepts_of(text: str) -> set[str]:
            if recognizer is None:
                return set()
            return {f.hpo_id for f in recognizer.recognize(text)}
        words: set[str] = set()
        if not names:
            # No candidate disease to name: the case's own content words stand in for its names; the words of
            # what is asked ("What should she receive next?") describe no case.
            words = set(content_terms(statements_of(analysis.text))) - GENERIC_WORDS - PERSON_AND_TIME_WORDS
        case_words = set(content_terms(analysis.text)) - GENERIC_WORDS
        leads = {diagnoses[0].name} | set(extra_names) if diagnoses else set(names)
        return cls(names, findings, neighbours, concepts_of, words, general, case_words, related, analysis.text,
                   user_abbreviations(analysis), leads)

    @property
    def needed(self) -> int:
        """Findings a sentence must state to be about the case: two, or one when the case has only one."""
        return 1 if len(self.findings) <= 1 else 2

    def named(self, text: str) -> str | None:
        """The topic disease ``text`` names, as a whole phrase (its distinctive words, in order)."""
        key = f" {name_key(text)} "
        for name in self.names:
            if f" {name_key(name)} " in key:
                return name
            words = _distinctive(name)
            if len(words) >= MIN_NAME_CHARS and f" {words} " in key and " " in name_key(name):
                return name
            initials = initialism(name)
            if initials and re.search(rf"\b{initials}\b", text):
                return name      # a report writes "SBS" once it has said "short bowel syndrome", or never
        for initials, phrase in self.abbreviations.items():
            if re.search(rf"\b{initials}\b", text):
                return phrase
        return None

    def shared_findings(self, text: str) -> set[str]:
        """The case's findings that ``text`` states (as the same concept or a parent or child of it)."""
        if not self.findings or self.concepts_of is None:
            return set()
        stated = self.concepts_of(text)
        return {f for f in self.findings if self.neighbours.get(f, {f}) & stated}

    def absent_findings(self, text: str) -> set[str]:
        """Findings ``text`` states that the case does not have (neither one of its findings nor a broader or
        narrower term of one): "The fever argues against ..." for a case without fever. Empty when the case
        has no recognised findings (nothing to compare with)."""
        if not self.findings or self.concepts_of is None:
            return set()
        return self.concepts_of(text) - self.related

    def sentence_on_topic(self, text: str, by_words: bool = True) -> bool:
        """A topic disease named, enough case findings stated, or (``by_words``, only when the case has neither
        names nor findings) two of the case's own content words shared."""
        if self.named(text) or (by_words and self.words and
                                len(self.words & set(content_terms(text))) >= WORDS_NEEDED):
            return True
        return self.weight(self.shared_findings(text)) >= self.needed

    def weight(self, shared: set[str]) -> float:
        """Shared findings, a broad one ("Pain", "Seizure" with its many kinds) counting half."""
        return sum(0.5 if f in self.general else 1.0 for f in shared)

    def words_shared(self, text: str) -> int:
        """How many of the question's own content words a text uses ("vulvar", "KIT", "exon" ...)."""
        return len(self.case_words & set(content_terms(text)))

    def document_match(self, text: str) -> str:
        """Why a document is about the case ("names X" / "states A, B"), or "" when it is not."""
        shared_words = self.words & set(content_terms(text))
        if len(shared_words) >= max(WORDS_NEEDED + 1, DOCUMENT_WORD_SHARE * len(self.words)):
            return "shares " + ", ".join(sorted(shared_words))
        name = self.named(text)
        shared = self.shared_findings(text)
        if name and self._names_its_patient(text, shared, name):
            return f"names {name}"
        if self.weight(shared) >= max(self.needed, min(3, (len(self.findings) + 1) // 2)):
            if self.needed == 1 and not self._stated_again(text, shared):
                return ""     # one finding named once in passing ("at the sclerotic metaphyseal line") is no topic
            return "states " + ", ".join(sorted(shared))
        return ""

    def _names_its_patient(self, text: str, shared: set[str], name: str = "") -> bool:
        """A document naming a candidate disease is about a patient like this one when it names it in its opening
        (title or first two sentences: what the document is about) or also states one of the case's specific
        findings. A report that names the candidate only in its discussion ("... and with a stress fracture of the
        femoral neck, which shows a fracture line") and shares at most a broad finding ("Pain") tells another
        patient's story: its treatment is not this case's. A case with no specific finding read keeps the name.
        ``name``: the candidate named; a lower candidate of the differential must share a specific finding."""
        from clinicite.compose.sentences import split_sentences
        specific = self.findings - self.general
        if not specific or shared & specific:
            return True
        # Named in its opening, it is about that disease; about a patient like this one only when that disease
        # leads this differential or the question names it. A review of opioid pharmacogenomics in sickle cell
        # disease, the fifth candidate of a painful diaphyseal sclerosis, shares only "pain" with the case.
        if self.leads and name and name not in self.leads:
            return False
        opening = " ".join(s.text for s in split_sentences(text)[:2])
        return self.named(opening) is not None

    def _stated_again(self, text: str, shared: set[str]) -> bool:
        """A one-finding case's report is about that finding: it states it in its opening (title or first
        two sentences) or in at least two of its sentences."""
        from clinicite.compose.sentences import split_sentences
        times = 0
        for n, sentence in enumerate(split_sentences(text)):
            if self.shared_findings(sentence.text) & shared:
                times += 1
                if times >= 2 or n < 2:
                    return True
        return False


_CLAUSE_BREAK = re.compile(r"(?<=[.;:!?])\s+")


def statements_of(text: str) -> str:
    """The text without its question clauses ("..., and an ALK mutation is detected. What should she receive
    next?" -> its first sentence); the whole text when it is all questions."""
    kept = " ".join(c for c in _CLAUSE_BREAK.split(text) if not c.rstrip().endswith("?"))
    return kept if content_terms(kept) else text


_FUNCTION_WORD = re.compile(r"^(?:a|an|the|has|have|had|with|of|and|or|in|on|for|to|from|by|is|was|are|were|"
                            r"his|her|their|who|which|that|after|before|new|known|now|also)$", re.I)


def user_abbreviations(analysis: Any) -> dict[str, str]:
    """Initialisms (three letters or more) of the user's words for each observed finding, alone and with the
    one or two words before it ("advanced sarcomatoid renal cell carcinoma": "RCC", "SRCC", "ASRCC")."""
    text = analysis.case.text or analysis.text
    found: dict[str, str] = {}
    for finding in analysis.case.findings:
        if not finding.observed or not 0 <= finding.start < finding.end <= len(text):
            continue
        before = re.findall(r"[A-Za-z][A-Za-z\-]*", text[max(0, finding.start - 60):finding.start])
        lead: list[str] = []
        for word in reversed(before[-2:]):
            if _FUNCTION_WORD.match(word):
                break
            lead.insert(0, word)
        span = text[finding.start:finding.end]
        for n in range(len(lead) + 1):
            phrase = " ".join(lead[len(lead) - n:] + [span])
            initials = initialism(phrase)
            if initials and initials not in found:
                found[initials] = phrase
    return found


def _ancestors(ontology: Any, hpo_id: str) -> frozenset[str]:
    try:
        return frozenset(ontology.ancestors(hpo_id))
    except (KeyError, AttributeError):
        return frozenset()


_LEADING_QUALIFIERS = {"congenital", "acute", "chronic", "primary", "secondary", "familial", "isolated", "the"}


def initialism(name: str) -> str:
    """The capital initials a text abbreviates a disease name with ("Congenital short bowel syndrome" -> "SBS"),
    or "" when the name has fewer than three words; a leading qualifier is dropped when three remain."""
    words = [w for w in name_key(name).split() if w not in {"of", "and", "with", "to", "in", "the", "due"}]
    stripped = list(words)
    while stripped and stripped[0] in _LEADING_QUALIFIERS:
        stripped = stripped[1:]
    chosen = stripped if len(stripped) >= 3 else words
    if len(chosen) < 3 or not all(w[0].isalpha() for w in chosen):
        return ""
    return "".join(w[0] for w in chosen).upper()


def _distinctive(name: str) -> str:
    """A disease name without its generic words: "Nelson syndrome" -> "nelson"."""
    return " ".join(w for w in name_key(name).split() if w not in _GENERIC_NAME_WORDS)
