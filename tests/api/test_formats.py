"""CSV for every list and statistics endpoint, opening in Excel with Chinese intact."""

import csv
import io
import re

import pytest
from django.urls import reverse

from cooperation.api.renderers import BOM
from cooperation.core.models import RecordStatus
from tests import factories
from tests.api.cases import CASES

STATS = ["stats-summary", "stats-outcomes", "stats-events", "stats-bases", "stats-agreements"]
STATS += ["stats-engagements", "stats-secondments", "stats-mentor_pairings"]


def table_of(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def rows_of(response) -> list[dict[str, str]]:
    header, *rows = table_of(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize(
    "name", [f"{case.basename}-list" for case in CASES] + STATS, ids=lambda name: name
)
def test_every_list_and_statistics_endpoint_speaks_csv(name, reference_record, anonymous):
    response = anonymous.get(reverse(f"api:{name}"), {"format": "csv"})

    assert response.status_code == 200
    header, *_rows = table_of(response)
    assert header


def test_csv_keeps_chinese_intact_and_flattens_names(reference_record, anonymous):
    rows = rows_of(anonymous.get(reverse("api:events-list"), {"format": "csv", "kind": "lecture"}))

    [lecture] = rows
    assert lecture["title"] == "乡村振兴战略背景下的美丽乡村建设"
    assert lecture["pairing.name"] == "滨江区 → 朝天区"
    assert lecture["speakers"].startswith("娄火明")


def test_csv_is_also_chosen_by_the_accept_header(reference_record, anonymous):
    response = anonymous.get(reverse("api:regions-list"), HTTP_ACCEPT="text/csv")

    assert "朝天区" in {row["name"] for row in rows_of(response)}


def test_summary_csv_has_one_figure_a_row_with_its_qualifier(reference_record, anonymous):
    response = anonymous.get(
        reverse("api:stats-summary"),
        {"pairing_id": reference_record.pk, "year": 2021, "format": "csv"},
    )
    figures = {row["indicator"]: row for row in rows_of(response) if row["indicator"]}

    assert figures["cadres-trained"]["value"] == "600"
    assert figures["cadres-trained"]["qualifier"] == "more_than"
    assert figures["cadres-trained"]["label"] == "培训干部"
    assert figures["new-teachers-paired"]["difference"] == "18"


def test_an_error_asked_for_as_csv_comes_as_json(anonymous, db):
    response = anonymous.get(reverse("api:events-list"), {"format": "csv", "year": "soon"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["year"]


def test_a_cell_is_never_run_as_a_spreadsheet_formula(pairing, anonymous):
    factories.EventFactory(
        pairing=pairing, status=RecordStatus.PUBLISHED, title='=HYPERLINK("http://x")'
    )

    [row] = rows_of(anonymous.get(reverse("api:events-list"), {"format": "csv"}))

    assert row["title"] == '\'=HYPERLINK("http://x")'


def test_an_unknown_address_under_the_api_is_a_json_404(anonymous, db):
    response = anonymous.get("/api/v1/no-such-endpoint/", {"format": "csv"})

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def links_of(response) -> dict[str, str]:
    """Read an RFC 8288 ``Link`` header into {relation: url}."""
    return {
        rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", ""))
    }


def test_a_csv_page_says_how_many_records_and_where_the_other_pages_are(pairing, anonymous):
    """Bug: a list's CSV held its first page only, with no sign that more pages existed."""
    events = factories.EventFactory.create_batch(5, pairing=pairing, status=RecordStatus.PUBLISHED)
    response = anonymous.get(reverse("api:events-list"), {"format": "csv", "page_size": 2})
    pages = [response]
    while "next" in links_of(response):
        response = anonymous.get(links_of(response)["next"])
        pages.append(response)

    assert [len(rows_of(page)) for page in pages] == [2, 2, 1]
    assert {page["X-Total-Count"] for page in pages} == {str(len(events))}
    assert [set(links_of(page)) for page in pages] == [{"next"}, {"next", "prev"}, {"prev"}]
    assert anonymous.get(links_of(pages[1])["prev"]).content == pages[0].content
    listed = {int(row["id"]) for page in pages for row in rows_of(page)}
    assert listed == {event.pk for event in events}


def test_a_list_on_one_page_links_nowhere(pairing, anonymous):
    factories.EventFactory(pairing=pairing, status=RecordStatus.PUBLISHED)

    response = anonymous.get(reverse("api:events-list"), {"format": "csv"})

    assert response["X-Total-Count"] == "1"
    assert "Link" not in response
