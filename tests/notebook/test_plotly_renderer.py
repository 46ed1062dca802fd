"""Which plotly.js bundle a Plotly figure's page loads (issue 20, speed): the 1.5 MB cartesian
one when it draws everything in the figure, else the full 4.8 MB one (core, no Qt)."""

from __future__ import annotations

import json

import plotly.express as px
import plotly.io as pio

from dsstudio.core.notebook.web_outputs import PLOTLY, plotly_renderer, web_content


def figure_of(fig) -> dict:
    """A figure as a notebook stores it (plotly.py's JSON, its default template included)."""
    return json.loads(pio.to_json(fig))


def test_what_plotly_express_draws_takes_the_cartesian_bundle():
    frame = px.data.iris()
    for fig in (px.scatter(frame, x="sepal_width", y="sepal_length", color="species"),
                px.histogram(frame, x="sepal_width"), px.box(frame, y="petal_width"),
                px.violin(frame, y="petal_width"), px.bar(x=["a", "b"], y=[1, 2]), px.line(x=[1, 2], y=[2, 1]),
                px.imshow([[1, 2], [3, 4]]), px.pie(values=[1, 2], names=["a", "b"]),
                px.density_contour(frame, x="sepal_width", y="sepal_length")):
        figure = figure_of(fig)
        # (its template names 3-D, polar and geo defaults: those draw nothing by themselves)
        assert "scene" in figure["layout"]["template"]["layout"]
        assert plotly_renderer(figure) == "plotly-cartesian", fig.data[0].type
    assert web_content({PLOTLY: figure_of(px.scatter(x=[1], y=[2]))}).renderer == "plotly-cartesian"


def test_maps_3d_polar_and_webgl_take_the_full_bundle():
    frame = px.data.iris()
    for fig in (px.scatter_3d(frame, x="sepal_width", y="sepal_length", z="petal_width"),
                px.scatter_polar(r=[1, 2], theta=[0, 90]), px.scatter_geo(lat=[1], lon=[2]),
                px.scatter(x=list(range(2000)), y=list(range(2000)), render_mode="webgl"),
                px.parallel_coordinates(frame, dimensions=["sepal_width", "sepal_length"]),
                px.treemap(names=["a", "b"], parents=["", "a"])):
        assert plotly_renderer(figure_of(fig)) == "plotly", fig.data[0].type


def test_any_trace_or_layout_part_beyond_the_cartesian_bundle_takes_the_full_one():
    scatter = {"type": "scatter", "x": [1], "y": [1]}
    assert plotly_renderer({"data": [{"x": [1], "y": [2]}]}) == "plotly-cartesian"  # (no type: scatter)
    assert plotly_renderer({"data": []}) == "plotly-cartesian"
    assert plotly_renderer({"data": [scatter, {"type": "surface", "z": [[1]]}]}) == "plotly"
    assert plotly_renderer({"data": [scatter], "layout": {"polar2": {}}}) == "plotly"
    assert plotly_renderer({"data": [scatter], "layout": {"geo": {}}}) == "plotly"
    assert plotly_renderer({"data": [scatter], "layout": {"xaxis2": {}, "yaxis3": {}}}) == "plotly-cartesian"
    # An animation whose frames bring a map in.
    assert plotly_renderer({"data": [scatter], "frames": [{"data": [{"type": "scattergeo"}]}]}) == "plotly"
    assert plotly_renderer({"data": [scatter], "frames": [{"data": [scatter]}]}) == "plotly-cartesian"
    # Odd figures are not guessed at: the full bundle draws (or reports) whatever they hold.
    assert plotly_renderer({"data": ["scatter"]}) == "plotly"
    assert plotly_renderer({"data": [scatter], "frames": ["x"]}) == "plotly"
    assert plotly_renderer({"data": [scatter], "layout": "x"}) == "plotly"


def test_other_outputs_load_their_own_kinds_renderer():
    assert web_content({"application/vnd.vegalite.v6+json": {"mark": "point"}}).renderer == "vega-lite"
    assert web_content({"application/javascript": "1"}).renderer == "javascript"
