"""The shape of the project's own code, read with ``ast`` (no import of the modules it checks).

1. Layers: a package imports only from its own layer or a lower one (``LAYERS``: site_inet at the top, then the
   domain apps, the page layer ``home``, ``search``, and the platform ``core``/``exploitation`` at the bottom).
   Function-level imports count, and so do ``import_module("x.y")`` and ``apps.get_model("app", "Model")``.
2. No import cycle between project modules (a file is a module; a package does not depend on its parent).
3. Private names of Django, Wagtail and modelsearch (``_name``, ``obj._attr``) and the library backend modules
   are used only in the adapters (``ADAPTERS``: one module per search backend), not across the site.
4. No module over ``MAX_LINES`` lines (migrations exempt): split it by what its parts do.
To move a package between layers or add an adapter, change the data below; each failure lists every file:line.
"""

import ast
import importlib.util
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "site_inet": 0,
    "manage": 0,
    "offres": 1,
    "projets": 1,
    "home": 2,
    "search": 3,
    "core": 4,
    "exploitation": 4,
}
LAYER_NAMES = {0: "project", 1: "domain", 2: "page layer", 3: "search", 4: "platform"}
# The modules allowed to use the libraries' internals (path prefixes): one per search backend, and Wagtail's site.
ADAPTERS = ("search/backends/", "core/wagtail_site.py")
LIBRARIES = ("django", "wagtail", "modelsearch")
LIBRARY_BACKENDS = ("modelsearch.backends", "wagtail.search.backends")  # the package is public, its modules are not
DOCUMENTED_UNDERSCORE_NAMES = {"_meta", "_default_manager", "_base_manager", "_state", "_"}
# namedtuple's documented API (``_replace``...) is not a private name either.
DOCUMENTED_UNDERSCORE_NAMES |= {"_replace", "_asdict", "_fields", "_field_defaults", "_make"}
MAX_LINES = 400


class Module(NamedTuple):
    name: str  # dotted; ``pkg/__init__.py`` is ``pkg``
    path: str  # relative to the repository root
    is_package: bool
    tree: ast.Module
    line_count: int


class Import(NamedTuple):
    module: str  # absolute dotted name (relative imports resolved)
    name: str | None  # the imported name of ``from module import name``
    line: int
    kind: str  # "import", "string" (import_module) or "model" (apps.get_model: layer check only)


def make_module(name, source, path=None, is_package=False):
    path = path or name.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    return Module(name, path, is_package, ast.parse(source, filename=path), len(source.splitlines()))


@cache
def project_modules():
    paths = [ROOT / "manage.py"] if (ROOT / "manage.py").exists() else []
    for package in LAYERS:
        if (ROOT / package).is_dir():
            paths += sorted((ROOT / package).rglob("*.py"))
    modules = {}
    for path in paths:
        relative = path.relative_to(ROOT)
        parts = list(relative.with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        source = path.read_text(encoding="utf-8")
        modules[name] = make_module(name, source, relative.as_posix(), is_package)
    return modules


def _literal_strings(call):
    return [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]


def _called_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def imports_of(module):
    """Every import in the module, at any depth, with the string imports ``import_module`` and ``get_model``."""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, None, node.lineno, "import") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1] if package else []
                base = ".".join([*parent, *([node.module] if node.module else [])])
            found += [Import(base, alias.name, node.lineno, "import") for alias in node.names]
        elif isinstance(node, ast.Call) and (strings := _literal_strings(node)) and len(strings) == len(node.args):
            called = _called_name(node)
            if called in ("import_module", "__import__") and not strings[0].startswith("."):
                found.append(Import(strings[0], None, node.lineno, "string"))
            elif called == "get_model" and len(strings) in (1, 2) and (len(strings) == 2 or "." in strings[0]):
                label = strings[0].split(".")[0]
                found.append(Import(f"{label}.models", None, node.lineno, "model"))
    return found


def project_target(imp, known):
    """The project module an import reaches (a submodule for ``from pkg import sub``), or None for a library."""
    if imp.module.split(".")[0] not in LAYERS:
        return None
    if imp.name and f"{imp.module}.{imp.name}" in known:
        return f"{imp.module}.{imp.name}"
    parts = imp.module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return imp.module


def project_edges(modules):
    """(importer, imported, Import) for every import of a project module."""
    known = {module.name for module in modules}
    for module in modules:
        for imp in imports_of(module):
            if (target := project_target(imp, known)) is not None:
                yield module, target, imp


def _in_order(found):
    """Messages ``path:line: ...`` without repeats (``from x import a, b``), by file then line."""
    return sorted(dict.fromkeys(found), key=lambda text: (text.split(":")[0], int(text.split(":")[1])))


def _layer(name):
    rank = LAYERS[name.split(".")[0]]
    return f"{name.split('.')[0]} ({LAYER_NAMES[rank]})", rank


def layer_violations(modules):
    found = []
    for module, target, imp in project_edges(modules):
        (source_layer, source_rank), (target_layer, target_rank) = _layer(module.name), _layer(target)
        if target_rank < source_rank:
            how = {"string": " by import_module", "model": " by apps.get_model"}.get(imp.kind, "")
            found.append(f"{module.path}:{imp.line}: {source_layer} imports {target_layer}{how}: {target}")
    return _in_order(found)


def strongly_connected(graph):
    """Tarjan's algorithm: the strongly connected components of ``graph`` (node -> set of nodes)."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while not component or node not in component:
                component.add(stack.pop())
            on_stack.difference_update(component)
            components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def cycles(modules):
    known = {module.name for module in modules}
    graph, where = {}, {}
    for module, target, imp in project_edges(modules):
        if imp.kind != "model" and target in known:
            graph.setdefault(module.name, set()).add(target)
            where.setdefault((module.name, target), {})[f"{module.path}:{imp.line}"] = None
    found = []
    for component in strongly_connected(graph):
        if len(component) > 1 or next(iter(component)) in graph.get(next(iter(component)), ()):
            edges = [
                f"    {a} -> {b} ({', '.join(_in_order(where[a, b]))})" for a, b in sorted(where) if {a, b} <= component
            ]
            found.append(f"cycle between {', '.join(sorted(component))}:\n" + "\n".join(edges))
    return found


def _is_private(name):
    return name.startswith("_") and not name.startswith("__")


def _assigned(targets):
    for target in targets:
        if isinstance(target, ast.Tuple | ast.List | ast.Starred):
            yield from _assigned(target.elts if not isinstance(target, ast.Starred) else [target.value])
        else:
            yield target


def project_defined_names(modules):
    """The ``_names`` the project defines: def/class anywhere, class or module attributes, ``self._x = ...``.

    ``request._x = ...`` (an attribute set on another object) defines nothing: that is what rule 3 looks for.
    """
    names = set()
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            for statement in node.body if isinstance(node, ast.Module | ast.ClassDef) else []:
                if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
                    targets = getattr(statement, "targets", None) or [statement.target]
                    names.update(target.id for target in _assigned(targets) if isinstance(target, ast.Name))
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                for target in _assigned(getattr(node, "targets", None) or [node.target]):
                    if isinstance(target, ast.Attribute) and getattr(target.value, "id", None) in ("self", "cls"):
                        names.add(target.attr)
    return {name for name in names if _is_private(name)}


@cache
def _library_has_submodule(dotted):
    top, _, rest = dotted.partition(".")
    spec = importlib.util.find_spec(top)  # a top-level name: found on sys.path, not imported
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location, *rest.split("."))
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            return True
    return False


def private_api_violations(modules, defined=None):
    defined = project_defined_names(modules) if defined is None else defined
    found = []
    for module in modules:
        if module.path.startswith(ADAPTERS):
            continue
        for imp in imports_of(module):
            if imp.kind == "model" or imp.module.split(".")[0] not in LIBRARIES:
                continue
            dotted = f"{imp.module}.{imp.name}" if imp.name else imp.module
            shown = f"from {imp.module} import {imp.name}" if imp.name else imp.module
            if any(_is_private(part) for part in dotted.split(".")):
                found.append(f"{module.path}:{imp.line}: {shown} (a private name of {dotted.split('.')[0]})")
            elif any(
                imp.module.startswith(backends + ".")
                or (imp.module == backends and imp.name and _library_has_submodule(dotted))
                for backends in LIBRARY_BACKENDS
            ):
                found.append(f"{module.path}:{imp.line}: {shown} (a library backend module: adapters only)")
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and _is_private(node.attr):
                if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                    continue
                if node.attr not in DOCUMENTED_UNDERSCORE_NAMES and node.attr not in defined:
                    found.append(f"{module.path}:{node.lineno}: {ast.unparse(node)} (a private attribute)")
    return _in_order(found)


def long_modules(modules):
    return [
        f"{module.path}: {module.line_count} lines"
        for module in modules
        if module.line_count > MAX_LINES and "migrations" not in module.path.split("/")
    ]


def _fail_on(title, found):
    if found:
        pytest.fail(f"{title} ({len(found)}):\n" + "\n".join(found), pytrace=False)


def test_imports_follow_the_layers():
    found = layer_violations(project_modules().values())
    _fail_on("imports from a lower layer to a higher one", found)


def test_no_import_cycle():
    found = cycles(project_modules().values())
    _fail_on("import cycles between project modules", found)


def test_library_internals_only_in_adapters():
    found = private_api_violations(project_modules().values())
    _fail_on(f"private names of {', '.join(LIBRARIES)} outside {', '.join(ADAPTERS)}", found)


def test_no_module_over_the_line_limit():
    found = long_modules(project_modules().values())
    _fail_on(f"modules over {MAX_LINES} lines", found)


# The detection functions, on snippets.


@pytest.mark.parametrize(
    ("name", "is_package", "source", "expected"),
    [
        ("offres.forms", False, "def f():\n    from .models import Stage\n", {("offres.models", 2)}),
        ("offres.models", True, "if True:\n    from . import stages\n", {("offres.models.stages", 2)}),
        ("offres.models.stages", False, "from ..deadlines import x\n", {("offres.deadlines", 1)}),
        ("home.demo", False, "import_module('offres.demo')\n", {("offres.demo", 1)}),
        ("home.demo", False, "importlib.import_module('offres.demo')\n", {("offres.demo", 1)}),
        ("home.demo", False, "apps.get_model('offres.StagePage')\n", {("offres.models", 1)}),
        ("home.demo", False, "import_module(f'{name}.demo')\nimport django.db\n", set()),
    ],
)
def test_imports_are_resolved(name, is_package, source, expected):
    known = {"offres", "offres.forms", "offres.models", "offres.models.stages", "offres.deadlines", "offres.demo"}
    module = make_module(name, source, is_package=is_package)
    resolved = {(project_target(imp, known), imp.line) for imp in imports_of(module)}
    assert {(target, line) for target, line in resolved if target is not None} == expected


def test_an_import_module_string_breaks_the_layers():
    modules = [
        make_module("home.demo", "def load():\n    import_module('offres.demo')\n"),
        make_module("offres.demo", ""),
    ]
    assert layer_violations(modules) == [
        "home/demo.py:2: home (page layer) imports offres (domain) by import_module: offres.demo"
    ]


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("from django.utils.html import _json_script_escapes\n", True),
        ("import django.utils._os\n", True),
        ("from modelsearch.backends.database.sqlite import sqlite\n", True),
        ("from wagtail.search.backends import database\n", True),
        ("from wagtail.search.backends import get_search_backend\n", False),
        ("BACKEND = 'wagtail.search.backends.elasticsearch9'\n", False),
        ("site = request._wagtail_site\n", True),
        ("request._wagtail_site = site\n", True),
        ("class A:\n    def f(self):\n        return self._cache\n", False),
        ("class A:\n    def f(self, other):\n        self._cache = {}\n        return other._cache\n", False),
        ("def f(other):\n    other._cache = {}\n    return other._cache\n", True),
        ("def _helper():\n    pass\nother._helper()\n", False),
        ("x = page._meta, obj._state, point._replace(x=1)\n", False),
    ],
)
def test_private_names_are_detected(source, flagged):
    assert bool(private_api_violations([make_module("home.views", source)])) == flagged


def test_private_names_are_allowed_in_adapters():
    module = make_module("search.backends.sqlite", "from modelsearch.backends.database import x\nr._sql()\n")
    assert private_api_violations([module]) == []


def test_a_two_module_cycle_is_reported():
    modules = [make_module("home.a", "from home import b\n"), make_module("home.b", "def f():\n    from .a import x\n")]
    modules.append(make_module("home", "", is_package=True))
    assert cycles(modules) == [
        "cycle between home.a, home.b:\n    home.a -> home.b (home/a.py:1)\n    home.b -> home.a (home/b.py:2)"
    ]


def test_a_package_importing_its_submodules_is_no_cycle():
    modules = [make_module("home", "from . import a\n", is_package=True), make_module("home.a", "x = 1\n")]
    assert cycles(modules) == []


def test_a_self_import_is_reported():
    assert cycles([make_module("home.a", "def f():\n    from home.a import x\n")]) == [
        "cycle between home.a:\n    home.a -> home.a (home/a.py:2)"
    ]
