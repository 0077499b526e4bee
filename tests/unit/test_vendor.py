"""The committed Plotly bundle matches the plotly.js the Python package writes figures for."""

from pathlib import Path

import plotly

from app.vendor import PLOTLY_DIR, PLOTLY_FILE, plotly_version


def test_the_basic_bundle_is_the_version_the_figures_are_written_for():
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert plotly_version(PLOTLY_DIR / PLOTLY_FILE) == plotly_version(full) != ""


def test_the_bundle_ships_with_its_licence():
    assert "MIT License" in (PLOTLY_DIR / "LICENSE").read_text()
