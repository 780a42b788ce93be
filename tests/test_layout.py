"""The package reads like its pipeline: every import points down a fixed order of layers, with no cycle."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import summarizer

PACKAGE = Path(summarizer.__file__).parent

# Lowest first. A module may import from its own layer or any layer before it, never after.
LAYERS: list[tuple[str, ...]] = [
    ("_version", "errors", "_text", "_sets", "_files", "_sync", "progress", "schemas"),
    ("language",),
    ("config",),
    ("model", "ingest"),
    ("claims",),
    ("compose",),
    ("runtime",),
    ("pipeline",),
    ("render",),
    ("daily", "evaluation"),
    ("cli", "service"),
    ("testing", "pytest_plugin", "__init__", "__main__"),
]


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    return next(i for i, names in enumerate(LAYERS) if top in names)


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1]) if parts[-1] == "__init__" else ".".join(parts)
        out[name if name != "summarizer" else "summarizer"] = path
    return out


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("summarizer"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("summarizer"))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {i for i in _imports(path) if i in modules and i != name} for name, path in modules.items()}


def test_no_import_cycle() -> None:
    graph = {name: deps for name, deps in _graph().items() if name != "summarizer"}  # the facade imports all
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the cycle


def test_every_import_points_down() -> None:
    upward = [
        f"{name} -> {dep}"
        for name, deps in _graph().items()
        if name != "summarizer"
        for dep in deps
        if _layer(dep) > _layer(name)
    ]
    assert upward == []


def test_no_private_name_is_imported_across_modules() -> None:
    private = [
        f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("summarizer")
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
    ]
    assert private == []


def test_the_cli_starts_without_the_openai_client() -> None:
    """`openai` is half of the start-up time; a run answered from the cache never needs it (issue 14)."""
    import subprocess
    import sys

    code = "import sys, summarizer.cli; sys.exit('openai' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_nothing_extends_the_summarizer_or_reaches_into_its_runtime() -> None:
    """The daily run and the service supply an Executor; none subclasses Summarizer or Runtime, and no module
    but the runtime's own touches its private state (the server, the clients, the store)."""
    from summarizer.config import Settings
    from summarizer.runtime import Runtime

    runtime = Runtime(Settings())
    private = {name for name in [*vars(runtime), *vars(Runtime)] if name.startswith("_") and not name.endswith("__")}
    assert {"_server", "_clients", "_store"} <= private
    found = []
    for path in [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "benchmarks").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                found += [f"{path.name}: {node.name}" for b in node.bases if ast.unparse(b).split(".")[-1] in
                          ("Summarizer", "Runtime")]  # fmt: skip
            elif isinstance(node, ast.Attribute) and node.attr in private and ast.unparse(node.value) != "self":
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")  # another object's own state
    assert found == []
