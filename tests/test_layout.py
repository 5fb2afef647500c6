"""The house in order (issue 21): data flows one way through the folders, no import circle,
layers/ holds map layers only, and the app's entry stays thin. Imports are read with ``ast``,
function-local ones included, so a lazy import cannot hide a circle."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# data/ -> geo/ -> map_runtime/ -> layers/ -> map_page/ -> outputs/ -> ui/ -> the app's entry.
ORDER = ["geo", "map_runtime", "layers", "map_page", "outputs", "ui", "streamlit_app", "serve"]
RANK = {name: k for k, name in enumerate(ORDER)}
APP = {"streamlit_app", "serve"}


def modules() -> dict[str, Path]:
    """Every project module by dotted name."""
    out = {}
    for top in ORDER:
        if top in APP:
            out[top] = ROOT / f"{top}.py"
            continue
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports(path: Path, known: dict) -> set[str]:
    """The project modules ``path`` imports (``from geo import figures`` is ``geo.figures``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        for name in names:
            # The longest project module the name is or lies in.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {m: imports(p, known) - {m} for m, p in known.items()}


def circles(g: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of graph ``g`` (module -> modules it imports), one path each."""
    state, found = {}, []

    def visit(m, path):
        state[m] = "open"
        for d in sorted(g[m]):
            if state.get(d) == "open":
                found.append(path[path.index(d):] + [d])
            elif d not in state:
                visit(d, path + [d])
        state[m] = "done"

    for m in sorted(g):
        if m not in state:
            visit(m, [m])
    return found


def upward(g: dict[str, set[str]]) -> list[str]:
    """Imports from a folder later in the order than the importer's own."""
    return [f"{m} imports {d}" for m, deps in g.items() for d in deps
            if RANK[d.split(".")[0]] > RANK[m.split(".")[0]]]


def test_no_module_imports_from_a_folder_after_its_own():
    assert upward(graph()) == []


def test_no_import_circle_anywhere():
    assert circles(graph()) == []


def test_the_checks_see_a_circle_and_an_upward_import():
    """The checks can fail: a module of geo/ importing an output is caught by both (the
    print layout and the export imported each other until the page moved to outputs.page)."""
    g = graph()
    g["geo.joins"] = g["geo.joins"] | {"outputs.export"}
    assert upward(g) == ["geo.joins imports outputs.export"]
    assert any("geo.joins" in c and "outputs.export" in c for c in circles(g))
    g = graph()
    g["outputs.page"] = g["outputs.page"] | {"outputs.print_layout"}
    assert circles(g) and upward(g) == []


def test_layers_holds_map_layers_only():
    for path in sorted((ROOT / "layers").glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text())
        layer_classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef) and any(
            isinstance(s, ast.Assign) and any(getattr(t, "id", "") == "layer_id"
                                              for t in s.targets) for s in n.body)]
        assert len(layer_classes) == 1, f"{path.name}: {layer_classes}"


def test_the_app_entry_is_thin():
    lines = (ROOT / "streamlit_app.py").read_text().splitlines()
    assert len(lines) < 100
    # Page config and layout only: no data, geometry or map logic of its own.
    deps = graph()["streamlit_app"]
    assert {d.split(".")[0] for d in deps} <= {"ui"}, deps
