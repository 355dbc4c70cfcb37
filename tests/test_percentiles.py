"""The benches' one percentile: a measured value (no interpolation), p50 the median."""

import math

from servicecenter.percentiles import p50_p95, percentile


def test_percentiles_of_twenty_one_and_of_no_values():
    values = [float(v) for v in range(20, -1, -1)]  # 0 … 20, unsorted
    assert (percentile(values, 95), percentile(values, 0), percentile(values, 100)) == (19.0, 0.0, 20.0)
    assert p50_p95(values) == (10.0, 19.0)
    assert p50_p95([3.0, 1.0, 2.0, 4.0]) == (2.5, 3.0)
    assert all(math.isnan(v) for v in p50_p95([]))
