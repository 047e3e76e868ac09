"""Chart tooltips in real headless Chromium: names from the record stay text."""

import pytest

from talent.models import Secondment
from tests.browser.conftest import console_errors
from tests.browser.test_home import open_page, use_viewport

pytestmark = pytest.mark.browser

HOSTILE_NAME = '<img src=x onerror="window.__xss=1">'

SHOW_EVERY_TOOLTIP = """
const done = arguments[arguments.length - 1];
let shown = 0;
for (const element of document.querySelectorAll(".chart-canvas[data-chart]")) {
  const chart = echarts.getInstanceByDom(element);
  chart.getOption().series.forEach((series, seriesIndex) => {
    series.data.forEach((_point, dataIndex) => {
      chart.dispatchAction({type: "showTip", seriesIndex: seriesIndex, dataIndex: dataIndex});
      shown += 1;
    });
  });
}
setTimeout(() => done(shown), 300);
"""


def test_a_hostile_organization_name_runs_no_script_in_a_tooltip(browser, portal):
    """Stored XSS: the tooltip formatters joined names into raw HTML, unescaped."""
    host = Secondment.objects.published().order_by("pk").first().host_organization
    host.name = HOSTILE_NAME
    host.save(update_fields=["name"])
    use_viewport(browser, 1280)
    open_page(browser, portal + "/")

    assert browser.execute_async_script(SHOW_EVERY_TOOLTIP) > 0
    tooltips = browser.execute_script(
        "return Array.from(document.querySelectorAll('.chart-canvas div'))"
        ".map(node => node.textContent).join(' ')"
    )
    assert HOSTILE_NAME in tooltips
    assert browser.execute_script("return typeof window.__xss") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('img[src=x]').length") == 0
    assert console_errors(browser) == []
