"""Markdown cells as the view can render them: images made local, nothing from the network.

Jupyter shows a cell's attached images (`![plot](attachment:plot.png)`) and images next to the
notebook (`![](figures/a.png)`). The view renders markdown with Qt, which knows neither the
cell's attachments nor the notebook's folder; here attachment links become data URLs and
relative paths become absolute ones. Remote images (http, https) are left as they are: the view
fetches nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

# ![alt](url "title") and <img src="url">: group "url" is what gets replaced.
_IMAGE_LINK = re.compile(r"(!\[[^\]]*\]\()(?P<url><[^>]*>|[^)\s]+)")
_IMG_TAG = re.compile(r"(<img\b[^>]*?\bsrc\s*=\s*[\"'])(?P<url>[^\"']+)", re.IGNORECASE)


def _local_url(url: str, attachments: dict, folder: Path | None) -> str:
    bare = url[1:-1] if url.startswith("<") and url.endswith(">") else url
    if bare.startswith("attachment:"):
        bundle = attachments.get(bare[len("attachment:"):], {})
        for mime, data in bundle.items():
            if mime.startswith("image/"):
                data = "".join(data) if isinstance(data, list) else data
                if mime == "image/svg+xml" and not data.lstrip().startswith(("PD", "PH")):
                    import base64  # SVG attachments are stored as text

                    data = base64.b64encode(data.encode("utf-8")).decode("ascii")
                return f"data:{mime};base64,{data.strip()}"
        return url
    if folder is None or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", bare) or bare.startswith(("/", "#")):
        return url  # a URL with a scheme, an absolute path, an anchor: as written
    path = (folder / bare).resolve()
    return path.as_uri() if path.is_file() else url


def renderable_markdown(source: str, attachments: dict | None = None, folder: Path | None = None) -> str:
    """`source` with attachment and relative image links made into links Qt can show."""
    attachments = attachments or {}

    def replace(match: re.Match) -> str:
        return match.group(1) + _local_url(match.group("url"), attachments, folder)

    return _IMG_TAG.sub(replace, _IMAGE_LINK.sub(replace, source))
