"""Cleaning and feature helpers for the demo: pure Python, no third-party packages."""

from statistics import mean, pstdev


def load_rows():
    """A tiny made-up data set: (hours studied, hours slept, exam score)."""
    return [
        (2.0, 7.5, 61.0), (3.5, 6.0, 64.0), (5.0, 8.0, 75.0), (1.0, 5.5, 48.0),
        (4.0, 7.0, 70.0), (6.5, 6.5, 80.0), (7.0, 8.5, 88.0), (2.5, 9.0, 63.0),
        (8.0, 7.0, 90.0), (0.5, 6.0, 41.0), (5.5, 5.0, 71.0), (3.0, 8.0, 66.0),
    ]


def standardise(values):
    """Centre on the mean and scale by the standard deviation."""
    centre, spread = mean(values), pstdev(values) or 1.0
    return [(v - centre) / spread for v in values]


def split_features(rows):
    """Feature columns and target column of the rows."""
    studied = standardise([r[0] for r in rows])
    slept = standardise([r[1] for r in rows])
    target = [r[2] for r in rows]
    return list(zip(studied, slept)), target
