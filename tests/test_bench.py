"""The benchmark's table: medians, p95 and the ratios to each baseline."""

from bench.run import Path_, Timings, load_table, percentile, table


def test_percentile_is_the_nearest_rank():
    values = [i / 100 for i in range(1, 101)]

    assert percentile(values, 0.95) == 0.95
    assert percentile(values, 0.5) == 0.5
    assert percentile([0.3], 0.95) == 0.3


def test_the_table_sets_each_path_beside_its_baselines():
    rows = [
        (
            Path_("summary", "/api/v1/stats/summary/", sql="SELECT 1"),
            Timings(
                path=[0.2, 0.1, 0.3], bare=[0.01, 0.01, 0.02], sql=[0.05], status=200, size=2048
            ),
        ),
        (Path_("home", "/"), Timings(path=[0.4], bare=[0.02], status=200, size=10)),
    ]

    lines = table(rows).splitlines()

    assert lines[2] == (
        "| summary `/api/v1/stats/summary/` | 200 | 2,048 | 200.0 | 300.0 | 10.0 | 20.0× "
        "| 50.0 | 4.0× |"
    )
    assert lines[3] == "| home `/` | 200 | 10 | 400.0 | 400.0 | 20.0 | 20.0× |  |  |"
    load = load_table({"/": {"rate": 51.25, "median": 0.2, "p95": 0.9, "errors": 0}})
    assert load.splitlines()[2] == "| `/` | 51.2 | 200.0 | 900.0 | 0 |"
