""""like X" names X: the preposition is no part of a list item ("adipokines like resistin")."""

from __future__ import annotations

from clinicite.compose.entities import rank_candidates, shown_candidates
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source


def test_a_name_after_like_is_named_without_it():
    text = "Adipose tissue secretes adipokines like resistin, and also leptin and adiponectin."
    source = Source(id="pmid:1", title="", source_type="pubmed", grade=grade_source("pubmed"))
    evidence = [Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0)]
    names = [c.text for c in shown_candidates("list", rank_candidates("List adipokines.", evidence, [0]))]
    assert "resistin" in names and not any(n.startswith("like") for n in names)


def test_names_joined_by_slashes_are_listed_one_by_one():
    text = "Three proteins of the family, ezrin/radixin/moesin, are cross-linkers; AMPK/Sirt1 pathway is another."
    source = Source(id="pmid:2", title="", source_type="pubmed", grade=grade_source("pubmed"))
    evidence = [Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0)]
    names = [c.text for c in shown_candidates("list", rank_candidates("List the ERM proteins.", evidence, [0]))]
    assert {"ezrin", "radixin", "moesin"} <= set(names) and "ezrin/radixin/moesin" not in names
    # A factoid keeps the name as written.
    factoid = [c.text for c in shown_candidates("factoid", rank_candidates("Which ERM protein?", evidence, [0]))]
    assert "ezrin/radixin/moesin" in factoid
