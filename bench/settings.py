"""The portal's settings, plus the bare view the benchmark compares every page with.

Only ``bench/run.py`` serves with these settings; the portal itself never routes the view.
"""

from cooperation.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
