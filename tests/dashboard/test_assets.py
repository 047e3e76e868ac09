"""The home page stays light, and its chart library is served by the portal itself."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from cooperation.staticfinders import NodeModulesFinder

# HTML + CSS + JS of the home page, uncompressed.
PAGE_WEIGHT_BUDGET = 1_500_000
ECHARTS = "echarts/echarts.common.min.js"


def static_file(url: str) -> str:
    path = finders.find(url.removeprefix("/" + settings.STATIC_URL.lstrip("/")))
    assert path, f"{url} is not found; run `npm ci` to install the chart library"
    return path


def test_home_page_weight_stays_within_budget(client, reference_record):
    content = client.get(reverse("dashboard:home")).content
    text = content.decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    assets += re.findall(r'<script src="([^"]+)"', text)

    sizes = {url: Path(static_file(url)).stat().st_size for url in assets}

    assert any(url.endswith(ECHARTS) for url in sizes)
    assert len(content) + sum(sizes.values()) < PAGE_WEIGHT_BUDGET, sizes


def test_no_page_asset_comes_from_another_host(client, reference_record):
    text = client.get(reverse("dashboard:home")).content.decode()

    assert not re.search(r'(src|href)="(https?:)?//', text)


def test_collectstatic_finds_only_the_minified_chart_library():
    listed = [path for path, _storage in NodeModulesFinder().list(ignore_patterns=[])]

    assert listed == ["echarts.common.min.js"]
    assert finders.find(ECHARTS)
    assert not finders.find("echarts/echarts.js")
