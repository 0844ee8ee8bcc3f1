"""The reply a language model must give: its JSON schema and its validation.

The schema is built per request from the answer plan's section keys and the
number of evidence blocks shown, and sent to the server (which then constrains
its output to it, :mod:`clinicite.compose.llm_client`). Whatever comes back is
validated again with strict types: a server may ignore the schema, and a reply
such as ``"citations": 1`` or ``"sections": 5`` is a malformed reply, never a
crash further on.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from clinicite.compose.llm_client import MalformedReply

MAX_TEXT = 400           # characters in one statement


class Statement(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: StrictStr
    citations: list[StrictInt] = Field(default_factory=list)


class SectionReply(BaseModel):
    model_config = ConfigDict(extra="ignore")
    key: StrictStr
    bullets: list[Statement] = Field(default_factory=list)


class ModelReply(BaseModel):
    model_config = ConfigDict(extra="ignore")
    abstain: StrictBool = False
    bottom_line: Statement | None = None
    sections: list[SectionReply] = Field(default_factory=list)

    @property
    def statements(self) -> int:
        return sum(len(s.bullets) for s in self.sections) + (self.bottom_line is not None)


def answer_schema(keys: list[str], blocks: int, max_bullets: int = 4) -> dict[str, Any]:
    """The JSON schema of a reply for sections ``keys`` citing evidence blocks 1..``blocks``.

    Kept to what grammar-based servers translate (no ``$ref``, no ``oneOf``).
    """
    statement = {"type": "object", "additionalProperties": False, "required": ["text", "citations"],
                 "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
                                "citations": {"type": "array", "minItems": 1, "maxItems": 3,
                                              # an enum, not minimum/maximum: llama-cpp-python's
                                              # grammar ignores integer bounds
                                              "items": {"type": "integer", "enum": list(range(1, max(1, blocks) + 1))}}}}
    section = {"type": "object", "additionalProperties": False, "required": ["key", "bullets"],
               "properties": {"key": {"type": "string", "enum": list(keys)},
                              "bullets": {"type": "array", "minItems": 1, "maxItems": max_bullets,
                                          "items": statement}}}
    return {"type": "object", "additionalProperties": False, "required": ["abstain", "bottom_line", "sections"],
            "properties": {"abstain": {"type": "boolean"}, "bottom_line": statement,
                           "sections": {"type": "array", "maxItems": len(keys), "items": section}}}


ENTAILMENT_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["results"],
    "properties": {"results": {"type": "array", "items": {
        "type": "object", "additionalProperties": False, "required": ["id", "entailed"],
        "properties": {"id": {"type": "integer", "minimum": 1}, "entailed": {"type": "boolean"}}}}}}


class EntailmentResult(BaseModel):
    id: StrictInt
    entailed: StrictBool


class EntailmentReply(BaseModel):
    model_config = ConfigDict(extra="ignore")
    results: list[EntailmentResult] = Field(default_factory=list)


def json_object(content: str) -> Any:
    """The JSON object in a model reply (code fences and surrounding prose tolerated)."""
    text = re.sub(r"^```(?:json)?|```$", "", content.strip(), flags=re.M).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise MalformedReply("reply holds no JSON object")
    try:
        # strict=False: grammar-constrained servers let raw newlines into strings, which JSON forbids
        data = json.loads(text[start:end + 1], strict=False)
    except json.JSONDecodeError as exc:
        raise MalformedReply(f"reply is not valid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise MalformedReply("reply is not a JSON object")
    return data


def parse_answer(content: str) -> ModelReply:
    return _validated(ModelReply, json_object(content))


def parse_entailment(content: str) -> EntailmentReply:
    return _validated(EntailmentReply, json_object(content))


def _validated(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "reply"
        raise MalformedReply(f"reply has the wrong shape at {where}: {first['msg'].lower()}") from exc
