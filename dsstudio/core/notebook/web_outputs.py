"""Which outputs need a browser, and what the browser is given to show them (Qt-free).

Everything Qt shows natively (images, pandas tables, text, markdown) stays native: the big
notebook and output-flood figures depend on it. A browser is used only for what Qt's rich text
cannot show: Plotly and Vega(-Lite) charts, JavaScript, and HTML with scripts, frames, SVG or
style sheets beyond pandas' own. Altair's HTML, which loads vega-embed from a CDN, is shown from
the Vega-Lite spec inside it with dsstudio's bundled renderer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from dsstudio.core.notebook.outputs import best_mime

PLOTLY = "application/vnd.plotly.v1+json"
JAVASCRIPT = "application/javascript"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Bokeh's show() after output_notebook(): a loader (fetches BokehJS from a CDN), a bare <div>, and
# the script that draws the document into that div (with its exec MIME type beside).
BOKEH_LOAD = "application/vnd.bokehjs_load.v0+json"
BOKEH_EXEC = "application/vnd.bokehjs_exec.v0+json"
_BOKEH_VERSION = re.compile(r'"version"\s*:\s*"([^"]+)"')
# The elements it draws into: Bokeh 3's render_items map root ids to them; Bokeh 2's name one.
_BOKEH_ROOTS = re.compile(r'"roots"\s*:\s*(\{[^{}]*\})')
_BOKEH_ELEMENT = re.compile(r'"elementid"\s*:\s*"([^"]+)"')
# Shown in a browser by dsstudio's own script from text (no script of the notebook runs): needs
# no trust, and is not "interactive" (the console shows these its own way).
SAFE_KINDS = ("latex", "markdown", "bokeh-load")
_VEGA = re.compile(r"application/vnd\.(vega|vegalite)\.v(\d+)\+json$")
# Qt's rich text shows none of these; a browser does. ("<style scoped>" is pandas' table style,
# which Qt ignores harmlessly: a DataFrame stays native.)
_NEEDS_BROWSER = re.compile(r"<(script|iframe|svg|canvas|video|audio|object|embed)\b"
                            r"|<style(?![^>]*\bscoped\b)", re.IGNORECASE)
# Altair's default HTML ends with `})(SPEC, EMBED_OPTIONS);` inside its script.
_ALTAIR_CALL = re.compile(r"\}\)\(\s*(?=\{)")


@dataclass(frozen=True)
class WebContent:
    """What a web view shows for one output: `kind` is "widget", "plotly", "vega-lite", "vega",
    "bokeh", "html" or "javascript" (or "latex", "markdown", "bokeh-load"); `payload` the widget's
    model id, the figure or spec (a dict), Bokeh's script, version and element id, or the source
    text; `label` says what it
    is in words (for the line shown when it may not run)."""

    kind: str
    payload: object
    label: str
    # Which renderer files its page loads, and so which spare page can draw it: its kind, or for
    # a Plotly figure "plotly-cartesian" when the smaller bundle holds all it draws.
    renderer: str = ""

    def __post_init__(self) -> None:
        if not self.renderer:
            object.__setattr__(self, "renderer", self.kind)


# A web output's height in pixels until its page reports its own (the layout guesses cells not
# built with these: a Plotly chart guessed at its one text/plain line made a first screen build
# twenty cells and start twenty pages for the two it shows).
WEB_OUTPUT_HEIGHTS = {"bokeh": 400, "latex": 30, "markdown": 40, "widget": 32, "plotly": 450, "vega-lite": 320,
                      "vega": 320, "javascript": 40, "html": 60}


def chart_height(data: dict) -> int | None:
    """The height a chart output (Plotly, Vega, Bokeh) will take, from its MIME types alone (and
    a Plotly figure's own layout height); None for any other output."""
    if isinstance(data.get(PLOTLY), dict):
        height = (data[PLOTLY].get("layout") or {}).get("height")
        return int(height) if isinstance(height, (int, float)) and 0 < height < 5000 else WEB_OUTPUT_HEIGHTS["plotly"]
    if any(_VEGA.match(mime) for mime in data):
        return WEB_OUTPUT_HEIGHTS["vega"]
    if BOKEH_EXEC in data:
        return WEB_OUTPUT_HEIGHTS["bokeh"]
    return None


def html_needs_browser(html: str) -> bool:
    return _NEEDS_BROWSER.search(html) is not None


def altair_spec(html: str) -> dict | None:
    """The Vega-Lite spec inside Altair's default HTML output, or None if it is not one."""
    if "vega-embed" not in html or "altair-viz" not in html:
        return None
    decoder = json.JSONDecoder()
    for match in reversed(list(_ALTAIR_CALL.finditer(html))):
        try:
            spec, _end = decoder.raw_decode(html, match.end())
        except ValueError:
            continue
        if isinstance(spec, dict) and "$schema" in spec:
            return spec
    return None


# The traces of plotly.js's cartesian bundle (plotly.js-cartesian-dist-min, the version of the
# full one): scatter, bar, histogram, box, violin, heatmap, contour, image and pie, which is all
# plotly express draws but for its maps, 3-D, polar and WebGL figures. It is 1.5 MB against 4.8
# MB, and a cold page runs it in about a third of the time: most of a notebook's first chart.
CARTESIAN_TRACES = frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
                              "image", "pie", "scatter", "scatterternary", "violin"})
# Layout parts only the full bundle draws (the subplots of traces it alone has).
_FULL_ONLY_LAYOUT = ("geo", "map", "mapbox", "polar", "scene", "smith")


def plotly_renderer(figure: dict) -> str:
    """"plotly-cartesian" when the cartesian bundle draws all of `figure` (its traces, its
    animation frames' traces and its layout), else "plotly" (the full bundle)."""
    traces = list(figure.get("data") or [])
    for frame in figure.get("frames") or []:
        traces += (frame.get("data") or []) if isinstance(frame, dict) else [None]
    layout = figure.get("layout") or {}
    if not isinstance(layout, dict) or any(
            key.rstrip("0123456789") in _FULL_ONLY_LAYOUT for key in layout if isinstance(key, str)):
        return "plotly"
    cartesian = all(isinstance(trace, dict) and trace.get("type", "scatter") in CARTESIAN_TRACES for trace in traces)
    return "plotly-cartesian" if cartesian else "plotly"


def web_content(data: dict) -> WebContent | None:
    """What a browser should show for an output's MIME bundle `data`; None: Qt shows it natively."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get(WIDGET_VIEW), dict) and data[WIDGET_VIEW].get("model_id"):
        return WebContent("widget", data[WIDGET_VIEW]["model_id"], "ipywidgets widget")
    if isinstance(data.get(PLOTLY), dict):
        return WebContent("plotly", data[PLOTLY], "Plotly chart", plotly_renderer(data[PLOTLY]))
    for mime, value in data.items():
        match = _VEGA.match(mime)
        if match and isinstance(value, dict):
            kind = "vega-lite" if match.group(1) == "vegalite" else "vega"
            return WebContent(kind, value, "Vega-Lite chart" if kind == "vega-lite" else "Vega chart")
    if BOKEH_LOAD in data:  # (BokehJS is bundled: nothing to load, nothing shown, as in JupyterLab)
        return WebContent("bokeh-load", "", "BokehJS loader")
    if BOKEH_EXEC in data and JAVASCRIPT in data:
        script = _joined(data[JAVASCRIPT])
        version, elements = _BOKEH_VERSION.search(script), _bokeh_elements(script)
        if version is not None and elements:
            return WebContent("bokeh", {"script": script, "version": version.group(1), "elements": elements},
                              "Bokeh chart")
    if JAVASCRIPT in data:
        return WebContent("javascript", _joined(data[JAVASCRIPT]), "JavaScript output")
    if best_mime(data) == "text/html":
        html = _joined(data["text/html"])
        spec = altair_spec(html)
        if spec is not None:
            return WebContent("vega-lite", spec, "Altair chart")
        if html_needs_browser(html):
            return WebContent("html", html, "HTML output with scripts")
    if best_mime(data) == "text/latex":
        return WebContent("latex", _joined(data["text/latex"]), "LaTeX")
    return None


def bokeh_version_note(content: WebContent, bundled: str | None) -> str | None:
    """The line shown instead of a Bokeh chart made by another Bokeh than the bundled BokehJS
    (a document only draws with its own version); None when they match."""
    version = content.payload["version"]
    if version == bundled:
        return None
    return (f"[a Bokeh chart made with Bokeh {version}: dsstudio draws Bokeh {bundled} charts; "
            f"run the cell again with bokeh=={bundled} to see it here]")


def output_web_content(output) -> WebContent | None:
    """web_content of an nbformat output (None for streams, errors and odd outputs)."""
    if not isinstance(output, dict) or output.get("output_type") not in ("execute_result", "display_data"):
        return None
    return web_content(output.get("data", {}))


def interactive_line(data: dict, where: str) -> str | None:
    """The one line that stands for an interactive output where it is not live (`where`: "the
    console", say), instead of a repr that looks like the output (`IntSlider(value=3)`, a
    progress bar stuck at 0%); None when the output is not interactive."""
    if isinstance(data, dict) and WIDGET_VIEW in data:
        return f"[an ipywidgets widget: not shown in {where}; its kernel side runs as usual]"
    content = web_content(data)
    if content is not None and content.kind not in SAFE_KINDS:
        return f"[an interactive output ({content.label}): shown in a notebook, not in {where}]"
    return None


def first_plotly_figure(cell):
    """The first Plotly figure among an nbformat cell's outputs, or None."""
    if cell.get("cell_type") != "code":
        return None
    return next((output["data"][PLOTLY] for output in cell.get("outputs", []) or []
                 if isinstance(output, dict) and isinstance(output.get("data"), dict)
                 and PLOTLY in output["data"]), None)


def web_output_count(cells) -> int:
    """How many outputs of `cells` (nbformat cells) a browser would show."""
    return sum(1 for cell in cells if cell.get("cell_type") == "code"
               for output in cell.get("outputs", []) or [] if needs_trust(output))


def needs_trust(output) -> bool:
    """Whether an output runs the notebook's own HTML or JavaScript when shown."""
    content = output_web_content(output)
    return content is not None and content.kind not in SAFE_KINDS


def _bokeh_elements(script: str) -> list[str]:
    roots = _BOKEH_ROOTS.search(script)
    if roots is not None:
        try:
            return [str(element) for element in json.loads(roots.group(1)).values()]
        except ValueError:
            return []
    return _BOKEH_ELEMENT.findall(script)


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
