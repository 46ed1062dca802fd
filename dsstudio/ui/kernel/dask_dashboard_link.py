"""The Dask dashboard, one click from the status bar, once a reload found the kernel's Dask client.

The link is the client's `dashboard_link` as the kernel sees it: for a kernel on a server, a
`localhost` address is the server's own (reach it through the server's proxy, for example
JupyterHub's `/user/NAME/proxy/8787/status`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QStatusBar

LABEL_NAME = "dask_dashboard_link"


def show_dask_dashboard(status: QStatusBar, url: str) -> QLabel:
    """Show (or update) the "Dask dashboard" link in `status`; returns the label."""
    label = status.findChild(QLabel, LABEL_NAME)
    if label is None:
        label = QLabel(status)
        label.setObjectName(LABEL_NAME)
        label.setOpenExternalLinks(True)  # the system's browser
        status.addPermanentWidget(label)
    label.setText(f"<a href='{escape(url, quote=True)}'>Dask dashboard</a>")
    label.setToolTip(url)
    return label
