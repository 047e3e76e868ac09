"""Chart layout in real headless Chromium: tables, pie labels and bands readable on a phone."""

import re

import pytest
from django.conf import settings

from programs.models import Event
from tests.browser.conftest import console_errors
from tests.browser.test_home import open_page, use_viewport

pytestmark = pytest.mark.browser

OPEN_THE_TABLES = "document.querySelectorAll('details.chart-data').forEach(d => d.open = true);"

# Each run of Latin letters, digits and the signs inside a figure ("1,154", "10+") that the
# browser drew over more than one line: a word or figure broken where no break belongs.
WORDS_BROKEN_OVER_LINES = """
const broken = [];
for (const cell of document.querySelectorAll(".table-scroll th, .table-scroll td")) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[A-Za-z0-9][A-Za-z0-9,.+%]*/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = Array.from(range.getClientRects());
      if (rects.some(rect => rect.top >= rects[0].bottom - 1)) {
        broken.push(match[0] + " in " + JSON.stringify(cell.textContent.trim()));
      }
    }
  }
}
return broken;
"""

# Every text a pie chart draws, whether it lies outside the ring, and the slices' names.
PIE_TEXTS = """
return Array.from(document.querySelectorAll(".chart-canvas.chart-pie"), element => {
  const chart = echarts.getInstanceByDom(element);
  const ring = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
  const box = element.getBoundingClientRect();
  const texts = Array.from(element.querySelectorAll("svg text"), text => {
    const rect = text.getBoundingClientRect();
    const x = rect.left + rect.width / 2 - box.left;
    const y = rect.top + rect.height / 2 - box.top;
    return {text: text.textContent, outside: Math.hypot(x - ring.cx, y - ring.cy) > ring.r};
  });
  const spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
  return {chart: element.dataset.chart, names: spec.categories, texts: texts};
});
"""

# The boxes of the bars' value labels and of the line's markers in "Events by month".
BAR_LABELS_AND_LINE_MARKERS = """
const element = document.querySelector(".chart-canvas.chart-bar-line");
const chart = echarts.getInstanceByDom(element);
const box = element.getBoundingClientRect();
const texts = Array.from(element.querySelectorAll("svg text"), text => {
  const rect = text.getBoundingClientRect();
  return {
    text: text.textContent,
    left: rect.left - box.left, right: rect.right - box.left,
    top: rect.top - box.top, bottom: rect.bottom - box.top,
  };
});
const labels = [];
const markers = [];
chart.getOption().series.forEach((series, seriesIndex) => {
  series.data.forEach((point, index) => {
    if (point.value == null) {
      return;
    }
    const [x, y] = chart.convertToPixel({seriesIndex: seriesIndex}, [index, point.value]);
    if (series.type === "line") {
      markers.push({left: x - 4, right: x + 4, top: y - 4, bottom: y + 4});
    } else {
      // The label drawn just above this bar's top.
      const label = texts.find(text =>
        text.text === point.label && text.left < x && x < text.right &&
        text.bottom <= y + 1 && text.bottom > y - 30);
      labels.push(label || {missing: point.label});
    }
  });
});
return {labels: labels, markers: markers};
"""


def squeeze(text: str) -> str:
    """Drop white space, where a wrapped label may have been split over lines."""
    return re.sub(r"\s", "", text)


@pytest.fixture(params=["zh-hans", "en"])
def language(request, browser, portal):
    """Read the portal in each language, then leave the session's browser as it was."""
    browser.get(portal + "/")
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": request.param})
    yield request.param
    browser.delete_cookie(settings.LANGUAGE_COOKIE_NAME)


@pytest.fixture
def print_media(browser):
    """Lay the page out as a printer would, and for the screen again afterwards."""
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    yield
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_chart_tables_on_a_phone_break_no_word_or_figure(browser, portal, language):
    """Regression: overflow-wrap: anywhere broke cells as "Re/por/ted", "Octo/ber", "10/+"."""
    use_viewport(browser, 360, 740, mobile=True)
    open_page(browser, portal + "/")
    browser.execute_script(OPEN_THE_TABLES)

    assert browser.execute_script(WORDS_BROKEN_OVER_LINES) == []
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1] == 360
    assert console_errors(browser) == []


def test_printed_chart_tables_break_no_word_or_figure(browser, portal, language, print_media):
    """Regression: the printed report read "Re/por/ted" and "Octo/ber 2021" in its tables."""
    # An A4 page's width between 12 mm margins, at 96 pixels an inch.
    use_viewport(browser, 700, 1000)
    open_page(browser, portal + "/")
    browser.execute_script(OPEN_THE_TABLES)

    assert browser.execute_script(WORDS_BROKEN_OVER_LINES) == []
    # A table that scrolls on screen would be cut off on paper.
    scrolling = browser.execute_script(
        "return Array.from(document.querySelectorAll('.table-scroll'))"
        ".filter(scroll => scroll.scrollWidth > scroll.clientWidth).length"
    )
    assert scrolling == 0


def test_pie_charts_on_a_phone_name_every_slice_in_full(browser, portal, language):
    """Regression: at 360 px pie labels read "E", "S", "Teachi...", the legend was paged
    "1/2", and the Chinese page showed values outside the ring with no slice name."""
    use_viewport(browser, 360, 740, mobile=True)
    open_page(browser, portal + "/")

    pies = browser.execute_script(PIE_TEXTS)
    assert len(pies) == 2
    for pie in pies:
        texts = [text["text"] for text in pie["texts"]]
        names = [squeeze(name) for name in pie["names"]]
        cut_short = [text for text in texts if text.rstrip().endswith(("...", "…"))]
        legend_pages = [text for text in texts if re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", text)]
        # A value beside the ring with no name, or a name cut to "E", reads as nothing.
        nameless_outside = [
            text["text"]
            for text in pie["texts"]
            if text["outside"] and not any(name in squeeze(text["text"]) for name in names)
        ]
        assert (cut_short, legend_pages, nameless_outside) == ([], [], []), pie
        assert all(name in squeeze("".join(texts)) for name in names), pie
    assert console_errors(browser) == []


@pytest.mark.parametrize("width", [360, 1280])
def test_events_by_month_keeps_bar_labels_clear_of_line_markers(browser, portal, width):
    """Regression: the participants line ran through the bars' value labels."""
    # Participants that put October's point just above October's bar, onto its label.
    Event.objects.update(participants=None)
    Event.objects.filter(start_date__month=10).update(participants=56)
    november = Event.objects.filter(start_date__month=11).order_by("pk")
    november.filter(pk=november.first().pk).update(participants=100)
    use_viewport(browser, width, 900, mobile=width < 500)
    open_page(browser, portal + "/")

    drawn = browser.execute_script(BAR_LABELS_AND_LINE_MARKERS)
    assert drawn["markers"]
    assert [label for label in drawn["labels"] if "missing" in label] == []
    overlaps = [
        (label, marker)
        for label in drawn["labels"]
        for marker in drawn["markers"]
        if label["left"] < marker["right"]
        and marker["left"] < label["right"]
        and label["top"] < marker["bottom"]
        and marker["top"] < label["bottom"]
    ]
    assert overlaps == []
    assert console_errors(browser) == []
