"""The project's interpreter in the window: shown in the status bar, chosen, fixed, created.

- The status bar shows what the kernel runs in ("Python 3.12 (.venv)"); clicking it, or Kernel >
  Select Interpreter…, opens the list of what was found. Choosing restarts the kernel there (after
  asking, if the kernel holds state) and remembers the choice (project file, else per user).
- A kernel that cannot start gets the problem bar: the reason, and for a missing or old ipykernel
  the exact command with an Install button. Nothing is installed without that click. A chosen
  interpreter without ipykernel does not stop the running kernel: the bar offers the install, and
  the switch happens once it is done.
- Kernel > Create Project Environment… makes `.venv` with uv and switches to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:  # the modules behind these load when first needed, never before the first paint
    from dsstudio.core.kernel.diagnosis import KernelProblem
    from dsstudio.core.kernel.interpreter import ProjectInterpreter
    from dsstudio.core.kernel.launch import KernelLaunch
    from dsstudio.ui.kernel.kernel_problem_bar import KernelProblemBar


class InterpreterSwitcher(QObject):
    def __init__(self, window, bar_area: QWidget) -> None:
        """`bar_area`: the column above the console where the problem bar goes when needed."""
        super().__init__(window)
        self.window = window
        self._bar_area = bar_area
        self._bar: KernelProblemBar | None = None
        self.kernel = None
        self.dialog = None  # the CommandDialog running, if any (tests wait on it)
        self.picker = None  # the open Select Interpreter dialog, if any
        self.options = None  # the open Create Project Environment dialog, if any
        self._pending: tuple[KernelLaunch, KernelProblem] | None = None  # waits for an install

    @property
    def bar(self) -> KernelProblemBar:
        """The problem bar above the console (built the first time a problem is shown)."""
        if self._bar is None:
            from dsstudio.ui.kernel.kernel_problem_bar import KernelProblemBar

            self._bar = KernelProblemBar()
            self._bar.sig_install.connect(self.install)
            self._bar.sig_select_interpreter.connect(self.select)
            self._bar.sig_restart.connect(self.window.restart_now)
            self._bar_area.layout().insertWidget(0, self._bar)
        return self._bar

    def problem_shown(self) -> bool:
        """The problem bar is up (a kernel that cannot start, or an install waiting)."""
        return self._bar is not None and not self._bar.isHidden()

    def _hide_bar(self) -> None:
        if self._bar is not None:
            self._bar.hide()

    # ---- Public API
    def attach(self, kernel) -> None:
        """Follow `kernel` (a KernelController) for the open project."""
        self.kernel = kernel
        self._pending = None
        self._hide_bar()
        kernel.sig_problem.connect(self._on_problem)
        kernel.sig_ready.connect(self._on_ready)
        kernel.sig_interpreter_changed.connect(lambda _launch: self._show_label())
        self._show_label()
        notice = kernel.launch.notice
        if notice:
            self.window.after_first_paint(lambda: self._tell(notice))

    def detach(self) -> None:
        self.kernel = None
        self._pending = None
        self._hide_bar()
        self.window.status.set_interpreter(None)

    def select(self) -> None:
        """Kernel > Select Interpreter…: the list, then the switch."""
        from dsstudio.ui.kernel.interpreter_picker import InterpreterPicker

        if self.kernel is None or self.window.project_root is None:
            return
        picker = InterpreterPicker(self.window.project_root, self._current_key(), self.window)
        picker.sig_create_environment.connect(self.create_environment)
        self.picker = picker
        if picker.exec() and picker.chosen is not None:
            self.switch_to(picker.chosen)
        self.picker = None

    def switch_to(self, interpreter: ProjectInterpreter) -> bool:
        """Run the kernel in `interpreter` (remembered for the project). False if not switched."""
        from dsstudio.core.kernel.diagnosis import KernelProblem, install_command
        from dsstudio.core.kernel.interpreter import ipykernel_too_old

        if self.kernel is None:
            return False
        if interpreter.problem:
            self.warn("Interpreter cannot be used", f"{interpreter.problem}\n\nThe kernel keeps running "
                      f"in {self.kernel.interpreter_label}.")
            return False
        launch = self._launch_for(interpreter)
        needs_install = (interpreter.kernelspec is None and interpreter.language == "python"
                         and (interpreter.ipykernel is None or ipykernel_too_old(interpreter.ipykernel)))
        # Asked now, also when an install comes first: the restart after it does not ask again.
        if self.kernel.has_state and self.kernel.state in ("idle", "busy") \
                and not self.confirm_switch(interpreter.display_name):
            return False
        self._remember(interpreter)
        if needs_install:
            upgrade = interpreter.ipykernel is not None
            command = install_command(interpreter.python, interpreter.kind, interpreter.prefix,
                                      interpreter.has_pip, upgrade=upgrade)
            what = f"has ipykernel {interpreter.ipykernel}, which is too old" if upgrade else "has no ipykernel"
            running = (f" The kernel keeps running in {self.kernel.interpreter_label} until then."
                       if self.kernel.state in ("idle", "busy") else "")
            problem = KernelProblem(f"{interpreter.display_name} ({interpreter.python}) {what}: "
                                    f"install it to run the kernel there.{running}", command)
            self._pending = (launch, problem)
            self.bar.show_problem(problem.message, problem.install_text)
            return False
        self._pending = None
        self._hide_bar()
        self.window.console.show_message(f"Restarting the kernel in {interpreter.display_name}…")
        self.kernel.restart(launch)
        self.window.console.show_kernel_restarted()
        return True

    def install(self) -> None:
        """Run the install command shown in the bar, then start the kernel."""
        from dsstudio.ui.kernel.command_dialog import CommandDialog, InstallJob

        problem = self._pending[1] if self._pending else (self.kernel and self.kernel.problem)
        if not problem or not problem.install:
            return
        launch = self._pending[0] if self._pending else self.kernel.launch
        self.dialog = CommandDialog("Install ipykernel", InstallJob(problem.install, launch.env),
                                    self.window)
        self.dialog.sig_finished.connect(lambda ok, _message: ok and self._start_after_install(launch))
        self.dialog.start()

    def create_environment(self) -> None:
        """Kernel > Create Project Environment…: options, then the job, then the switch."""
        from dsstudio.core.project.environment_creation import EnvironmentCreation
        from dsstudio.ui.kernel.command_dialog import CommandDialog
        from dsstudio.ui.kernel.environment_dialog import EnvironmentDialog

        root = self.window.project_root
        if root is None:
            return
        options = EnvironmentDialog(root, self._base_pythons(), self.window)
        self.options = options
        if not options.exec():
            return
        job = EnvironmentCreation(root, options.source(), options.base_python(),
                                  extra_packages=options.extra_packages())
        self.dialog = CommandDialog("Create Project Environment", job, self.window)
        self.dialog.sig_finished.connect(lambda ok, _message: ok and self._use_new_environment(job))
        self.dialog.start()

    # ---- Prompts (instance methods so tests can replace them)
    def confirm_switch(self, name: str) -> bool:
        answer = QMessageBox.question(
            self.window, "Switch interpreter",
            f"Restart the kernel in {name}? The variables in the running kernel will be lost.")
        return answer == QMessageBox.StandardButton.Yes

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    # ---- Internals
    def _launch_for(self, interpreter: ProjectInterpreter) -> KernelLaunch:
        from dsstudio.core.kernel.launch import python_launch

        if interpreter.kernelspec:
            from dsstudio.core.kernel.kernelspecs import kernelspec_launch

            launch = kernelspec_launch(interpreter.kernelspec, reason="your choice")
            if launch is not None:
                return launch
        # The kind is read again from the environment's folder (pyvenv.cfg, conda-meta).
        return python_launch(interpreter.python, name=interpreter.name, reason="your choice")

    def _remember(self, interpreter: ProjectInterpreter) -> None:
        from dsstudio.core.project.interpreter_choice import save_choice
        from dsstudio.core.project.project_file import ProjectFileError

        try:
            where = save_choice(self.window.project_root, python=interpreter.python
                                if not interpreter.kernelspec else None, kernelspec=interpreter.kernelspec)
        except ProjectFileError as error:
            self._tell(f"The choice could not be remembered: {error}")
            return
        self.window.status.showMessage(f"{interpreter.display_name}: remembered in {where}", 5000)

    def _start_after_install(self, launch: KernelLaunch) -> None:
        if self.kernel is None:
            return
        self._pending = None
        self._hide_bar()
        self.kernel.restart(launch)
        self.window.console.show_kernel_restarted()

    def _use_new_environment(self, job) -> None:
        from dsstudio.core.kernel.interpreter import ProjectInterpreter
        from dsstudio.ui.kernel.interpreter_picker import FOUND

        FOUND.pop(str(self.window.project_root), None)  # the list changed
        interpreter = ProjectInterpreter(job.python, "uv" if job.uv else "venv", ".venv",
                                         prefix=job.folder, ipykernel="new")
        self.switch_to(interpreter)

    def _base_pythons(self) -> list[tuple[str, Path | None]]:
        from dsstudio.ui.kernel.interpreter_picker import FOUND

        offered: list[tuple[str, Path | None]] = [("Let uv choose (newest Python it finds)", None)]
        for interpreter in FOUND.get(str(self.window.project_root), []):
            if interpreter.python and not interpreter.problem and interpreter.kind in (
                    "pyenv", "path", "conda", "dsstudio", "custom"):
                offered.append((f"{interpreter.display_name}  {interpreter.python}", interpreter.python))
        return offered

    def _current_key(self) -> str | None:
        launch = self.kernel.launch
        if launch.kernelspec:
            return f"kernelspec:{launch.kernelspec}"
        return f"python:{launch.python}" if launch.python else None

    def _on_problem(self, problem: KernelProblem) -> None:
        self.bar.show_problem(problem.message, problem.install_text, restart=True)
        self.window.console.show_message(f"The kernel did not start. {problem.message}")

    def _on_ready(self, _info: dict) -> None:
        if self._pending is None:
            self._hide_bar()
        self._show_label()

    def _show_label(self) -> None:
        if self.kernel is None:
            return
        launch = self.kernel.launch
        where = str(launch.python) if launch.python else (launch.kernelspec or "")
        self.window.status.set_interpreter(
            self.kernel.interpreter_label,
            f"{where}\nWhy this one: {launch.reason}\nClick to choose another interpreter")

    def _tell(self, text: str) -> None:
        self.window.status.showMessage(text, 10000)
        self.window.console.show_message(text)
