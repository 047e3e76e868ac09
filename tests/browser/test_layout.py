"""Chart layout in real headless Chromium: tables readable on a phone and on paper."""

import pytest
from django.conf import settings

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
