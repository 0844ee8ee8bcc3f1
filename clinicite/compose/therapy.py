"""Does a sentence say what to do (or what was done and how it turned out), or does it only name a treatment?

A Management section must hold advice ("open biopsy and curettage is the treatment of choice"), what was
done for the condition ("she was treated with pazopanib") and its result ("after reaming the pain
resolved"). Many sentences name a treatment without saying any of that, and cue words alone put them under
Management: a treatment as the cause of the condition ("a complication of previous radiation treatment",
"because of continuous drainage ... may have played a role"), a drug's mechanism ("bisphosphonates inhibit
osteoclasts"), a definition ("sulfasalazine is a widely used anti-inflammatory agent"), the report's aim or
material ("this case report presents densitometry data"), an open question ("whether spontaneous remission
occurs is largely unknown"), the patient's history ("a history of leukaemia treated with chemotherapy") or
when a diagnosis was made. These are the rhetorical moves that argumentative-zoning work separates from a
paper's own claims and actions (Teufel & Moens, 2002: background, aim, own result); here they are told by
surface cues, and a sentence that also reports an outcome or a plain recommendation is always kept.
"""

from __future__ import annotations

import re

# A recommendation in so many words: it keeps a sentence whatever else it says.
STRONG_ADVICE = re.compile(
    r"\b(?:should(?! be (?:aware|considered))|recommend\w*|of choice|first[- ]line|mainstay|is indicated|"
    r"are indicated|is needed|are needed|is required|(?:safe and )?effective (?:method|treatment|therapy|option)|"
    r"valid therapeutic|can be used|may be used|could be used|can be treated|may be treated|when conservative|"
    r"is treated|are treated|should be avoided|(?:is|be) necessary|(?:to|should|must|may) (?:\w+ )?treat with)\b",
    re.I)
# Something was done, or it worked.
RESULT = re.compile(
    r"\b(?:reliev\w*|resol(?:ved|ution)|remission|improv(?:ed|ement)|recover(?:ed|y)|disappear\w*|subsided|settled|healed|"
    r"diminish\w*|normali[sz]\w*|(?:was|were) uneventful|uneventful (?:recovery|course|postoperative)|pain[- ]free|symptom[- ]free|free of (?:pain|symptoms|disease)|"
    r"seizure control|successful\w*|cured|favou?rable|resulted in|induced (?:the )?(?:remission|normali)|"
    # "controlled with desferrioxamine", "responded to lorlatinib", "a durable complete response after MAID"
    r"controlled (?:with|by)|responded (?:\w+ )?to|(?:partially |fully )?responsive to|(?:complete|partial|durable|lasting|sustained) (?:\w+ )?"
    r"(?:response|remission)|revers(?:es|ed|ing|al of) (?:its|the|their) (?:\w+ )?effects?)\b",
    re.I)

_CAUSE = re.compile(
    r"\bcomplications? (?:of|from|after)\b|\binduced by\b|\b\w+-induced\b|\bsecondary to\b|\bbecause of\b|"
    r"\bplayed (?:an? )?(?:\w+ )?role\b|\bcontribut\w* to\b|\bresponsible for\b|\bcaus(?:es|ed|ing)\b(?! by)|"
    r"\bhistory of\b|\bprevious(?:ly)? (?:\w+ )?(?:treat\w*|irradiat\w*|radiation|surgery|chemotherapy)\b"
    r"|\b(?:his|her|their) (?:first|previous|prior|initial) (?:\w+ )?(?:treatment|therapy|course)\b"
    # what the patient had been taking before the illness: "two months earlier he had started alpha-lipoic acid"
    r"|\b(?:earlier|before|previously),? (?:he|she|they|the patient) had (?:been )?(?:started|taking|taken|received)\b",
    re.I)
_MECHANISM = re.compile(
    r"\b(?:inhibit(?:s|ed|ing|ion)?|targeting|targets|agonists?|antagonists?|binds?|binding|pathways?|"
    r"receptors?|mechanisms?|mediat(?:es|ed)|expression|osteoclasts?|osteoblasts?|turnover|enzymes?|"
    r"monoclonal antibody)\b", re.I)
_DEFINITION = re.compile(
    r"^\W*(?:[A-Z]+: )?[\w()\-'/ ,]{2,90}? (?:is|are) (?:a|an|the|one of the)? ?(?:[\w\-]+ ){0,5}?(?:disease|disorder|"
    r"condition|entity|tumou?r|neoplasm|complication|pattern|syndrome|lesion|agent|drug|antibod\w+|inhibitor|"
    r"bacteri\w*|infection|form|cause|malignanc\w*|finding)s?\b|\b(?:is|are) characteri[sz]ed by\b|"
    r"\bis defined as\b|\baccount(?:s|ing) for\b|\bis found in\b", re.I)
_OPEN_QUESTION = re.compile(
    r"\bwhether\b[^.]*\b(?:unknown|unclear|uncertain)\b|\b(?:remains?|is|are) (?:still )?(?:largely )?"
    r"(?:unknown|unclear|controversial|debated)\b|\bnot (?:yet )?(?:been )?(?:fully )?(?:clarified|established)\b"
    r"|\braising the question\b|\bno consensus\b", re.I)
_RESEARCH_NEEDED = re.compile(r"\b(?:further|prospective|larger|more|randomi[sz]ed|controlled) (?:\w+ )?(?:studies|"
                              r"trials|research) (?:are|is|were|will be) (?:warranted|needed|required|necessary)\b", re.I)
# A research agenda or a review's own programme ("Future research should focus on ...", "This review aims to provide
# an overview ...", "It also explores ..."): what someone should study or what the paper covers, never what to do.
_AGENDA = re.compile(
    r"\b(?:future|further) (?:research|studies|work|trials|investigations?) (?:should|must|will|could|may|needs? to)\b"
    r"|\b(?:this|the present|our) (?:review|article|paper|chapter|overview) (?:also )?(?:aims?|seeks?|attempts?|"
    r"intends?) to\b|^\W*(?:it|this (?:review|article|paper)) (?:also )?(?:explores|discusses|summari[sz]es|"
    r"highlights|outlines|reviews)\b", re.I)
_AIM = re.compile(
    r"\b(?:aim|objective|purpose) of (?:this|the|our) (?:article|report|study|paper|work)\b|\b(?:this|the|our) "
    r"(?:case )?report (?:presents|reviews|describes) (?:\w+ ){0,3}(?:data|literature)\b"
    r"|\bwe (?:investigated|evaluated|assessed|analy[sz]ed|reviewed|examined|aimed|sought)\b"
    # a study's own subject: "This study investigated whether the time ... to appendectomy would affect ..."
    r"|\b(?:this|the present|our) (?:study|trial|review|analysis|work) (?:investigated|evaluated|assessed|examined|"
    r"aimed|sought|explored|compared)\b", re.I)
# How the patient came to the report: "... who underwent X, presented with ...", "two cases were identified".
# An admission to intensive care is a step of the treatment ("... was stopped and he was admitted to intensive
# care for cooling"), not how the patient came.
_PRESENTATION = re.compile(
    r"\b(?:presented (?:with|subsequently|later)|(?:was|were) admitted(?! to (?:the )?(?:intensive|critical) care|"
    r" to (?:the )?(?:icu|itu)\b)|(?:was|were) identified|developed in|"
    r"suffered from|we (?:present|report|describe) (?:the|a|an) case)\b", re.I)
_ADVERSE = re.compile(r"\bside[- ]effects?\b|\badverse (?:effects?|events?|reactions?)\b|\btoxicit\w*|"
                      r"\breactions? (?:to|have|has)\b", re.I)
_DIAGNOSED = re.compile(r"\b(?:was|were) (?:\w+ )?diagnosed (?:with|as)\b|\bdiagnosis of\b", re.I)
# What was done to the patient for the condition: keeps a mechanism aside ("treated with pazopanib, a
# kinase inhibitor") and a cause aside ("treated ... after the bleed") apart from a history.
_ACTION = re.compile(
    r"\b(?:was|were|has been|have been) (?:\w+ )?(?:treated|managed|given|started|restarted|administered|"
    r"performed|operated|resected|excised|drained|embolised|embolized|stopped|withdrawn|discontinued|replaced|"
    r"switched)\b|\bunderwent\b|\breceived\b|"
    r"\bwe (?:started|performed|gave|treated|used)\b|\bstarted on\b|\bintervention included\b"
    r"|\bwe (?:report|present|describe)\b[^.;]*\btreated (?:with|by)\b", re.I)


def only_names_treatment(sentence: str) -> str | None:
    """Why a sentence that names a treatment says nothing about what to do or what was done for the
    condition ("cause or history", "mechanism", "definition", "open question or aim", "presentation",
    "adverse effect", "diagnosis"), or None
    when it does (advice, an action taken, an outcome)."""
    if _RESEARCH_NEEDED.search(sentence):
        return "open question or aim"     # "prospective studies are warranted": a need for research, no advice
    if STRONG_ADVICE.search(sentence):
        return None
    if _OPEN_QUESTION.search(sentence):
        return "open question or aim"     # "whether remission occurs is unknown" names a result, reports none
    if RESULT.search(sentence):
        return None
    if _AIM.search(sentence):
        return "open question or aim"
    acted = bool(_ACTION.search(sentence))
    if _CAUSE.search(sentence) and not acted:
        return "cause or history"
    if _MECHANISM.search(sentence) and not acted:
        return "mechanism"
    if _DEFINITION.search(sentence) and not acted:
        return "definition"
    shown_up = _PRESENTATION.search(sentence)
    action = _ACTION.search(sentence)
    if shown_up and (action is None or action.start() < shown_up.start()):
        return "presentation"     # "who underwent X, presented with Y": the operation is history here
    if _ADVERSE.search(sentence) and not acted:
        return "adverse effect"
    if _DIAGNOSED.search(sentence) and not acted:
        return "diagnosis"
    return None


def is_strong_advice(sentence: str) -> bool:
    return bool(STRONG_ADVICE.search(sentence))


def is_aim_or_open_question(sentence: str) -> bool:
    """"The aim of this report is ...", "whether remission occurs is unknown": it states no finding or advice."""
    return bool(_OPEN_QUESTION.search(sentence) or _RESEARCH_NEEDED.search(sentence) or _AGENDA.search(sentence)
                or (_AIM.search(sentence) and not RESULT.search(sentence)))
