"""Starting and stopping one of dsstudio's helper processes (Find in Files' search, code
intelligence's jedi) as a QProcess: its replies are read on the GUI thread's event loop, no
Python thread needed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QProcess

STOP_WAIT_MS = 2000  # for the process to end once its input is closed, then once killed


def start_helper_process(parent: QObject, command: list[str], on_output, on_ended,
                         on_error) -> QProcess:
    process = QProcess(parent)
    process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
    process.readyReadStandardOutput.connect(on_output)
    process.finished.connect(on_ended)
    process.errorOccurred.connect(on_error)
    process.start(command[0], command[1:])
    return process


def stop_helper_process(process: QProcess) -> None:
    """End `process` (closing its input ends it; killed if it does not), with no more calls to
    its handlers, and let the object go."""
    for signal in (process.readyReadStandardOutput, process.finished, process.errorOccurred):
        signal.disconnect()
    process.closeWriteChannel()
    if not process.waitForFinished(STOP_WAIT_MS):
        process.kill()
        process.waitForFinished(STOP_WAIT_MS)
    process.deleteLater()
