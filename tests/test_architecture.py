"""The dependencies the README promises, read from the imports of the code itself.

The core domain and the statistics know nothing of the apps that declare record sets to them,
and those apps nothing of each other; data code never imports presentation code; no module
imports itself through others. Every import counts, including those inside functions.
"""

import grimp
import pytest

PACKAGES = ("cooperation", "programs", "talent")

PRESENTATION = (
    "cooperation.api",
    "cooperation.dashboard",
    "programs.api",
    "programs.views",
    "talent.api",
    "talent.dashboard",
    "talent.templatetags",
    "talent.views",
)
DATA = (
    "cooperation.core.access",
    "cooperation.core.models",
    "cooperation.core.selectors",
    "cooperation.core.services",
    "cooperation.stats",
    "programs.models",
    "programs.selectors",
    "programs.stats",
    "talent.models",
    "talent.selectors",
    "talent.stats",
)

# (importer, imported, why): the importer must not reach the imported, even indirectly.
FORBIDDEN = [
    *(
        (lower, upper, "the core domain and the statistics depend on no app that uses them")
        for lower in ("cooperation.core", "cooperation.stats")
        for upper in ("programs", "talent", "cooperation.reference")
    ),
    ("cooperation.api", "cooperation.dashboard", "the API names its figures through stats"),
    ("programs", "talent", "the record apps know each other only through the core"),
    ("talent", "programs", "the record apps know each other only through the core"),
    *(
        (data, view, "data code never imports presentation")
        for data in DATA
        for view in PRESENTATION
    ),
]


def forbidden_chains(graph: grimp.ImportGraph, rules) -> list[str]:
    """Name each broken rule with the chain of imports that breaks it."""
    broken = []
    for importer, imported, why in rules:
        chain = graph.find_shortest_chain(importer, imported, as_packages=True)
        if chain is not None:
            broken.append(f"{importer} → {imported} ({why}): {' → '.join(chain)}")
    return broken


def import_circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Return each group of modules that import one another in a circle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(module: str) -> None:
        index[module] = lowest[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in stack:
                lowest[module] = min(lowest[module], index[imported])
        if lowest[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return circles


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_every_rule_names_modules_that_exist(graph):
    named = {module for importer, imported, _ in FORBIDDEN for module in (importer, imported)}
    assert sorted(named - graph.modules) == []


def test_no_forbidden_import(graph):
    assert forbidden_chains(graph, FORBIDDEN) == []


def test_no_import_circle(graph):
    assert import_circles(graph) == []


def synthetic_graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    """Build an import graph of the given imports, with the packages that hold the modules."""
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        for module in (importer, imported):
            parts = module.split(".")
            for depth in range(1, len(parts) + 1):
                graph.add_module(".".join(parts[:depth]))
        graph.add_import(importer=importer, imported=imported)
    return graph


def test_an_indirect_import_of_programs_by_the_core_is_caught():
    graph = synthetic_graph(
        ("cooperation.core.selectors", "cooperation.stats.helpers"),
        ("cooperation.stats.helpers", "programs.models"),
    )
    [broken] = forbidden_chains(
        graph, [("cooperation.core", "programs", "the core depends on no app")]
    )
    assert "cooperation.core.selectors → cooperation.stats.helpers → programs.models" in broken


def test_a_circle_is_caught():
    graph = synthetic_graph(
        ("cooperation.core.models", "cooperation.stats.registry"),
        ("cooperation.stats.registry", "cooperation.core.models"),
        ("cooperation.core.admin", "cooperation.core.models"),
    )
    assert import_circles(graph) == [["cooperation.core.models", "cooperation.stats.registry"]]
