"""A stage imports only the stages before it (DEVELOPERS.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "clinicite"
STAGES = ["ingest", "store", "index", "understand", "reason", "compose", "api", "web", "cli"]
# api, web and cli are all edges: they may use each other and app.py.
EDGE = {"api", "web", "cli"}


def imported_stages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "clinicite" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_stages_import_only_earlier_stages():
    violations = []
    for stage_index, stage in enumerate(STAGES):
        allowed = set(STAGES[: stage_index + 1]) | {"paths", "settings", "errors"}
        if stage in EDGE:
            allowed |= EDGE | {"app"}
        for path in (PACKAGE / stage).rglob("*.py"):
            for used in imported_stages(path) - allowed:
                if used in STAGES or used == "app":
                    violations.append(f"{path.relative_to(PACKAGE)} imports clinicite.{used}")
    assert not violations, "\n".join(violations)


def test_core_never_imports_web_frameworks():
    offenders = []
    for stage in ("ingest", "store", "index", "understand", "reason", "compose"):
        for path in (PACKAGE / stage).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "import typer" in text or "from fastapi" in text or "import fastapi" in text:
                offenders.append(str(path.relative_to(PACKAGE)))
    assert not offenders
