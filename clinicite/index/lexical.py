"""The lexical index: BM25 (Robertson & Zaragoza, 2009) over passages, in tantivy.

Text is normalised by :func:`clinicite.index.analysis.normalise` and then run
through tantivy's ``en_stem`` analyser (lower case + Porter stemming). Filter
fields are raw terms (source, language, publication types, document id) or
integers (year). The passage id is a fast field, so search never loads stored
documents. tantivy allows one writer per index: a second one (another process
syncing) raises :class:`~clinicite.errors.IndexError_`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from clinicite.errors import IndexError_
from clinicite.index.analysis import normalise, query_words

TEXT = "text"
WRITER_HEAP = 128 * 1024 * 1024


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions on what search may return; ``None``/empty means no restriction."""

    year_from: int | None = None
    year_to: int | None = None
    publication_types: Sequence[str] = field(default_factory=tuple)
    sources: Sequence[str] = field(default_factory=tuple)      # "knowledge", "pubmed", "pmc", "pdf", "text"
    languages: Sequence[str] = field(default_factory=tuple)    # MEDLINE codes, e.g. "eng"

    @property
    def empty(self) -> bool:
        return (self.year_from is None and self.year_to is None and not self.publication_types
                and not self.sources and not self.languages)


@dataclass
class IndexedPassage:
    """One passage as the indexes see it: its id, the text to index and the filter values."""

    passage_id: int
    document_id: str
    text: str
    source: str
    year: int | None = None
    language: str | None = None
    publication_types: Sequence[str] = ()


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("passage_id", stored=True, indexed=True, fast=True)
    builder.add_text_field("document_id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(TEXT, stored=False, tokenizer_name="en_stem", index_option="position")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_text_field("publication_types", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("source", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("language", tokenizer_name="raw", index_option="basic")
    return builder.build()


class LexicalIndex:
    """A tantivy index in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.schema = _schema()
        try:
            self.index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)
        except (OSError, ValueError) as exc:
            raise IndexError_(f"cannot open the lexical index in {self.folder}: {exc}",
                              hint="Run `clinicite index --rebuild` to rebuild it from the store.") from exc
        self._writer: tantivy.IndexWriter | None = None

    # --- writing ---------------------------------------------------------------
    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as exc:
                raise IndexError_(
                    f"the lexical index in {self.folder} is being written by another process ({exc})",
                    hint="Wait for the running sync or ingest to finish, then try again.") from exc
        return self._writer

    def add(self, passages: Iterable[IndexedPassage]) -> int:
        writer = self.writer
        count = 0
        for p in passages:
            # One constructor call with every field (a third of the Python cost of an add_* call per field).
            fields = {"passage_id": p.passage_id, "document_id": p.document_id, TEXT: normalise(p.text),
                      "source": p.source}
            if p.year is not None:
                fields["year"] = int(p.year)
            if p.publication_types:
                fields["publication_types"] = list(p.publication_types)
            if p.language:
                fields["language"] = p.language
            writer.add_document(tantivy.Document(**fields))
            count += 1
        return count

    def delete_documents(self, document_ids: Iterable[str]) -> None:
        writer = self.writer
        for document_id in document_ids:
            writer.delete_documents_by_term("document_id", document_id)

    def clear(self) -> None:
        """Delete every passage (visible after :meth:`commit`)."""
        self.writer.delete_all_documents()

    def commit(self) -> None:
        """Make changes durable and visible; the writer (and its lock) is kept for the next batch."""
        if self._writer is None:
            return
        self._writer.commit()
        self.index.reload()

    def release(self) -> None:
        """Let background merges finish and free the writer lock, so another process may write."""
        if self._writer is None:
            return
        try:
            self._writer.wait_merging_threads()
        finally:
            self._writer = None

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None

    # --- reading ---------------------------------------------------------------
    def count(self) -> int:
        return self.index.searcher().num_docs

    def _filter_clauses(self, filters: SearchFilters | None) -> list[tantivy.Query]:
        if filters is None or filters.empty:
            return []
        clauses = []
        if filters.year_from is not None or filters.year_to is not None:
            clauses.append(tantivy.Query.range_query(self.schema, "year", tantivy.FieldType.Integer,
                                                     filters.year_from, filters.year_to))
        for name, values in (("publication_types", filters.publication_types), ("source", filters.sources),
                             ("language", filters.languages)):
            if values:
                clauses.append(tantivy.Query.term_set_query(self.schema, name, list(values)))
        return [tantivy.Query.const_score_query(c, 0.0) for c in clauses]

    def _text_query(self, words: list[str]) -> tantivy.Query | None:
        if not words:
            return None
        return self.index.parse_query(" ".join(words), [TEXT])

    def build_query(self, query: str, expansions: Sequence[tuple[str, float]] = (),
                    filters: SearchFilters | None = None) -> tantivy.Query | None:
        """BM25 over the query's words, plus each expansion phrase at its (lower) weight."""
        should = []
        main = self._text_query(query_words(query))
        if main is not None:
            should.append((tantivy.Occur.Should, main))
        for phrase, weight in expansions:
            words = query_words(phrase)
            if not words:
                continue
            if len(words) > 1:
                sub = self.index.parse_query('"' + " ".join(words) + '"', [TEXT])
            else:
                sub = self._text_query(words)
            should.append((tantivy.Occur.Should, tantivy.Query.boost_query(sub, weight)))
        if not should:
            return None
        text = should[0][1] if len(should) == 1 else tantivy.Query.boolean_query(should)
        clauses = self._filter_clauses(filters)
        if not clauses:
            return text
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, text)]
                                           + [(tantivy.Occur.Must, c) for c in clauses])

    def search(self, query: str, limit: int = 100, filters: SearchFilters | None = None,
               expansions: Sequence[tuple[str, float]] = ()) -> list[tuple[int, float]]:
        """(passage id, BM25 score), best first."""
        built = self.build_query(query, expansions, filters)
        if built is None:
            return []
        searcher = self.index.searcher()
        hits = searcher.search(built, limit, count=False).hits
        if not hits:
            return []
        ids = searcher.fast_field_values("passage_id", [address for _, address in hits])
        return [(int(pid), float(score)) for (score, _), pid in zip(hits, ids) if pid is not None]

    def filtered_ids(self, filters: SearchFilters, limit: int) -> list[int]:
        """Passage ids that pass ``filters`` (up to ``limit``), for filtering dense search."""
        clauses = self._filter_clauses(filters)
        if not clauses:
            return []
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, c) for c in clauses])
        searcher = self.index.searcher()
        hits = searcher.search(query, limit, count=False).hits
        ids = searcher.fast_field_values("passage_id", [address for _, address in hits])
        return [int(pid) for pid in ids if pid is not None]

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.folder.rglob("*") if f.is_file())
