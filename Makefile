# Two commands do all set-up on a fresh Debian/Ubuntu machine:
#   make run    sets up and starts the program
#   make test   sets up and runs every check (what CI runs)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

export PIP_DISABLE_PIP_VERSION_CHECK := 1

# lupdate: see below
.PHONY: fuzz lupdate run test check lint typecheck contracts pytest sysdeps sysdeps-gui venv clean screenshots bench translations package

TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)

$(STAMP): pyproject.toml constraints.txt
	@scripts/sysdeps.sh python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=23"
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@# pillow-heif (bundles the GPL-2.0 x265 encoder) was replaced by pi-heif: drop it from older venvs
	$(BIN)/pip uninstall --quiet --yes pillow-heif 2>/dev/null || true
	@touch $(STAMP)

venv: $(STAMP)

%.qm: %.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# After changing UI strings: refresh the .ts sources, then fill in the new Swedish texts.
lupdate: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find src/injurydoc/ui -name '*.py') -ts $(TS) -no-obsolete

sysdeps:
	@scripts/sysdeps.sh test

sysdeps-gui:
	@scripts/sysdeps.sh gui

run: $(STAMP) sysdeps-gui translations
	$(BIN)/python -m injurydoc.ui

test: $(STAMP) sysdeps translations
	$(MAKE) --no-print-directory check

check: lint typecheck contracts pytest

PY_DIRS := $(wildcard src tests benchmarks scripts)

lint:
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)

typecheck:
	$(BIN)/mypy

contracts:
	$(BIN)/lint-imports

# Two worker processes (pytest-xdist); each has its own tmp folders and its own PostgreSQL cluster.
# PYTEST_WORKERS=0 runs everything in one process.  Bytecode is written even where the environment says
# PYTHONDONTWRITEBYTECODE: pytest keeps its assertion-rewritten test modules (and Python the program's
# compiled modules) in __pycache__ between runs, which saves each worker seconds of start-up.
PYTEST_WORKERS ?= 2
# eatmydata (Debian package, installed by `make sysdeps`) makes fsync and its kin no-ops for the test run and
# its subprocesses: a third of the suite's wall time was waiting for the disk (each SQLCipher COMMIT, each
# atomic file write).  No test can observe it: a killed process's writes are in the page cache all the same,
# power is never cut, and the tests' PostgreSQL cluster runs with fsync=off already.  The program still
# calls fsync (the code is unchanged); `make pytest EATMYDATA=` runs with real flushes.
EATMYDATA ?= $(shell command -v eatmydata 2>/dev/null)
# The tests' tmp folders in memory (tmpfs, /dev/shm) where the machine has one: the suite writes ≈ 3 GB,
# and on ext4 each atomic replace of a file (the signed log anchor after every transaction) waits for the
# new file's blocks.  Only the folders of failed tests are kept (those of passed ones take ≈ 1 GB of memory
# per run).  The server tests' PostgreSQL cluster lives there too (tests/server/conftest.py): on ext4 its
# database copies and drops cost it 35 s more CPU per run.  `make pytest TEST_TEMPROOT=` uses the usual temp folder.
TEST_TEMPROOT ?= $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm)
pytest: translations
	PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen PYTEST_DEBUG_TEMPROOT=$(TEST_TEMPROOT) $(EATMYDATA) \
		$(BIN)/python -m pytest -p no:cacheprovider -o tmp_path_retention_policy=failed \
		-n $(PYTEST_WORKERS) --dist worksteal

# The fuzz tests of every reader of outside files, long and from a random start (make test runs them short
# and fixed).  Inputs that break a reader are saved in tests/data/hostile/regressions/ (commit them).
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	INJURYDOC_FUZZ=long INJURYDOC_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -p no:cacheprovider -p no:logging -q --hypothesis-show-statistics \
		tests/fuzz/test_fuzz_readers.py

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

screenshots: $(STAMP) translations
	@scripts/sysdeps.sh screenshots
	$(BIN)/python scripts/screenshots.py

# The installable one-folder program (PyInstaller), smoke-tested headless, and the Linux tarball.
package: $(STAMP) sysdeps-gui translations
	packaging/build_linux.sh

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(QM) packaging/build packaging/dist
