"""Whether a sentence states a hypothesis, an aim or an open question rather than a finding.

An abstract opens by saying what was thought ("X has been suggested to be associated with Y", "We
hypothesised that ..."), what the study set out to do ("The aim of this study was to evaluate ...", "To
determine whether ...") and what is not known ("Whether X improves Y remains unclear"). These are the
"background", "aim" and "gap" moves of an abstract's rhetorical structure (Teufel & Moens, 2002, argumentative
zoning; Swales' CARS model of research introductions): none reports what was found. Weighed as findings they
take the stance of the claim they name, so a question answered "no" by its study's results was answered "yes"
from its opening hypothesis (PubMedQA 18435678, Kell alloimmunization and fetal thrombocytopenia).

A sentence that reports a hypothesis being tested and decided ("our results support the hypothesis that ...")
is a finding and is kept.
"""

from __future__ import annotations

import re

_TOLD = r"(?:suggested|proposed|hypothesi[sz]ed|postulated|speculated|theori[sz]ed)"
_HYPOTHESIS = re.compile(
    r"\b(?:we|authors?|investigators?|researchers?)\s+(?:have\s+|had\s+)?(?:hypothesi[sz]ed|postulated|"
    r"speculated|theori[sz]ed|predicted|reasoned)\b"
    rf"|\b(?:it|this)\s+(?:is|was|has\s+been|had\s+been)\s+(?:\w+ly\s+)?{_TOLD}\s+(?:that|to)\b"
    rf"|\b(?:has|have|had)\s+been\s+(?:\w+ly\s+)?{_TOLD}\s+(?:to|that|as)\b"
    rf"|\b(?:is|are|was|were)\s+(?:\w+ly\s+)?{_TOLD}\s+to\s+(?:be|have|play|cause|contribute|increase|reduce|"
    r"improve|protect|prevent|influence|affect|modulate|mediate)\b"
    r"|\b(?:is|are|was|were)\s+(?:thought|believed)\s+to\b"
    r"|\b(?:the|our|this|a|one)\s+(?:\w+\s+){0,2}hypothes[ie]s\s+(?:that|of|is|was)\b"
    r"|\bto\s+test\s+(?:the|this|our)\s+hypothes[ie]s\b", re.I)
# The hypothesis judged by the study's own data: a finding.
_JUDGED = re.compile(r"\b(?:support\w*|confirm\w*|consistent\s+with|in\s+line\s+with|agree\w*\s+with|"
                     r"refut\w*|reject\w*|disprov\w*|contradict\w*|validat\w*|corroborat\w*|favou?r\w*|"
                     r"strengthen\w*|challeng\w*)\b(?:\W+\w+){0,4}?\W+hypothes[ie]s\b"
                     r"|\bhypothes[ie]s\s+(?:was|is|were)\s+(?:not\s+)?(?:supported|confirmed|rejected|refuted)\b",
                     re.I)

_AIM_NOUN = r"(?:aims?|objectives?|purposes?|goals?|intentions?)"
_STUDY = r"(?:study|studies|trial|work|analysis|review|report|paper|investigation|research|survey|project|article)"
_AIM_VERB = (r"(?:evaluate|assess|determine|investigate|examine|compare|test|explore|study|describe|identify|"
             r"clarify|analy[sz]e|establish|characteri[sz]e|measure|quantify|estimate|elucidate|ascertain|address|"
             r"review|understand|define|validate|develop|report|document|verify|confirm|analyse|find out|see)")
_AIM = re.compile(
    rf"\b(?:the\s+)?{_AIM_NOUN}\s+(?:of|in|for)\s+(?:this|the|our|the\s+present|the\s+current)\s+(?:\w+\s+){{0,2}}?{_STUDY}\b"
    rf"|\b(?:our|my)\s+{_AIM_NOUN}\s+(?:is|was|were|are)\b"
    rf"|^\W*(?:[A-Z][A-Z ]+:\s*)?(?:the\s+)?(?:primary\s+|main\s+|secondary\s+)?{_AIM_NOUN}\s+(?:is|was|were|are)\s+to\b"
    rf"|\b(?:this|the\s+present|our|the\s+current|the|a)\s+(?:\w+\s+){{0,3}}?{_STUDY}\s+(?:was\s+|is\s+)?(?:aim\w*|sought|"
    rf"seeks?|attempt\w*|designed|undertaken|conducted|performed|carried\s+out|initiated|set\s+up|intend\w*)\s+to\s+{_AIM_VERB}\b"
    r"|\bwe\s+(?:aimed|sought|set\s+out|wished|wanted|intended|attempted|tried|decided|planned|proposed|aim|seek)\s+to\b"
    r"|\b(?:we|this\s+study|the\s+present\s+study|our\s+study)\s+(?:\w+\s+)?(?:investigated|examined|evaluated|"
    r"assessed|tested|explored|asked|determined|analy[sz]ed|studied|addressed|questioned|investigates|examines|"
    r"evaluates|assesses|tests|explores|asks|determines)\s+(?:whether|if)\b"
    rf"|^\W*(?:[A-Z][A-Z ]+:\s*)?to\s+{_AIM_VERB}\b", re.I)
# An aim sentence that goes on to its result ("We evaluated whether X ... and found that ...") is a finding.
_RESULT_AFTER = re.compile(r"\b(?:and|but)\s+(?:we\s+)?(?:found|showed|observed|demonstrated|revealed|noted)\b|"
                           r";\s*(?:we\s+)?(?:found|results|it\s+was\s+found)\b", re.I)

_UNKNOWN = (r"(?:unclear|unknown|uncertain|not\s+(?:yet\s+)?(?:known|clear|established|determined|understood|"
            r"clarified|resolved)|controversial|debated|unresolved|questionable|to\s+be\s+(?:determined|"
            r"established|elucidated|clarified)|poorly\s+understood|a\s+matter\s+of\s+debate|under\s+debate)")
_QUESTION = re.compile(
    rf"\bwhether\b[^.;]*?\b(?:remains?|is|are|was|were|has\s+been|have\s+been)\s+(?:still\s+|largely\s+|"
    rf"currently\s+|as\s+yet\s+)?{_UNKNOWN}"
    rf"|\b(?:it|this)\s+(?:remains?|is|was)\s+(?:still\s+|largely\s+|currently\s+)?{_UNKNOWN}\s+(?:whether|if|how|why|what|which)\b"
    r"|\b(?:little|less|nothing|not\s+much)\s+is\s+(?:yet\s+)?known\s+(?:about|of|on|regarding|whether|if|how|as\s+to)\b"
    r"|\bno\s+(?:previous\s+|prior\s+|published\s+)?(?:stud(?:y|ies)|trials?|data|reports?)\s+(?:has|have)\s+(?:yet\s+)?"
    r"(?:examined|investigated|evaluated|assessed|addressed|explored|compared|reported|studied)\b"
    r"|\b(?:has|have)\s+not\s+(?:yet\s+|previously\s+|been\s+)?(?:been\s+)?(?:systematically\s+|adequately\s+|"
    r"fully\s+|well\s+)?(?:studied|investigated|examined|evaluated|assessed|explored|addressed)\b"
    r"|\bthe\s+question\s+(?:of\s+)?(?:whether|if)\b", re.I)

# A structured abstract's next label inside the sentence (snippets join parts: "... survival.METHODS: Analyses ...").
_EMBEDDED_LABEL = re.compile(r"[.;:]\s*(?:[A-Z]{3,}\s+){0,3}(?:METHODS?|RESULTS?|FINDINGS|CONCLUSIONS?|DESIGN|"
                             r"SETTING|PATIENTS|MEASUREMENTS|INTERVENTIONS?)\s*:?\s+\S")


def states_no_finding(sentence: str) -> str | None:
    """"hypothesis", "aim" or "question" when the sentence states one of them and no finding, else None."""
    text = " ".join(sentence.split())
    if _EMBEDDED_LABEL.search(text):
        return None             # an aim run on into its methods and results ("...months.METHODS: ..."): it reports them
    if text.rstrip().endswith("?"):
        return "question"       # a question asked (a title's, an introduction's) answers nothing
    if _HYPOTHESIS.search(text) and not _JUDGED.search(text):
        return "hypothesis"
    if _AIM.search(text) and not _RESULT_AFTER.search(text):
        return "aim"
    if _QUESTION.search(text):
        return "question"
    return None
