"""Similar published cases: the diagnoses of the published patients who look most like this one.

A case library is a collection of GA4GH phenopackets, each a published patient
with a diagnosis and a PMID (the phenopacket-store: Danis et al., HGG Advances
2025). For a query case every library case gets a semantic similarity of the two
HPO sets: the symmetric Resnik best-match average (Resnik, IJCAI 1995; the
best-match average of Schlicker et al., BMC Bioinformatics 2006, as Phenomizer
uses it: Köhler et al., AJHG 2009), with the information content of the
knowledge base, minus a penalty for contradictions (a finding one reports absent
that the other reports present). The nearest cases vote for their diagnoses with
weights ``exp((s - s_best) / tau)``; the vote is a probability over disease
groups that :func:`mix_posterior` mixes with the likelihood-ratio posterior.

This is the nearest-neighbour reading of published patients; the beta-binomial
frequencies of :mod:`clinicite.reason.published_cases` are the aggregated one.
Retrieval keeps what aggregation loses: which findings occur *together*.

Cases of one publication are correlated, so :meth:`CaseLibrary.neighbours`
takes a publication to leave out, and the benchmark always leaves out the
query's own publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from clinicite.errors import InputError
from clinicite.reason.published_cases import PublishedCase, published_case, read_published_cases

# Chosen by MRR on the fit part of the dev phenopackets (publications whose SHA-1 starts with an even byte;
# every 4th case), leave-one-publication-out, over k 5/10/20/50, tau 0.25/0.5/1/2, alpha 0.1-0.8 and conflict
# weight 0/0.5/1; five-fold cross-validation by publication chose the same in 4 of 5 folds. See
# ``bench/phenopackets.py --similar-cases`` and BENCHMARKS.md, Round 4.
NEIGHBOURS = 50              # library cases that vote
VOTE_TEMPERATURE = 0.25      # nats of similarity that divide a vote by e: the nearest few decide
CONFLICT_WEIGHT = 0.0        # per nat of a contradicted finding, per query finding: 0.5 and 1 never chosen
MIXTURE_WEIGHT = 0.2         # share of the similar-case vote in the mixed posterior
# Over a knowledge base that has also learnt from the library (KnowledgeBase.with_cases, as the app builds
# it when the library is set) the same search chose a softer vote with more weight, in all five folds.
WITH_CASES_TEMPERATURE = 0.5
WITH_CASES_WEIGHT = 0.3
# There, a third reader joins the mixture: the Phenomizer-style similarity of the findings to each disease's
# annotations (curated and learnt; reason/baseline.py), as a softmax over disease groups. It ranks by shared
# information, not by frequencies, so it still finds a disease whose annotations hold the findings when the
# likelihood ratios and the nearest cases both miss it: an ensemble of differently-erring rankers (Dietterich,
# "Ensemble methods in machine learning", MCS 2000). Share and temperature chosen with the vote's share by MRR
# on the fit part (every 4th dev case), all five CV folds by publication choosing the same (vote 0.3, share 0.2
# of the grid 0-0.2, temperature 0.05): held-out top-1 / top-10 0.493 / 0.663 -> 0.510 / 0.672
# (bench/phenopackets.py --similar-cases --published-cases --every 4; BENCHMARKS.md, round 9).
WITH_CASES_PHENOMIZER_WEIGHT = 0.2
PHENOMIZER_TEMPERATURE = 0.05         # nats of best-match average that divide a disease's share by e


@dataclass(frozen=True)
class SimilarCase:
    """One published patient near the query, and the query findings it shares exactly or through a parent."""

    case: PublishedCase
    similarity: float
    group: int                           # the knowledge base's disease group, -1 when it holds none
    shared: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"pmid": self.case.publication, "disease_id": self.case.disease_id,
                "disease": self.case.disease_name, "similarity": round(self.similarity, 3),
                "shared": list(self.shared)}


def read_case_library(path: str | Path) -> list[PublishedCase]:
    """Phenopackets from a ``.jsonl[.gz]`` file, one ``.json`` phenopacket, or a folder of either (recursive)."""
    import json
    path = Path(path)
    if path.is_dir():
        cases: list[PublishedCase] = []
        for item in sorted(path.rglob("*")):
            if item.is_file() and item.name.endswith((".json", ".jsonl", ".jsonl.gz")):
                cases.extend(read_case_library(item))
        return cases
    if path.name.endswith(".json"):
        try:
            case = published_case(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, AttributeError, TypeError, KeyError) as exc:
            raise InputError(f"not a phenopacket: {exc}", path=str(path)) from exc
        return [case] if case is not None else []
    if not path.exists():
        raise InputError("no phenopacket file or folder here", path=str(path))
    return read_published_cases(path)


class CaseLibrary:
    """Published cases as sparse term matrices, for fast similarity to a query against every case at once."""

    def __init__(self, kb, cases: list[PublishedCase]) -> None:
        self.kb = kb
        learnt = getattr(kb, "case_knowledge", None) is not None or getattr(kb, "learnt_from_cases", False)
        self.tau = WITH_CASES_TEMPERATURE if learnt else VOTE_TEMPERATURE       # the vote's temperature
        self.weight = WITH_CASES_WEIGHT if learnt else MIXTURE_WEIGHT            # its share in the mixture
        self.phenomizer_weight = WITH_CASES_PHENOMIZER_WEIGHT if learnt else 0.0  # the Phenomizer-style share
        resolve = lambda ids: list(dict.fromkeys(t for t in (kb.ontology.resolve(i) for i in ids)
                                                 if t and t in kb.term_index))
        kept = [(c, resolve(c.observed), resolve(c.excluded)) for c in cases]
        kept = [k for k in kept if k[1]]                # a case without a known finding is like nothing
        self.cases = [c for c, _, _ in kept]
        self.observed = [o for _, o, _ in kept]
        self.publications = np.array([c.publication or f"case:{i}" for i, c in enumerate(self.cases)], dtype=object)
        self.groups = np.array([self._group(c.disease_id) for c in self.cases], dtype=np.int64)
        n_terms = len(kb.term_ids)
        self.ic = kb.information_content
        closure_rows, closure_cols = [], []
        for i, terms in enumerate(self.observed):
            columns = np.unique(np.concatenate([kb.ancestor_columns(t) for t in terms]))
            closure_rows.extend([i] * len(columns))
            closure_cols.extend(columns)
        # Library case x term: the case has the term or a more specific one (true-path rule).
        self.closure = sparse.csc_matrix((np.ones(len(closure_rows)), (closure_rows, closure_cols)),
                                         shape=(len(self.cases), n_terms))
        direct_terms = sorted({t for terms in self.observed for t in terms})
        self.direct_index = {t: j for j, t in enumerate(direct_terms)}
        rows, cols, weights = [], [], []
        for i, terms in enumerate(self.observed):
            rows.extend([i] * len(terms))
            cols.extend(self.direct_index[t] for t in terms)
            weights.extend([1.0 / len(terms)] * len(terms))
        # Library case x its own findings, each worth 1/n: a product with per-finding scores averages them.
        self.direct = sparse.csr_matrix((weights, (rows, cols)), shape=(len(self.cases), len(direct_terms)))
        a_rows, a_cols = [], []
        for j, term in enumerate(direct_terms):
            columns = kb.ancestor_columns(term)
            a_rows.extend([j] * len(columns))
            a_cols.extend(columns)
        self.direct_ancestors = sparse.csr_matrix((np.ones(len(a_rows)), (a_rows, a_cols)),
                                                  shape=(len(direct_terms), n_terms))
        e_rows, e_cols = [], []
        for i, (_, _, excluded) in enumerate(kept):
            e_rows.extend([i] * len(excluded))
            e_cols.extend(kb.term_index[t] for t in excluded)
        self.excluded = sparse.csr_matrix((np.ones(len(e_rows)), (e_rows, e_cols)), shape=(len(self.cases), n_terms))

    @classmethod
    def from_path(cls, kb, path: str | Path) -> "CaseLibrary":
        return cls(kb, read_case_library(path))

    def __len__(self) -> int:
        return len(self.cases)

    def _group(self, disease_id: str) -> int:
        for equivalent in self.kb.equivalent_ids(disease_id):
            row = self.kb.row_of.get(equivalent)
            if row is not None:
                return int(self.kb.row_group[row])
        return -1

    def _query(self, terms) -> list[str]:
        resolved = (self.kb.ontology.resolve(t) for t in terms)
        return list(dict.fromkeys(t for t in resolved if t and t in self.kb.term_index))

    def similarity(self, observed, excluded=(), conflict_weight: float = CONFLICT_WEIGHT,
                   leave_out: str | None = None) -> np.ndarray:
        """Per library case: symmetric Resnik best-match average minus the contradiction penalty (nats);
        ``-inf`` for every case of the publication ``leave_out``."""
        resemblance, conflict = self.similarity_parts(observed, excluded, leave_out)
        return resemblance - conflict_weight * conflict

    def similarity_parts(self, observed, excluded=(), leave_out: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per library case: the symmetric Resnik best-match average (``-inf`` for the cases of the
        publication ``leave_out``), and the information of contradicted findings per query finding (nats),
        kept apart so a benchmark can weigh them."""
        resemblance, conflict = self._parts(observed, excluded)
        if leave_out is not None:
            resemblance = np.where(self.publications == leave_out, -np.inf, resemblance)
        return resemblance, conflict

    def _parts(self, observed, excluded) -> tuple[np.ndarray, np.ndarray]:
        query = self._query(observed)
        if not query or not len(self.cases):
            return np.zeros(len(self.cases)), np.zeros(len(self.cases))
        kb = self.kb
        forward = np.zeros(len(self.cases))
        indptr, indices = self.closure.indptr, self.closure.indices
        for term in query:                 # query -> case: each query finding's best match in the case
            best = np.zeros(len(self.cases))
            for column in kb.ancestor_columns(term):
                rows = indices[indptr[column]:indptr[column + 1]]
                best[rows] = np.maximum(best[rows], self.ic[column])
            forward += best
        forward /= len(query)
        columns = np.unique(np.concatenate([kb.ancestor_columns(t) for t in query]))
        shared_ic = np.zeros(len(kb.term_ids))
        shared_ic[columns] = self.ic[columns]
        # case -> query: a case finding's best match is its most informative ancestor the query also has.
        ancestors = self.direct_ancestors                   # every row holds at least the term itself
        best = np.maximum.reduceat(shared_ic[ancestors.indices], ancestors.indptr[:-1])
        backward = self.direct @ best
        return (forward + backward) / 2, self._conflicts(columns, excluded) / len(query)

    def _conflicts(self, query_closure: np.ndarray, excluded) -> np.ndarray:
        """Information (nats) of findings one side reports absent and the other present, per case."""
        present = np.zeros(len(self.kb.term_ids))
        present[query_closure] = self.ic[query_closure]
        conflict = self.excluded @ present                      # the case excludes what the query has
        absent = [self.kb.term_index[t] for t in self._query(excluded)]
        if absent:                                              # the query excludes what the case has
            conflict += self.closure[:, absent] @ self.ic[absent]
        return np.asarray(conflict).ravel()

    def neighbours(self, observed, excluded=(), leave_out: str | None = None, k: int = NEIGHBOURS,
                   conflict_weight: float = CONFLICT_WEIGHT) -> list[SimilarCase]:
        """The ``k`` most similar library cases, none from the publication ``leave_out``."""
        score = self.similarity(observed, excluded, conflict_weight, leave_out)
        order = np.argsort(-score, kind="stable")[:k]
        query = set(self._query(observed))
        found = []
        for i in order:
            if not np.isfinite(score[i]) or score[i] <= 0:
                break
            shared = tuple(t for t in self.observed[i] if t in query)
            found.append(SimilarCase(self.cases[i], float(score[i]), int(self.groups[i]), shared))
        return found


def vote(neighbours: list[SimilarCase], n_groups: int, tau: float = VOTE_TEMPERATURE) -> np.ndarray:
    """A probability per disease group from the neighbours' diagnoses; cases the knowledge base lacks
    keep their share (the vector then sums to less than 1), so they never inflate another disease."""
    votes = np.zeros(n_groups)
    if not neighbours:
        return votes
    weights = vote_weights(np.array([n.similarity for n in neighbours]), tau)
    for weight, n in zip(weights, neighbours):
        if n.group >= 0:
            votes[n.group] += weight
    return votes


def vote_weights(similarities: np.ndarray, tau: float = VOTE_TEMPERATURE) -> np.ndarray:
    """Each neighbour's share of the vote: ``exp(s / tau)`` normalised (a softmax over similarities)."""
    weights = np.exp((similarities - similarities.max()) / tau)
    return weights / weights.sum()


def phenomizer_vote(kb, observed, n_groups: int, tau: float = PHENOMIZER_TEMPERATURE,
                    held_out_publication: str | None = None) -> np.ndarray:
    """A probability per disease group from the Phenomizer-style score of its best row:
    ``exp(s / tau)`` normalised over the groups (zeros when no finding is known)."""
    from clinicite.reason.baseline import phenomizer_scores
    rows = phenomizer_scores(kb, list(observed), held_out_publication)
    if not rows.any():
        return np.zeros(n_groups)
    best = np.full(n_groups, -np.inf)
    np.maximum.at(best, kb.row_group[:len(rows)], rows)
    weights = np.where(np.isfinite(best), np.exp((best - best.max()) / tau), 0.0)
    return weights / weights.sum()


def mix_posterior(probability: np.ndarray, votes: np.ndarray, weight: float = MIXTURE_WEIGHT,
                  phenomizer: np.ndarray | None = None, phenomizer_weight: float = 0.0) -> np.ndarray:
    """``(1 - w - c) P_LR + w P_similar + c P_phenomizer`` per group; with no neighbour the model's posterior
    is unchanged (the Phenomizer share joins only beside the vote)."""
    if not votes.any():
        return probability
    if phenomizer is None or not phenomizer.any():
        return (1.0 - weight) * probability + weight * votes
    return (1.0 - weight - phenomizer_weight) * probability + weight * votes + phenomizer_weight * phenomizer


def mixed_log_scores(group_score: np.ndarray, votes: np.ndarray, temperature: float, unlisted_prior: float,
                     weight: float = MIXTURE_WEIGHT, phenomizer: np.ndarray | None = None,
                     phenomizer_weight: float = 0.0) -> np.ndarray:
    """The engine's untempered log scores per group, rewritten so that tempering and normalising them
    (with the unlisted rest, as :func:`clinicite.reason.differential.group_posteriors` does) gives
    :func:`mix_posterior` of the model's posterior and the vote."""
    if not votes.any():
        return group_score
    tempered = group_score / temperature
    unlisted = np.log(unlisted_prior) / temperature
    top = max(tempered.max(), unlisted)
    log_total = top + np.log(np.exp(tempered - top).sum() + np.exp(unlisted - top))
    mixed = mix_posterior(np.exp(tempered - log_total), votes, weight, phenomizer, phenomizer_weight)
    return temperature * (np.log(np.maximum(mixed, 1e-300)) + log_total)


def similar_case_scores(library: CaseLibrary | None, observed, excluded, group_score: np.ndarray,
                        temperature: float, unlisted_prior: float) -> tuple[np.ndarray, dict[int, list[SimilarCase]]]:
    """The engine's hook: the group scores with the nearest published cases' vote mixed in, and those
    cases per disease group (the evidence a row shows). Without a library nothing changes."""
    if library is None or not len(library):
        return group_score, {}
    neighbours = library.neighbours(observed, excluded)
    by_group: dict[int, list[SimilarCase]] = {}
    for neighbour in neighbours:
        if neighbour.group >= 0:
            by_group.setdefault(neighbour.group, []).append(neighbour)
    votes = vote(neighbours, len(group_score), library.tau)
    phenomizer = phenomizer_vote(library.kb, observed, len(group_score)) \
        if library.phenomizer_weight and votes.any() else None
    return mixed_log_scores(group_score, votes, temperature, unlisted_prior, library.weight, phenomizer,
                            library.phenomizer_weight), by_group
