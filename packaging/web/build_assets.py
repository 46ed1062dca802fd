"""Build the JavaScript renderers dsstudio ships for outputs that need a browser.

Installs the exact versions of package-lock.json from the npm registry (`npm ci`) and copies the
ready-made browser builds, with each package's licence, into dsstudio/ui/web/assets/. The built
files are committed: a fresh clone runs (`make run`) and tests without node, and nothing is
fetched from a CDN when a chart is shown. Run it again after changing package.json:

    python packaging/web/build_assets.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ASSETS = HERE.parents[1] / "dsstudio" / "ui" / "web" / "assets"
# package -> (its file the page loads, the name it has in assets/)
BUILDS = {
    "plotly.js-dist-min": ("plotly.min.js", "plotly.min.js"),
    # Plotly's cartesian traces only (scatter, bar, histogram, box, heatmap, ...: what plotly
    # express draws): 1.5 MB that a cold page runs in about a third of the full bundle's time,
    # so the first chart of a notebook is drawn sooner (web_outputs.plotly_renderer).
    "plotly.js-cartesian-dist-min": ("plotly-cartesian.min.js", "plotly-cartesian.min.js"),
    "vega": ("build/vega.min.js", "vega.min.js"),
    "vega-lite": ("build/vega-lite.min.js", "vega-lite.min.js"),
    "vega-embed": ("build/vega-embed.min.js", "vega-embed.min.js"),
    "katex": ("dist/katex.min.js", "katex.min.js"),
    "@bokeh/bokehjs": ("build/js/bokeh.min.js", "bokeh.min.js"),
}
# BokehJS's other bundles that Bokeh's notebook output loads (its WebGL, widgets and tables);
# bokeh-mathjax (1.8 MB, only for math in axis labels) is left out.
BOKEH_EXTRAS = {f"build/js/{name}": name for name in ("bokeh-gl.min.js", "bokeh-widgets.min.js", "bokeh-tables.min.js")}
# KaTeX's style sheet, its auto-render extension, and its woff2 fonts (the CSS finds them in fonts/).
KATEX_EXTRAS = {"dist/katex.min.css": "katex.min.css", "dist/contrib/auto-render.min.js": "katex-auto-render.min.js"}
# Bundled by esbuild from widgets.js (the widget manager, with base, controls and output widgets).
BUNDLED = ("@jupyter-widgets/html-manager", "@jupyter-widgets/base", "@jupyter-widgets/controls",
           "@jupyter-widgets/output", "@lumino/widgets", "@fortawesome/fontawesome-free")
# Only woff2 fonts are kept (QtWebEngine reads them); the other formats would add 3.5 MB.
ESBUILD = ["node_modules/.bin/esbuild", "widgets.js", "--bundle", "--minify", "--format=iife",
           "--legal-comments=external", "--loader:.woff2=dataurl", "--loader:.woff=empty",
           "--loader:.ttf=empty", "--loader:.eot=empty", "--loader:.svg=empty", "--log-level=warning",
           # (html-manager sets webpack's public path for modules it would fetch: none here.)
           "--banner:js=var __webpack_public_path__ = '';"]


def build() -> None:
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    if ASSETS.exists():
        shutil.rmtree(ASSETS)
    (ASSETS / "licenses").mkdir(parents=True)
    versions = {}
    for package, (source, name) in BUILDS.items():
        versions[package] = _licensed(package, name)
        shutil.copyfile(HERE / "node_modules" / package / source, ASSETS / name)
    katex = HERE / "node_modules" / "katex"
    for source, name in KATEX_EXTRAS.items():
        shutil.copyfile(katex / source, ASSETS / name)
    for source, name in BOKEH_EXTRAS.items():
        shutil.copyfile(HERE / "node_modules" / "@bokeh" / "bokehjs" / source, ASSETS / name)
    (ASSETS / "fonts").mkdir()
    for font in sorted((katex / "dist" / "fonts").glob("*.woff2")):
        shutil.copyfile(font, ASSETS / "fonts" / font.name)
    subprocess.run([*ESBUILD, f"--outfile={ASSETS / 'widgets.js'}"], cwd=HERE, check=True)
    for legal in ASSETS.glob("*.LEGAL.txt"):  # the licence comments esbuild took out of the bundle
        legal.rename(ASSETS / "licenses" / legal.name)
    for package in BUNDLED:
        versions[package] = _licensed(package, "widgets.js")
    (ASSETS / "versions.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")


def _licensed(package: str, shipped_as: str) -> dict:
    """Copy `package`'s licence files into assets/licenses; its version and licence name."""
    folder = HERE / "node_modules" / package
    meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    licences = sorted(folder.glob("LICEN[CS]E*"))
    for licence in licences:
        shutil.copyfile(licence, ASSETS / "licenses" / f"{package.replace('/', '+')}-{licence.name}")
    if not licences:
        if not meta.get("license"):
            raise SystemExit(f"{package} names no licence: not shipped")
        # (Some packages name their licence only in package.json: that is recorded.)
        (ASSETS / "licenses" / f"{package.replace('/', '+')}-LICENSE.txt").write_text(
            f"{package} {meta['version']}: {meta['license']} (as its package.json states; the "
            f"package ships no licence file). Source: {meta.get('repository', {}).get('url', meta.get('homepage', ''))}\n",
            encoding="utf-8")
    return {"version": meta["version"], "license": meta.get("license"), "file": shipped_as}


if __name__ == "__main__":
    build()
