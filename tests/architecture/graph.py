"""The project's import graph, read from the source with `ast` (nothing is imported).

Backs the layering tests and `python -m tests.architecture`, which prints the figures the structure is
judged by: import cycles between modules and the largest modules.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("lms", "courses", "plc", "media", "theme")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _resolve(name, modules):
    """The longest known module that `name` names (an import of a function names its module)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports(top_level_only=False):
    """{module: {(imported module, line, at top level)}} for the project's own modules."""
    files = {module_name(path): path for path in source_files()}
    graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if top_level_only and id(node) not in top:
                continue
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).strip(".")
                names = [f"{base}.{alias.name}" for alias in node.names] or [base]
            for name in names:
                target = _resolve(name, files)
                if target and target != module:
                    graph.setdefault(module, set()).add((target, node.lineno, id(node) in top))
    return graph


def is_route_import(module, target, top):
    """The one in-function import the layering allows to close a loop: a page model's route method
    importing its app's views when it is called (docs/architecture.md, page routes)."""
    app = module.rpartition(".models")[0]
    return not top and module.endswith(".models") and (target == f"{app}.views" or target.startswith(f"{app}.views."))


def without_route_imports(graph):
    return {
        module: {(target, line, top) for target, line, top in targets if not is_route_import(module, target, top)}
        for module, targets in graph.items()
    }


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    edges = {module: {target for target, _, _ in targets} for module, targets in graph.items()}
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def largest_modules(count=10):
    sizes = [(len(path.read_text(encoding="utf-8").splitlines()), module_name(path)) for path in source_files()]
    return sorted(sizes, reverse=True)[:count]
