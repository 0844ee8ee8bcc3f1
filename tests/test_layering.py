"""The package's shape, checked on the source (DEVELOPERS.md, "Layout").

- A core stage imports only the stages before it, and never a web framework or Typer.
- The edges (``web``, ``cli``) import the core object (``app``), the ``editorial`` stage and the core stages,
  never each other.
- No import cycle anywhere: neither between packages nor between modules, counting the imports made inside
  functions (an import moved into a function to dodge a circle is still a circle). Imports under
  ``if TYPE_CHECKING:`` are for the type checker only and are not counted.
"""

from __future__ import annotations

import ast
import graphlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "clinicite"
CORE = ["ingest", "store", "index", "understand", "reason", "compose", "editorial"]
BASE = {"paths", "settings", "errors"}  # imported by every stage
EDGES = {"web", "cli"}
FRAMEWORKS = ("fastapi", "starlette", "typer", "uvicorn", "jinja2", "rich")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def runtime_nodes(tree: ast.AST):
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:`` (never imported at run time)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def imports_of(path: Path) -> set[str]:
    """Every module of clinicite that ``path`` imports, anywhere in the file (top level or in a function).

    ``from clinicite.a import b`` names the module ``clinicite.a.b`` when that is a module, else ``clinicite.a``.
    A package's ``__init__`` is not counted as imported by its submodules' imports, as Python's own loading
    order makes no circle of that.
    """
    known = modules()
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("clinicite"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("clinicite"):
                continue
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                found.add(candidate if candidate in known else module)
    return {name for name in found if name in known and name != here}


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


@cache
def graph() -> dict[str, set[str]]:
    return {name: imports_of(path) for name, path in modules().items()}


def test_graph_sees_imports_inside_functions():
    # The check would be blind if it read top-level imports only: cli commands import the core lazily.
    assert "clinicite.app" in graph()["clinicite.cli.serve"] or "clinicite.web.app" in graph()["clinicite.cli.serve"]


def test_core_stages_import_only_earlier_stages():
    violations = []
    for module, used in graph().items():
        stage = stage_of(module)
        if stage not in CORE:
            continue
        allowed = set(CORE[: CORE.index(stage) + 1]) | BASE
        violations += [f"{module} imports {other}" for other in used if stage_of(other) not in allowed]
    assert not violations, "\n".join(sorted(violations))


def test_base_modules_import_no_stage():
    violations = [f"{module} imports {other}" for module, used in graph().items() if stage_of(module) in BASE
                  for other in used if stage_of(other) not in BASE]
    assert not violations, "\n".join(violations)


def test_core_object_imports_no_edge():
    used = {stage_of(other) for other in graph()["clinicite.app"]}
    assert not used & EDGES


def test_edges_import_app_editorial_and_core_never_each_other():
    violations = []
    for module, used in graph().items():
        stage = stage_of(module)
        if stage not in EDGES:
            continue
        allowed = set(CORE) | BASE | {"app", stage}
        violations += [f"{module} imports {other}" for other in used if stage_of(other) not in allowed]
    assert not violations, "\n".join(sorted(violations))


def test_core_never_imports_web_frameworks():
    offenders = []
    for module, path in modules().items():
        if stage_of(module) not in CORE and stage_of(module) not in BASE | {"app"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            offenders += [f"{module} imports {n}" for n in names if n.split(".")[0] in FRAMEWORKS]
    assert not offenders, "\n".join(offenders)


def test_no_import_cycle_between_modules():
    try:
        tuple(graphlib.TopologicalSorter(graph()).static_order())
    except graphlib.CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_no_import_cycle_between_packages():
    packages: dict[str, set[str]] = {}
    for module, used in graph().items():
        stage = stage_of(module)
        packages.setdefault(stage, set()).update(stage_of(o) for o in used if stage_of(o) != stage)
    packages.pop("__init__", None)  # the curated public API re-exports from the stages it sits above
    for used in packages.values():
        used.discard("__init__")
    try:
        tuple(graphlib.TopologicalSorter(packages).static_order())
    except graphlib.CycleError as error:
        raise AssertionError(f"package cycle: {' -> '.join(error.args[1])}") from None


def test_cycle_check_finds_a_cycle():
    # The check itself: a two-module circle must be reported.
    try:
        tuple(graphlib.TopologicalSorter({"a": {"b"}, "b": {"a"}}).static_order())
    except graphlib.CycleError:
        return
    raise AssertionError("graphlib did not report a cycle")


def test_the_core_object_is_the_one_place_that_opens_the_database():
    # Clinicite wires the running objects; every other part gets the database from it.
    openers = []
    for module, path in modules().items():
        if module in ("clinicite.app", "clinicite.store.database"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("Database.open", "Database"):
                openers.append(f"{module}:{node.lineno}")
    assert not openers, "open the database through clinicite.app.Clinicite.database: " + ", ".join(openers)


def test_one_answer_store_with_one_owner():
    # An answer lives in threads/thread_turns/answers, and only the thread says whose it is: a second owner
    # column would need purge and adoption to update both again.
    from clinicite.store.schema import metadata
    owners = sorted(f"{table.name}.{column.name}" for table in metadata.tables.values() for column in table.columns
                    if column.name in ("owner", "owner_id"))
    assert owners == ["threads.owner_id"]
    answer_tables = sorted(name for name, table in metadata.tables.items() if "data" in table.columns
                           and "question" in table.columns)
    assert answer_tables == [], f"an answer stored beside the answer store: {answer_tables}"
