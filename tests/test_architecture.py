"""The dependency rule of ARCHITECTURE.md, read from the imports themselves."""
from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "resolutions"
ADAPTERS = {"flask", "flask_login", "flask_wtf", "wtforms", "werkzeug", "sqlalchemy", "alembic",
            "whoosh", "lxml", "docx", "pypdf", "pypdfium2", "pdfplumber", "psycopg"}


def imports(layer: str) -> dict[str, set[str]]:
    """module path → absolute names it imports (relative imports resolved)."""
    out = {}
    folder, module_file = PACKAGE / layer, PACKAGE / f"{layer}.py"
    paths = folder.rglob("*.py") if folder.is_dir() else [module_file] if module_file.exists() else []
    for path in paths:
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
        names = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                    names |= {f"{prefix}.{a.name}" for a in node.names} | {prefix}
                else:
                    names.add(node.module)
        out[str(path.relative_to(PACKAGE.parent))] = names
    return out


def offenders(layer: str, forbidden) -> list[str]:
    return sorted(f"{path} imports {name}" for path, names in imports(layer).items()
                  for name in names if forbidden(name))


def top(name: str) -> str:
    return name.split(".")[0]


def test_domain_imports_no_adapter_and_no_outer_layer():
    outer = ("resolutions.formats", "resolutions.search", "resolutions.store", "resolutions.services",
             "resolutions.web", "resolutions.cli")
    assert offenders("domain", lambda n: top(n) in ADAPTERS or n.startswith(outer)) == []


def test_formats_search_store_depend_only_on_domain():
    for layer in ("formats", "search", "store"):
        assert offenders(layer, lambda n: n.startswith(("resolutions.services", "resolutions.web",
                                                         "resolutions.cli"))) == [], layer


def test_web_reaches_store_only_through_services():
    assert offenders("web", lambda n: n.startswith("resolutions.store") or top(n) == "sqlalchemy") == []


def test_services_never_read_flask():
    assert offenders("services", lambda n: top(n) in {"flask", "flask_login", "flask_wtf"}) == []


def test_the_rule_is_checked_against_real_files():
    # Guard against a walker that silently finds nothing to check.
    found = imports("web")
    assert any("resolutions.services" in n for names in found.values() for n in names)
    assert any(top(n) == "diff_match_patch" for names in imports("domain").values() for n in names)


def _module_graph() -> dict[str, set[str]]:
    """resolutions module → the resolutions modules it imports. ``from . import x`` names
    the module x when there is one, not the package around it."""
    files = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
             for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = (".".join(package.split(".")[: len(package.split(".")) - node.level + 1] +
                                 ([node.module] if node.module else [])) if node.level else node.module)
                subs = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in files}
                found |= subs if len(subs) == len(node.names) else subs | {base}
        graph[module] = {n for n in found if n in files} - {module}
    return graph


def test_no_import_circles():
    graph = _module_graph()
    circles = []

    def visit(node, path, seen):
        for nxt in graph.get(node, ()):
            if nxt == path[0]:
                circles.append(" → ".join(path + [nxt]))
            elif nxt not in seen and nxt in graph:
                seen.add(nxt)
                visit(nxt, path + [nxt], seen)
    for start in graph:
        visit(start, [start], {start})
    assert sorted(set(circles)) == []


def test_one_commit_point():
    """Use cases flush; only the unit of work (and the migration runner) commits."""
    allowed = {"resolutions/services/unit_of_work.py", "resolutions/store/migrate.py"}
    found = [str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.py")
             if ".commit()" in p.read_text("utf-8") and str(p.relative_to(PACKAGE.parent)) not in allowed]
    assert found == []


def test_the_visibility_rule_is_written_once():
    """Only the policy module spells out who sees a draft."""
    rule = re.compile(r"Draft\.status\s*==|Draft\.penholder_id\s*==|[\"']delegation:")
    # search/ only carries opaque audience tokens; it never decides who holds which
    offenders = [str(p.relative_to(PACKAGE.parent)) for layer in ("services", "store", "web", "cli")
                 for p in (PACKAGE / layer).rglob("*.py")
                 if p.name != "policy.py" and rule.search(p.read_text("utf-8"))]
    assert offenders == []
