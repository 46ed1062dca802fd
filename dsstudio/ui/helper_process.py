"""Starting one of dsstudio's helper processes (Find in Files' search, code intelligence's jedi)
as a QProcess: its replies are read on the GUI thread's event loop, no Python thread needed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QProcess


def start_helper_process(parent: QObject, command: list[str], on_output, on_ended,
                         on_error) -> QProcess:
    process = QProcess(parent)
    process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
    process.readyReadStandardOutput.connect(on_output)
    process.finished.connect(on_ended)
    process.errorOccurred.connect(on_error)
    process.start(command[0], command[1:])
    return process
