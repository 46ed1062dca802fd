"""Baseline for bench_startup.py: the obvious way to embed a console, timed like dsstudio.

QApplication, then a RichJupyterWidget, then start the kernel; prints one JSON line with seconds
from the process's start to the window's first paint and to the kernel_info reply, then quits.
"""

import json
import os
import sys
import time

from dsstudio.core.app.startup_profile import seconds_since_process_start

# Counted exactly as dsstudio's --profile-startup counts (the same function, the same clock).
START = time.monotonic() - seconds_since_process_start()
os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

app = QApplication(sys.argv[:1])
from qtconsole.manager import QtKernelManager  # noqa: E402
from qtconsole.rich_jupyter_widget import RichJupyterWidget  # noqa: E402

widget = RichJupyterWidget()
manager = QtKernelManager(kernel_name="python3")
manager.start_kernel()
client = manager.client()
client.start_channels()
widget.kernel_manager = manager
widget.kernel_client = client
marks: dict[str, float] = {}


def mark(name: str) -> None:
    marks.setdefault(name, round(time.monotonic() - START, 4))
    if len(marks) == 2:
        print(json.dumps(marks), flush=True)
        client.stop_channels()
        manager.shutdown_kernel(now=False)
        app.quit()


class FirstPaint(QObject):
    def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            mark("window_shown_s")
        return False


paint_filter = FirstPaint()
widget.installEventFilter(paint_filter)
client.shell_channel.message_received.connect(
    lambda msg: msg["msg_type"] == "kernel_info_reply" and mark("kernel_ready_s"))
QTimer.singleShot(60_000, app.quit)
widget.show()
app.exec()
