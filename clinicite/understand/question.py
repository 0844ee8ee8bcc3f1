"""The form of answer a question asks for: yes/no, a named thing, a list, or a summary.

The four forms are those of the BioASQ challenge (Tsatsaronis et al., 2015,
"An overview of the BIOASQ large-scale biomedical semantic indexing and
question answering competition"): a *yes/no* question wants a verdict, a
*factoid* one entity ("Which gene is mutated in ...?"), a *list* question
several ("Which drugs are used for ...?"), and a *summary* question a short
text ("What is the role of ...?", "Describe ..."). The form is read from the
question's opening words and the number of its head noun; it is independent of
the clinical kind of question (treatment, diagnosis ...), which decides the
sections.
"""

from __future__ import annotations

import re

from clinicite.understand.normalize import STOPWORDS

FORMS = ("yesno", "factoid", "list", "summary")

# An auxiliary or copula first ("Is lithium effective ...?", "Do statins ..."): a yes/no question.
_YESNO = re.compile(r"^\s*(is|are|was|were|does|do|did|can|could|should|would|will|has|have|had|may|might|"
                    r"must|shall)\b(?!\s+(?:the|a|an)?\s*(?:following|best|most)\b(?=.*\bor\b))", re.I)
# "... or ...?" between two options is a choice, not a yes/no ("Is X or Y more common?").
_CHOICE = re.compile(r"\b(more|less|better|worse|higher|lower)\b.*\bor\b|\bor\b.*\b(more|less|better|worse|"
                     r"higher|lower)\b", re.I)
# A title put as a question, "Stage I lung carcinoma: really an early stage?", "Juvenile spondylitis--is it the
# same disease?": the part after the colon or dash asks whether it is so (10% of PubMedQA's non-test questions).
_TITLE_QUESTION = re.compile(r"^[^?]*?(?::|--|\s[-\u2013\u2014]\s)(?!\s*(?:what|which|who|whom|whose|where|when|why|"
                             r"how|list|name|describe)\b)[^:?]*\?\s*$", re.I)
_LIST_OPENING = re.compile(r"^\s*(?:please\s+)?(list|name|enumerate|give|mention)\b|\w\(s\)", re.I)
# "What is X?" with a bare name asks what X is: a definition, a short text.
_DEFINITION = re.compile(r"^\s*what (?:is|are) (?:an? )?[\w-]+(?: [\w-]+)?(?: \([^)]*\))?\s*\??\s*$", re.I)
_SUMMARY_OPENING = re.compile(r"^\s*(describe|explain|summari[sz]e|discuss|outline|what is known|"
                              r"how (?:does|do|is|are|can|could|did)\b)", re.I)
# "What is the role / mechanism / function of ..." asks for an explanation, not a name.
_SUMMARY_HEAD = re.compile(r"^\s*what (?:is|are|was|were) (?:the )?(?:role|roles|function|functions|mechanism|"
                           r"mechanisms|effect|effects|impact|significance|relationship|association|"
                           r"difference|differences|link|evidence|current|clinical|main|purpose|"
                           r"rationale|use|uses|importance|basis|pathophysiology|advantages?)\b", re.I)
_WH_HEAD = re.compile(r"^\s*(?:which|what)\s+(?:(?:is|are|was|were)\s+(?:the\s+)?)?((?:[\w-]+\s+){0,3}?[\w-]+)"
                      r"\s+(?:is|are|was|were|has|have|can|could|do|does|did|may|might|should|in|of|for|that|"
                      r"to|associated|used|involved|caused|linked|found|known|implicated|mutated|located|"
                      r"encoded|targeted|approved|\w+ed)\b", re.I)
_PLURAL_VERB = re.compile(r"^\s*(?:which|what)\s+(?:[\w-]+\s+){1,4}?(?:are|were|have)\b", re.I)
_FACTOID_OPENING = re.compile(r"^\s*(who|where|when|how (?:many|much|long|old|often)|what|which|in which|"
                              r"at what|name the)\b", re.I)
_NOT_PLURAL = frozenset("""this is was has does analysis diagnosis prognosis basis syndrome disease process
status virus focus mitosis meiosis apoptosis fibrosis sclerosis stenosis thrombosis necrosis""".split())


def question_form(text: str) -> str:
    """``"yesno"``, ``"factoid"``, ``"list"`` or ``"summary"`` for a question's text.

    A pasted case is read from its last sentence, where the question usually stands.
    """
    question = _last_question(text)
    # "Delayed diagnosis of X: are current guidelines sufficient?": the question follows the colon.
    tail = question.rsplit(":", 1)[-1] if ":" in question else question
    if (_YESNO.match(question) or _YESNO.match(tail) or _TITLE_QUESTION.match(question)) and \
            not _CHOICE.search(question):
        return "yesno"
    if _LIST_OPENING.search(question):
        return "list"
    if _SUMMARY_OPENING.match(question) or _SUMMARY_HEAD.match(question) or _DEFINITION.match(question):
        return "summary"
    if re.match(r"^\s*(which|what)\b", question, re.I) and _PLURAL_VERB.match(question) or _plural_head(question):
        return "list"
    if re.match(r"^\s*(which|what)\b", question, re.I):
        return "factoid"
    if _FACTOID_OPENING.match(question) or re.search(r"\b(which|what)\b", question, re.I):
        return "factoid"
    return "summary"


# A follow-on that asks for the reasoning behind the question before it ("Why?", "Why or why not?", "How so?",
# "Explain."): the form is the earlier question's, the reasons come with the answer.
_ASKS_WHY = re.compile(r"^\s*(?:and\s+)?(?:why(?:\s+or\s+why\s+not|\s+not|\s+is\s+that|\s+so)?|how\s+so|"
                       r"explain(?:\s+why)?|please\s+explain)\s*[?.!]?\s*$", re.I)


def _last_question(text: str) -> str:
    text = " ".join((text or "").split())
    parts = [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if p.strip()]
    while len(parts) > 1 and _ASKS_WHY.match(parts[-1]):
        parts.pop()
    asked = [p for p in parts if p.rstrip().endswith("?")]
    return (asked[-1] if asked else (parts[-1] if parts else text)).strip()


_IRREGULAR_PLURALS = frozenset("bacteria criteria phenomena loci genera media fungi nuclei stimuli".split())


def _plural_head(question: str) -> bool:
    """"Which drugs ...", "In which tissues ...", "Mutations in which genes ...", "What are the 3 main
    bacteria ...", "Which are the main functions ...": the noun asked for is plural."""
    words = re.findall(r"[\w()-]+", question.lower())
    at = next((n for n, w in enumerate(words) if w in ("which", "what")), None)
    if at is None:
        return False
    start = at + 1
    if start < len(words) and words[start] in ("are", "were"):
        start += 1
    elif words[at] == "what":
        return False          # "What is ...", "What causes ...": no plural head noun to read
    head = [w for w in words[start:start + 6] if w not in _TYPE_SKIP and not w.isdigit() and len(w) > 3][:2]
    for word in head:
        if word in _NOT_PLURAL or word in _TYPE_END_WORDS:
            break
        if word in _IRREGULAR_PLURALS or word.endswith("(s)") or \
                (word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))):
            return True
    return False


# Words between "which"/"what" and the head noun that are not the head ("the most common", "main").
_TYPE_SKIP = frozenset("""is are was were the a an most more least main major common frequent best first primary
known usual typical commonly frequently currently two three four five several different human approved novel
key main important other another specific""".split())
# "type of X", "class of drugs": the noun after "of" is the type; "cancer types": the noun before it.
_TYPE_WRAPPERS = frozenset("type types kind kinds class classes form forms group groups family families "
                           "category categories number".split())
# Words that end the type phrase: verbs, prepositions, and any past participle ("which gene mutated in ...").
_TYPE_END_WORDS = frozenset("""is are was were has have had can could do does did may might should will would in of for that to by
with on from at as after before where when during among against between within without through than
like via per cause causes binds controls produces regulates encodes targets exists forms stands
secretes inhibits interacts affects mediates induces activates blocks contains makes leads plays
acts occurs develops detects allows uses increases reduces determines recognizes recognises
underlies confers associates predicts""".split())


def _ends_type(word: str) -> bool:
    return word in _TYPE_END_WORDS or bool(re.match(r"^\w+ed$", word))


def answer_type(text: str, trailing_which: bool = True) -> str | None:
    """The kind of thing a factoid or list question asks for, as a singular noun, or None.

    The "lexical answer type" of question answering (Murdock et al., 2012, "Typing candidate answers using
    type coercion"): "Which genes ..." -> "gene", "What is the trade name of ..." -> "trade name",
    "Which cancer types ..." -> "cancer", "List drugs used ..." -> "drug", "Mutations in which gene ..." -> "gene".
    """
    question = _last_question(text).lower()
    match = re.match(r"^\s*(?:please\s+)?(?:list|name|enumerate|give|mention)\s+(?:\d+\s+|the\s+|all\s+)*(.*)",
                     question) or re.search(r"\b(?:which|what)\s+(.*)", question)
    if not match:
        return None
    words = re.findall(r"[\w'-]+", match.group(1))
    head: list[str] = []
    for n, word in enumerate(words[:8]):
        if not head and (word in _TYPE_SKIP or word.isdigit()):
            continue
        if head and (_ends_type(word) or word in STOPWORDS) and word not in _TYPE_WRAPPERS:
            if word == "of" and head[-1] in _TYPE_WRAPPERS and n + 1 < len(words):
                return answer_type("which " + " ".join(words[n + 1:]), trailing_which=False)
            break
        if not head and (_ends_type(word) or word in STOPWORDS) and word not in _TYPE_WRAPPERS:
            return None
        head.append(word)
        if len(head) == 3:
            break
    else:
        # "What is molecular radiotherapy?": a definition, no type named; but "... is used for which disease?"
        # names its type right after "which", at the question's end.
        if not re.match(r"^\s*(?:please\s+)?(?:list|name|enumerate|give|mention)\b", question) and \
                not (trailing_which and re.search(r"\bwhich\s+" + re.escape(" ".join(head)) + r"\W*$", question)):
            return None
    plural = next((n for n, w in enumerate(head[:-1]) if _singular(w) != w and w not in _TYPE_WRAPPERS), None)
    if plural is not None:
        head = head[:plural + 1]      # "genes endow ...": a plural noun followed by its verb
    while len(head) > 1 and head[-1] in _TYPE_WRAPPERS:
        head.pop()
    if not head or head[-1] in _TYPE_WRAPPERS:
        return None
    return " ".join(head[:-1] + [_singular(head[-1])])


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")) and not word.endswith("ases"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")) and len(word) > 3:
        return word[:-1]
    return word
