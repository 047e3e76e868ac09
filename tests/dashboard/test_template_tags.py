"""Template tags only present: they never query, and the report renders without a query.

Regression: the secondment timeline was selected and built by a template tag, and the
search page's programs and people were found by template tags.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cooperation.core.selectors import dashboard_choice, public_pairings
from cooperation.dashboard.views import report_context
from cooperation.stats.selectors import years_with_data

TAG_MODULES = sorted(
    path
    for app in ("cooperation", "programs", "talent")
    for path in (Path(settings.BASE_DIR) / app).glob("**/templatetags/*.py")
)
# Modules whose functions read the database; a template tag must not call into them.
QUERYING = (".selectors", ".querysets", "django.db")


def imported_modules(tree: ast.AST) -> list[str]:
    modules = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    return modules


def test_the_template_tag_modules_are_found():
    names = {path.stem for path in TAG_MODULES}

    assert {"figures", "dashboard", "talent_dashboard"} <= names


@pytest.mark.parametrize("path", TAG_MODULES, ids=lambda path: path.stem)
def test_no_template_tag_module_reads_the_database(path):
    tree = ast.parse(path.read_text())

    querying = [module for module in imported_modules(tree) if module.endswith(QUERYING)]
    managers = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "published", "readable_by")
    ]

    assert not querying, f"{path} imports {querying}"
    assert not managers, f"{path} reaches a manager on lines {managers}"


@pytest.mark.django_db
def test_a_pairings_report_renders_without_a_query(reference_record):
    # As the views read it: with its two regions, which the report names.
    pairing = public_pairings().get(pk=reference_record.pk)
    choice = dashboard_choice([pairing], years_with_data(), pairing_id=pairing.pk)
    context = {"choice": choice, **report_context(pairing, choice.year)}

    with CaptureQueriesContext(connection) as captured:
        html = render_to_string("dashboard/_report.html", context)

    assert "杨岸林 → 长河街道社区卫生服务中心" in html
    assert 'class="figure-card"' in html
    assert len(captured) == 0, "\n".join(query["sql"] for query in captured)
