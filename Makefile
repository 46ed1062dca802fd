# Two commands matter: `make run` (install and open the example project) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Running needs dsstudio and its dependencies only; the tests, benchmarks and the bundle also
# need the test extra (pytest, pytest-qt, matplotlib, pyinstaller).
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test test-fast mutation bench bundle installer-windows installer-macos desktop-entry clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/dsstudio examples/demo_project

# Every test, in two pytest processes side by side: tests/kernel (the reload heart on an
# in-process IPython shell, CPU-bound) beside the rest, whose time goes mostly to waiting on
# kernels, Chromium and subprocesses; on two cores that keeps CI within its 20 minutes. The
# kernel half's output follows the rest's; either failing (or collecting nothing) fails.
test: $(TEST_STAMP)
	@kernel_log=$$(mktemp); kernel_tmp=$$(mktemp -d); \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider \
		--basetemp=$$kernel_tmp/base tests/kernel > $$kernel_log 2>&1 & kernel=$$!; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q --ignore=tests/kernel; rest=$$?; \
	wait $$kernel; kernels=$$?; \
	echo "---- tests/kernel (run beside the rest)"; cat $$kernel_log; rm -rf $$kernel_log $$kernel_tmp; \
	test $$rest -eq 0 && test $$kernels -eq 0

# Everything but the slow tests (bundle build): for the edit-test loop.
test-fast: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m 'not slow'

# Mutation testing (mutmut 3, configured in pyproject's [tool.mutmut]): the reload heart
# (dsstudio/kernel) and the files the user's work passes through, each mutant run against the
# Qt-free tests that reach it; prints each file's score (docs/mutation.md). CPU heavy: one worker
# unless MUTATION_CHILDREN says otherwise. Results are kept in mutants/: a second run tests the
# functions that changed; MUTANTS='dsstudio.core.*' (mutant names, globs) retests those whatever
# their last result (after adding tests), and only those.
MUTATION_CHILDREN ?= 1
MUTANTS ?=
mutation: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet 'mutmut>=3.8,<4'
	mkdir -p mutants
	$(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) $(MUTANTS) > mutants/run.log 2>&1 || \
		{ tail -n 40 mutants/run.log; exit 1; }
	$(BIN)/python benchmarks/mutation_scores.py

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_reload.py
	$(BIN)/python benchmarks/bench_notebook.py
	$(BIN)/python benchmarks/bench_interpreters.py
	$(BIN)/python benchmarks/bench_outputs.py
	$(BIN)/python benchmarks/bench_lint.py
	$(BIN)/python benchmarks/bench_rich_outputs.py

# A PyInstaller onedir bundle in dist/dsstudio/ (dist/dsstudio.app on macOS).
bundle: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10'
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build \
		packaging/pyinstaller/dsstudio.spec

# The Windows installer around a Windows bundle (built on Windows, or copied here: makensis runs
# on Linux too). WINDOWS_PAYLOAD is the bundle's folder.
VERSION := $(shell $(PYTHON) -c "import re;print(re.search(r'__version__ = \"(.+?)\"', open('dsstudio/__init__.py').read())[1])")
WINDOWS_PAYLOAD ?= dist/dsstudio
installer-windows:
	makensis -WX -DVERSION=$(VERSION) -DPAYLOAD=$(abspath $(WINDOWS_PAYLOAD)) \
		-DOUTFILE=$(abspath dist)/dsstudio-$(VERSION)-windows.exe \
		-DICON=$(abspath dsstudio/resources/icons/dsstudio.ico) packaging/windows/dsstudio.nsi

# A disk image with dsstudio.app (macOS only: hdiutil).
installer-macos: bundle
	hdiutil create -volname dsstudio -srcfolder dist/dsstudio.app -ov -format UDZO \
		dist/dsstudio-$(VERSION)-macos.dmg

# Linux, pip users: the applications menu entry, the .dsproj file type and icons.
desktop-entry: $(STAMP)
	$(BIN)/dsstudio --install-desktop-entry

clean:
	rm -rf $(VENV) build dist *.egg-info mutants
