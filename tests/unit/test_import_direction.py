"""Imports point down (shared/architecture.md, habit 9; docs/architecture.md).

    web  ->  export, auth  ->  boards  ->  realtime, practice and the foundation (config, db, models...)
    realtime carries opaque payloads: it imports no domain package.

Within the middle, export and auth build on boards, never the other way round. The entry
points (app.main, app.purge) wire everything together and may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

FOUNDATION = frozenset(
    {
        "config",
        "oidc_config",
        "db",
        "models",
        "schemas",
        "schemas_followup",
        "errors",
        "local_time",
        "migrate",
        "runtime",
        "text_safety",
    }
)
ENTRY_POINTS = frozenset({"main", "purge"})
# What each layer may import from app (besides itself).
ALLOWED: dict[str, frozenset[str]] = {
    "practice": frozenset(),  # pure: tests/unit/test_domain.py holds it to the standard library too
    "realtime": frozenset(),
    # the foundation takes its vocabularies (section keys, note kinds...) from practice/sections.py
    **{name: FOUNDATION | {"practice"} for name in FOUNDATION},
    "boards": FOUNDATION | {"practice", "realtime"},
    "auth": FOUNDATION | {"practice", "realtime", "boards"},
    "export": FOUNDATION | {"practice", "boards"},
    "web": FOUNDATION | {"practice", "realtime", "boards", "export", "auth"},
}


def _layer(module: str) -> str:
    """`app.boards.service` -> `boards`; `app.config` -> `config`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every app module the file imports, function-local and TYPE_CHECKING imports included."""
    package = ["app", *path.relative_to(root).with_suffix("").parts[:-1]]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the file's package
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            out += [(node.lineno, f"{base}.{a.name}") for a in node.names]  # a name may be a module
    return [(line, name) for line, name in out if name == "app" or name.startswith("app.")]


def upward_imports(root: Path) -> list[str]:
    """`file:line imports module` for every import that does not point down. `root` is the app
    package directory."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        own = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if own in ENTRY_POINTS or own == "__init__":
            continue
        allowed = ALLOWED.get(own)
        assert allowed is not None, f"app/{rel} is in no layer: add it to ALLOWED in {Path(__file__).name}"
        for line, module in _imported(path, root):
            target = _layer(module)
            report = f"app/{rel}:{line} imports app.{target}"
            if target != own and target not in allowed and report not in found:
                found.append(report)
    return found


def test_imports_point_down() -> None:
    assert upward_imports(APP) == []


# Router modules no other web module may import (followup_pages still takes the file
# downloads and the review start from followup: docs/architecture.md).
ROUTERS = ("app.web.api", "app.web.pages", "app.web.exports")


def router_importers(root: Path) -> list[str]:
    """`file imports router` for web modules that import a router module: helpers the routers
    share live in small web modules (access, created, error_responses, html, rendering); only
    app.main includes the routers."""
    found = []
    for path in sorted((root / "web").glob("*.py")):
        for _, module in _imported(path, root):
            router = next((r for r in ROUTERS if module == r or module.startswith(f"{r}.")), None)
            if router is not None and f"{path.name} imports {router}" not in found:
                found.append(f"{path.name} imports {router}")
    return found


def test_web_modules_do_not_import_the_routers() -> None:
    assert router_importers(APP) == []


def test_every_layer_is_walked() -> None:
    layers = {p.relative_to(APP).parts[0] for p in APP.rglob("*.py") if len(p.relative_to(APP).parts) > 1}
    assert {"boards", "export", "auth", "web", "realtime", "practice"} <= layers


def test_an_upward_import_is_reported(tmp_path: Path) -> None:
    (tmp_path / "boards").mkdir()
    (tmp_path / "realtime").mkdir()
    (tmp_path / "boards" / "fine.py").write_text("from app.practice import sections\nfrom app.models import Board\n")
    (tmp_path / "boards" / "bad.py").write_text(
        "from app.models import Board\n\n\ndef f():\n    from app.export.view import build_view\n"
    )
    (tmp_path / "realtime" / "hub.py").write_text("from app import boards\n")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "pages.py").write_text("from app.web import api\n")
    assert upward_imports(tmp_path) == [
        "app/boards/bad.py:5 imports app.export",
        "app/realtime/hub.py:1 imports app.boards",
    ]
    assert router_importers(tmp_path) == ["pages.py imports app.web.api"]
