"""The home page in real headless Chromium: offline, drawn, clickable, bilingual, phone-sized."""

from pathlib import Path

import pytest
from django.conf import settings
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import console_errors, leaves_the_machine, requested_urls

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def open_page(browser, url):
    browser.get(url)
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.fonts.ready.then(() => requestAnimationFrame(() => done()));"
    )


def click_and_wait_for_the_next_page(browser, element):
    """Click ``element`` and wait until the page it leads to has replaced this one and loaded.

    The old page is marked with a window property that the next page lacks. A script reads
    it, retried while the browser is between documents, because element handles to the old
    page can fail in chromedriver with errors other than "stale element".
    """
    browser.execute_script("window.pageBeforeClick = true")
    element.click()
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda driver: driver.execute_script(
            "return window.pageBeforeClick === undefined && document.readyState === 'complete'"
        )
    )


def use_viewport(browser, width, height=900, mobile=False):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def screenshot(browser, name, width, mobile=False):
    """Save the whole page at ``width`` under var/screenshots/."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    use_viewport(browser, width, height, mobile)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / name))


def test_home_loads_offline_without_console_errors_and_draws_every_chart(browser, portal):
    use_viewport(browser, 1280)
    open_page(browser, portal + "/")

    assert browser.find_element("tag name", "html").get_attribute("lang") == "zh-Hans"
    assert console_errors(browser) == []
    requests = requested_urls(browser)
    assert any(url.endswith("echarts.common.min.js") for url in requests)
    assert [url for url in requests if leaves_the_machine(url)] == []
    charts = browser.find_elements("css selector", ".chart-canvas")
    assert len(charts) == 5
    for chart in charts:
        shapes = chart.find_elements("css selector", "svg path, svg rect")
        assert shapes, chart.get_attribute("data-chart")
    screenshot(browser, "home-desktop.png", 1280)


def test_home_fits_a_phone_without_sideways_scrolling(browser, portal):
    use_viewport(browser, 360, 740, mobile=True)
    open_page(browser, portal + "/")

    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1] == 360
    assert console_errors(browser) == []
    screenshot(browser, "home-phone.png", 360, mobile=True)


def test_a_click_on_a_figure_leads_to_its_records(browser, portal):
    use_viewport(browser, 1280)
    open_page(browser, portal + "/")
    link = browser.find_element("css selector", ".figure-computed a")
    expected = link.get_attribute("href")

    click_and_wait_for_the_next_page(browser, link)

    assert browser.current_url == expected
    assert browser.find_elements("css selector", "ol.records li.record")
    assert console_errors(browser) == []


def test_the_language_switch_turns_the_page_english(browser, portal):
    use_viewport(browser, 1280)
    open_page(browser, portal + "/")

    click_and_wait_for_the_next_page(
        browser, browser.find_element("css selector", '.language-switch button[value="en"]')
    )

    assert browser.find_element("tag name", "html").get_attribute("lang") == "en"
    assert "Binjiang District → Chaotian District" in browser.page_source
    assert "person-times" in browser.page_source
    click_and_wait_for_the_next_page(
        browser, browser.find_element("css selector", '.language-switch button[value="zh-hans"]')
    )
    assert browser.find_element("tag name", "html").get_attribute("lang") == "zh-Hans"
