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
    "vega": ("build/vega.min.js", "vega.min.js"),
    "vega-lite": ("build/vega-lite.min.js", "vega-lite.min.js"),
    "vega-embed": ("build/vega-embed.min.js", "vega-embed.min.js"),
}


def build() -> None:
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    if ASSETS.exists():
        shutil.rmtree(ASSETS)
    (ASSETS / "licenses").mkdir(parents=True)
    versions = {}
    for package, (source, name) in BUILDS.items():
        folder = HERE / "node_modules" / package
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        versions[package] = {"version": meta["version"], "license": meta.get("license"), "file": name}
        shutil.copyfile(folder / source, ASSETS / name)
        licences = sorted(folder.glob("LICEN[CS]E*"))
        if not licences:
            raise SystemExit(f"{package} has no licence file: not shipped without one")
        for licence in licences:
            shutil.copyfile(licence, ASSETS / "licenses" / f"{package}-{licence.name}")
    (ASSETS / "versions.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
