"""The dependency rule of ARCHITECTURE.md, read from the imports themselves."""
from __future__ import annotations

import ast
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
