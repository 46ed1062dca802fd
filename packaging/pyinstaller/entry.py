"""The frozen app's entry point: the same `main` as the `dsstudio` command (kernel switch first)."""

import sys

from dsstudio.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
