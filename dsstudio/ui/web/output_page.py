"""The HTML page that shows one output in a web view (plain text building: no Qt here).

Each page loads only dsstudio's own renderer files (`dsstudio-web://assets/...`) and reports to
the view through console messages with a `dsstudio:` prefix: its height, and that it is drawn.
"""

from __future__ import annotations

import json
from html import escape

from dsstudio.core.notebook.web_outputs import WebContent

ASSET_URL = "dsstudio-web://assets/"
HEIGHT_MESSAGE = "dsstudio:height:"
DRAWN_MESSAGE = "dsstudio:drawn"
COMM_MESSAGE = "dsstudio:comm:"  # a widget's comm message to the kernel (widgets.js sends them)
ERROR_MESSAGE = "dsstudio:error:"
_SCRIPTS = {"latex": ("katex.min.js", "katex-auto-render.min.js"), "markdown": ("katex.min.js",), "widget": ("widgets.js",),
            "bokeh": ("bokeh.min.js", "bokeh-gl.min.js", "bokeh-widgets.min.js", "bokeh-tables.min.js"), "plotly": ("plotly.min.js",),
            "plotly-cartesian": ("plotly-cartesian.min.js",),
            "vega-lite": ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"),
            "vega": ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")}
# Reports the page's height whenever it changes (a chart drawn, a table expanded), and errors.
_REPORTER = f"""
function dsstudioReport() {{
  console.log("{HEIGHT_MESSAGE}" + Math.ceil(document.documentElement.getBoundingClientRect().height));
}}
new ResizeObserver(dsstudioReport).observe(document.documentElement);
window.addEventListener("error", (event) => console.log("{ERROR_MESSAGE}" + event.message));
"""


def script_json(value) -> str:
    """`value` as JSON that can sit inside a <script> element."""
    return json.dumps(value).replace("</", "<\\/").replace("<!--", "<\\!--")


def output_page(content: WebContent, dark: bool, text_colour: str, background: str,
                models: tuple[dict, bool] | None = None) -> str:
    """The whole page for `content`, in the theme's colours (a widget: with `models`, the
    widget models it needs and whether they are live)."""
    scripts = "".join(f'<script src="{ASSET_URL}{name}"></script>' for name in _SCRIPTS.get(content.renderer, ()))
    if content.kind in ("latex", "markdown"):
        scripts += f'<link rel="stylesheet" href="{ASSET_URL}katex.min.css">'
    if content.kind == "widget":
        scripts += f'<link rel="stylesheet" href="{ASSET_URL}widgets.css">'
        scripts += _widget_colours(text_colour, background)
    body = _widget_body(content.payload, *models) if content.kind == "widget" else _body(content, dark)
    return (f"<!doctype html><html><head><meta charset='utf-8'>"
            f"<style>html,body{{margin:0;padding:0;background:{background};color:{text_colour};"
            f"font-family:sans-serif;font-size:13px;overflow:hidden}}</style>"
            f"<script>{_REPORTER}</script>{scripts}</head><body>{body}</body></html>")


def spare_page(renderer: str, dark: bool, text_colour: str, background: str) -> str:
    """A page with `renderer` ("plotly" or "plotly-cartesian") loaded and nothing drawn yet
    (ui/web/spare_pages.py): `drawing_script` later draws an output into it."""
    return output_page(WebContent("plotly", None, "", renderer), dark, text_colour, background)


def drawing_script(content: WebContent, dark: bool) -> str:
    """The script that draws `content` into its kind's spare page (a Plotly chart)."""
    figure = dict(content.payload)
    layout = dict(figure.get("layout") or {})
    if dark:
        layout["template"] = _plotly_dark(layout.get("template"))
    # A page is reused (spare_pages.py): only the latest drawing says it is drawn, not one of
    # the chart it showed before, still finishing.
    return (f"(function () {{ const figure = {script_json(figure.get('data') or [])};"
            f"const layout = {script_json(layout)};"
            f"const drawing = window.dsstudioDrawing = (window.dsstudioDrawing || 0) + 1;"
            f"Plotly.newPlot('output', figure, layout, {{responsive: true, displaylogo: false}})"
            f'.then(() => {{ if (window.dsstudioDrawing === drawing) {{ console.log("{DRAWN_MESSAGE}"); '
            f"dsstudioReport(); }} }}); }})();")


def _widget_colours(text_colour: str, background: str) -> str:
    """The widgets' CSS variables in the theme's colours (their defaults are JupyterLab's light
    theme: dark text, unreadable on the dark theme)."""
    names = ("--jp-widgets-color", "--jp-widgets-label-color", "--jp-widgets-readout-color",
             "--jp-widgets-input-color", "--jp-ui-font-color1", "--jp-content-font-color1")
    colours = "".join(f"{name}:{text_colour};" for name in names)
    return (f"<style>:root{{{colours}--jp-widgets-input-background-color:{background};"
            f"--jp-layout-color1:{background};}} .widget-output, .widget-output pre {{color:{text_colour}}}</style>")


def _widget_body(model_id: str, models: dict, live: bool) -> str:
    return (f"<div id='output' style='padding:2px 0'></div><style>.dsstudio-kernel-gone{{font-style:italic;"
            f"opacity:0.7;padding:2px 4px}}</style><script>"
            f"dsstudioWidgets.start(document.getElementById('output'), {script_json(model_id)}, "
            f"{script_json(models)}, {script_json(live)})"
            f".then(() => {{ console.log('{DRAWN_MESSAGE}'); dsstudioReport(); }})"
            f".catch((error) => console.log('{ERROR_MESSAGE}' + error));</script>")


def _body(content: WebContent, dark: bool) -> str:
    drawn = f'console.log("{DRAWN_MESSAGE}")'
    if content.kind == "plotly":
        if content.payload is None:  # a spare page: drawn into later
            return "<div id='output'></div>"
        return f"<div id='output'></div><script>{drawing_script(content, dark)}</script>"
    if content.kind in ("vega-lite", "vega"):
        options = {"actions": False, "mode": content.kind, "renderer": "svg"}
        if dark:
            options["theme"] = "dark"
        return (f"<div id='output'></div><script>"
                f"vegaEmbed('#output', {script_json(content.payload)}, {script_json(options)})"
                f".then(() => {{ {drawn}; dsstudioReport(); }})"
                f".catch((error) => console.log('{ERROR_MESSAGE}' + error));</script>")
    if content.kind == "latex":
        # As JupyterLab typesets text/latex: $...$, $$...$$, \(...\) and \[...\] (sympy's
        # "$\displaystyle ...$"); the rest stays text. Errors show in red, never a blank.
        delimiters = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False},
                      {"left": "\\[", "right": "\\]", "display": True}, {"left": "\\(", "right": "\\)", "display": False}]
        return (f"<div id='output' style='white-space:pre-wrap;padding:2px 0'></div><script>"
                f"const element = document.getElementById('output');"
                f"element.textContent = {script_json(content.payload)};"
                f"renderMathInElement(element, {{delimiters: {script_json(delimiters)}, throwOnError: false}});"
                f"{drawn}; dsstudioReport();</script>")
    if content.kind == "markdown":
        # A markdown cell rendered by Qt, its math in .dsstudio-math elements (markdown_math.py).
        return (f"<div id='output' style='padding:0 2px'>{content.payload}</div><script>"
                f"for (const element of document.querySelectorAll('.dsstudio-math')) {{"
                f"katex.render(element.textContent, element, {{displayMode: element.dataset.display === '1', "
                f"throwOnError: false}}); }}"
                f"{drawn}; dsstudioReport();</script>")
    if content.kind == "bokeh":
        # Bokeh's own embedding script, into the element it names; drawn once BokehJS has a
        # view of the document and it is idle (its first frame painted).
        elements = "".join(f"<div id='{escape(str(element), quote=True)}' style='display: contents;'></div>"
                           for element in content.payload["elements"])
        return (f"<div id='output'>{elements}</div>"
                f"<script>{content.payload['script']}\n;const dsstudioBokeh = setInterval(() => {{"
                f"const views = [...(Bokeh.index && Bokeh.index.roots || Object.values(Bokeh.index || {{}}))];"
                f"if (views.length && views.every((view) => view.is_idle)) {{ clearInterval(dsstudioBokeh); "
                f"{drawn}; dsstudioReport(); }} }}, 50);</script>")
    if content.kind == "javascript":
        # As JupyterLab runs it: with `element`, the output's own node.
        return (f"<div id='output'></div><script>(function (element) {{\n{content.payload}\n}})"
                f"(document.getElementById('output'));{drawn};</script>")
    return f"{content.payload}<script>window.addEventListener('load', () => {drawn});</script>"


def _plotly_dark(template) -> dict:
    """The figure's template with dark backgrounds and light text (its colours kept)."""
    template = dict(template) if isinstance(template, dict) else {}
    layout = dict(template.get("layout") or {})
    layout.update({"paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#2a2d33",
                   "font": {**(layout.get("font") or {}), "color": "#d4d4d4"}})
    template["layout"] = layout
    return template
