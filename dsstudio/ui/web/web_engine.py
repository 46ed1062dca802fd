"""QtWebEngine, started the first time an output needs a browser, and never before.

One off-the-record profile serves every output page: pages and dsstudio's renderer files come
from the `dsstudio-web:` scheme (served from memory and ui/web/assets), and every other request
(http, https, file, ...) is blocked and counted: a chart never reaches the network or the disk.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SCHEME = b"dsstudio-web"
ASSETS = Path(__file__).resolve().parent / "assets"
_ALLOWED_SCHEMES = {"dsstudio-web", "data", "blob", "about"}


def chromium_flags() -> None:
    """Chromium's flags, set before QtWebEngine starts; the user's own are kept, and a flag the
    user set (or another --js-flags) wins. Every output page is of one site (dsstudio-web:), and
    one renderer process for the site serves them all: a process per page cost about 60 MB and a
    second each to start on a busy machine. `gc()` is exposed to the pages so that a page given
    back for reuse frees its chart's memory at once (spare_pages.py: the renderer held about 100
    MB more through a scroll of 200 charts without it). Chromium refuses to start as root
    without --no-sandbox (containers, CI): added only when running as root."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    wanted = ["--process-per-site"]
    if not any(flag.startswith("--js-flags") for flag in flags):
        wanted.append("--js-flags=--expose-gc")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        wanted.append("--no-sandbox")
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags + [flag for flag in wanted if flag not in flags])


class WebEngine:
    """The shared profile, its scheme handler and request interceptor (one per process)."""

    _instance: WebEngine | None = None

    def __init__(self) -> None:
        chromium_flags()
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtWebEngineCore import (QWebEngineProfile, QWebEngineSettings, QWebEngineUrlRequestInterceptor,
                                             QWebEngineUrlRequestJob, QWebEngineUrlScheme,
                                             QWebEngineUrlSchemeHandler)

        scheme = QWebEngineUrlScheme(SCHEME)
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
        scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalAccessAllowed
                        | QWebEngineUrlScheme.Flag.ContentSecurityPolicyIgnored)
        QWebEngineUrlScheme.registerScheme(scheme)
        self.pages: dict[str, bytes] = {}  # page name -> its HTML, while its view exists
        self.blocked: list[str] = []  # the URLs of requests refused (tests count them)
        self._assets: dict[str, bytes] = {}  # read once: plotly.js is 4.8 MB
        engine = self

        class Interceptor(QWebEngineUrlRequestInterceptor):
            def interceptRequest(self, info) -> None:  # noqa: N802 (Qt name)
                url = info.requestUrl()
                if url.scheme() not in _ALLOWED_SCHEMES:
                    engine.blocked.append(url.toString())
                    info.block(True)

        class Handler(QWebEngineUrlSchemeHandler):
            def requestStarted(self, job) -> None:  # noqa: N802 (Qt name)
                url = job.requestUrl()
                body, kind = engine.serve(url.host(), url.path().lstrip("/"))
                if body is None:
                    job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                    return
                buffer = QBuffer(job)
                buffer.setData(QByteArray(body))
                buffer.open(QIODevice.OpenModeFlag.ReadOnly)
                job.reply(kind, buffer)

        self.profile = QWebEngineProfile()  # (no name: off the record, nothing written to disk)
        self._interceptor = Interceptor(self.profile)
        self._handler = Handler(self.profile)
        self.profile.setUrlRequestInterceptor(self._interceptor)
        self.profile.installUrlSchemeHandler(SCHEME, self._handler)
        from dsstudio.ui.web.page_loads import PageLoads
        from dsstudio.ui.web.spare_pages import SparePages

        self.loads = PageLoads(self.profile)  # one page loads at a time, on screen first (page_loads.py)
        self.spares = SparePages(self)  # pages with their renderer loaded ahead (spare_pages.py says why)
        settings = self.profile.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.ShowScrollBars, False)

    @classmethod
    def get(cls) -> WebEngine:
        if cls._instance is None:
            cls._instance = WebEngine()
        return cls._instance

    @classmethod
    def started(cls) -> bool:
        return cls._instance is not None

    def serve(self, host: str, name: str) -> tuple[bytes | None, bytes]:
        """The body and content type of `dsstudio-web://host/name`. Pages and renderer files
        share one host, one origin: KaTeX's fonts load only from the page's own origin."""
        if host != "assets":
            return None, b""
        if name in self.pages:
            return self.pages[name], b"text/html"
        if _asset_name(name):
            if name not in self._assets and (ASSETS / name).is_file():
                self._assets[name] = (ASSETS / name).read_bytes()
            if name in self._assets:
                return self._assets[name], _CONTENT_TYPES.get(Path(name).suffix, b"application/javascript")
        return None, b""


_CONTENT_TYPES = {".css": b"text/css", ".woff2": b"font/woff2"}


def _asset_name(name: str) -> bool:
    """A file of assets/ or of its fonts/ folder (KaTeX's), nothing else."""
    parts = name.split("/")
    return (len(parts) == 1 or (len(parts) == 2 and parts[0] == "fonts")) and not parts[-1].startswith(".")


def bundled_version(package: str) -> str | None:
    """The version of an npm package shipped in assets/ (packaging/web/build_assets.py writes them)."""
    try:
        return json.loads((ASSETS / "versions.json").read_text(encoding="utf-8"))[package]["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def web_engine_loaded() -> bool:
    """Whether QtWebEngine was imported in this process (a session without web outputs: no)."""
    return "PySide6.QtWebEngineCore" in sys.modules
