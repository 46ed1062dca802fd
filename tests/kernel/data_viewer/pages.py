"""A page of the data viewer as the kernel answers it: its cells and its index labels."""

from __future__ import annotations

from dsstudio.kernel.variables_table import page


def cells(value, row=0, rows=50, column=0, columns=20, **more) -> list[list[str]]:
    return page(value, row, rows, column, columns, **more)["cells"]


def index(value, row=0, rows=50, column=0, columns=20, **more) -> list[str]:
    return page(value, row, rows, column, columns, **more)["index"]


# ---- pandas
