"""Disease mentions in passage text: vocabulary and knowledge-base names, strict patterns, defined abbreviations.

Recognisers, in order of trust:

1. names of the disease vocabulary (:mod:`clinicite.reason.vocabulary`: ICD-10-CM,
   Disease Ontology, supplement) and of the knowledge base, linked so that one
   disease is one concept; longest match, with case, plural, hyphen and
   British/American spelling folded (:class:`~clinicite.reason.lexicon_match.NameMatcher`);
2. abbreviations defined in the text, "intramedullary osteosclerosis (IMOS)",
   found with the Schwartz & Hearst algorithm (PSB 2003): the long form is the
   shortest run of words before the parenthesis whose letters spell the short
   form in order, starting at a word's first letter. A long form that reads as a
   disease (a disease-like head word) counts, and so does each later use of its
   short form;
3. strict patterns for names no list holds: an eponym before a disease head
   ("Ribbing disease", "Caffey syndrome"), or one word naming a tumour or an
   inflammation ("chondroblastoma", "tenosynovitis").

A finding is never a diagnosis: a name that is an HPO phenotype label or exact
synonym ("diaphyseal sclerosis", "scoliosis") is dropped unless it is the name of
an infection, a neoplasm, a poisoning or a deficiency ("osteomyelitis",
"rickets"). Words that name a whole category ("malignancy", "infection",
"cancer") are not diseases either: :func:`category_mentions` finds them for the
discourse reader, which applies what a source says about "malignancy" to every
malignant candidate.
"""


from __future__ import annotations

import re
from collections.abc import Mapping

from clinicite.reason.abbreviations import (_more_specific, _reads_as_disease, abbreviation_definitions,  # noqa: F401
                                            initialism_mentions, long_form)
from clinicite.reason.mention_lexicon import (MAX_LEXICON_WORDS, DiseaseLexicon, LexiconEntry, Mention,  # noqa: F401
                                              disease_lexicon, name_variants, normalise, phenotype_keys)
from clinicite.reason.mention_patterns import (_lexicon_mentions, _longer_name, _pattern_mentions,  # noqa: F401
                                               _qualified_by_disease, category_mentions, eponym_before_head,
                                               likened_mentions)
from clinicite.reason.similar_case_eponym import described_by_mentions
from clinicite.reason.vocabulary import name_key


def find_mentions(text: str, lexicon: Mapping[str, str] | DiseaseLexicon,
                  abbreviations: dict[str, Mention], phenotypes: bool = False) -> list[Mention]:
    """Disease mentions in one passage; ``abbreviations`` (short form -> mention) is updated and reused.

    ``lexicon`` is a :class:`DiseaseLexicon` (:func:`disease_lexicon`) or a plain name -> id mapping. With
    ``phenotypes``, names that are also HPO phenotypes' are returned too, marked ``phenotype``.
    """
    if not isinstance(lexicon, DiseaseLexicon):
        lexicon = DiseaseLexicon.from_mapping(lexicon)
    likened = likened_mentions(text, lexicon)
    mentions = [m for m in _lexicon_mentions(text, lexicon) if (phenotypes or not m.phenotype)
                and not any(s.start < m.end and m.start < s.end for s in likened)]
    mentions = [eponym_before_head(text, _longer_name(text, m), lexicon)
                for m in _qualified_by_disease(text, mentions, lexicon)]
    mentions += [m for m in likened if phenotypes or not m.phenotype]
    taken = [(m.start, m.end) for m in [*mentions, *likened]]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for mention in described_by_mentions(text, lexicon):
        # "first described by Boerhaave": the eponymous disease, named by its describer (similar_case_eponym)
        if (phenotypes or not mention.phenotype) and free(mention.start, mention.end):
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    for short, definition in abbreviation_definitions(text):
        start = text.find(definition)
        named = next((m for m in mentions if start <= m.start < start + len(definition)), None)
        if named is not None and _more_specific(definition, start, named):
            # "acute fibrinous and organizing pneumonia (AFOP)" is not "pneumonia": the defined name is the disease
            mentions.remove(named)
            taken.remove((named.start, named.end))
            named = None
        if named is None and not _reads_as_disease(definition, lexicon):
            continue                      # "magnetic resonance imaging (MRI)" names no disease
        if named is None:
            finding = lexicon.is_finding(definition)
            if finding and not phenotypes:
                continue
            named = Mention(name_key(definition), definition, start, start + len(definition), None, "pattern",
                            phenotype=finding)
            if start >= 0 and free(named.start, named.end):
                mentions.append(named)
                taken.append((named.start, named.end))
        abbreviations.setdefault(short, Mention(named.key, definition, 0, 0, named.disease_id, "abbreviation",
                                                named.concept_id, named.category, named.phenotype))
    for mention in [*initialism_mentions(text, lexicon), *_pattern_mentions(text, lexicon)]:
        if (phenotypes or not mention.phenotype) and free(mention.start, mention.end):
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    for short, mention in abbreviations.items():
        for match in re.finditer(rf"\b{re.escape(short)}\b", text):
            if free(match.start(), match.end()):
                mentions.append(Mention(mention.key, short, match.start(), match.end(), mention.disease_id,
                                        "abbreviation", mention.concept_id, mention.category, mention.phenotype))
                taken.append((match.start(), match.end()))
    return sorted(mentions, key=lambda m: m.start)
