"""The data viewer's memory of a kernel table, Qt-free: blocks of cells around what was shown,
fetched on demand and forgotten beyond a bound, so a 10^8-row frame costs the app a few screens.

The viewer asks `cell(row, column)`; an unknown cell names its block in `wanted()`; the caller
asks the kernel for that block and hands the answer to `store`. A frame whose length is unknown
without computing (a LazyFrame, a dask frame) grows by a block each time its end is reached, until
a block comes back short.
"""

from __future__ import annotations

import re
from collections import OrderedDict

BLOCK_ROWS = 200
BLOCK_COLUMNS = 40
MAX_BLOCKS = 48  # about 380,000 cells of text at most
# A number as the kernel writes one ("1,234.5", "-3", "1e-09", "nan"): such columns align right.
NUMBER = re.compile(r"[-+]?(\d[\d,]*)?\.?\d+(e[-+]?\d+)?|nan|NaN|inf|-inf|<NA>|None")


class TableWindow:
    def __init__(self) -> None:
        self.blocks: OrderedDict[tuple[int, int], dict] = OrderedDict()
        self.asked: set[tuple[int, int]] = set()
        self.total_rows: int | None = None  # None: unknown (a lazy frame)
        self.total_columns = 0
        self.rows_seen = 0  # rows known to exist (a lazy frame's count so far)
        self.ended = False  # a lazy frame's last block came back short
        self.column_names: dict[int, str] = {}
        self.numeric_columns: set[int] = set()  # columns whose cells seen so far are numbers
        self.row_labels: dict[int, str] = {}
        self.sort: tuple[int, bool] | None = None  # (column, ascending)
        self.row_filter = ""  # a pandas expression the kernel keeps rows by ("" : all rows)
        self.generation = 0  # bumped by reset: answers to older requests are dropped

    # ---- Shape
    def row_count(self) -> int:
        return self.total_rows if self.total_rows is not None else self.rows_seen

    def can_grow(self) -> bool:
        """A lazy frame whose end was not reached yet."""
        return self.total_rows is None and not self.ended

    # ---- Cells
    @staticmethod
    def block_of(row: int, column: int) -> tuple[int, int]:
        return row // BLOCK_ROWS, column // BLOCK_COLUMNS

    def cell(self, row: int, column: int) -> str | None:
        """The text, or None while its block is not here (then `want` it)."""
        key = self.block_of(row, column)
        block = self.blocks.get(key)
        if block is None:
            return None
        self.blocks.move_to_end(key)
        cells = block["cells"]
        r, c = row - key[0] * BLOCK_ROWS, column - key[1] * BLOCK_COLUMNS
        if r < len(cells) and c < len(cells[r]):
            return cells[r][c]
        return ""

    def want(self, row: int, column: int) -> dict | None:
        """The request for the block of (row, column), if it is neither here nor asked for:
        {"row", "rows", "column", "columns", "sort", "filter", "key", "generation"}."""
        key = self.block_of(row, column)
        if key in self.blocks or key in self.asked:
            return None
        self.asked.add(key)
        return {"row": key[0] * BLOCK_ROWS, "rows": BLOCK_ROWS,
                "column": key[1] * BLOCK_COLUMNS, "columns": BLOCK_COLUMNS,
                "sort": list(self.sort) if self.sort else None,
                "filter": self.row_filter or None, "key": key,
                "generation": self.generation}

    def store(self, request: dict, page: dict) -> bool:
        """Keep a block the kernel sent for `request`; False if it answers an older view."""
        if request["generation"] != self.generation:
            return False
        key = tuple(request["key"])
        self.asked.discard(key)
        self.total_rows = page["total_rows"]
        self.total_columns = page["total_columns"]
        for offset, name in enumerate(page["columns"]):
            self.column_names[request["column"] + offset] = name
            cells = [line[offset] for line in page["cells"] if offset < len(line)]
            if cells and all(NUMBER.fullmatch(text) for text in cells):
                self.numeric_columns.add(request["column"] + offset)
            else:
                self.numeric_columns.discard(request["column"] + offset)
        for offset, label in enumerate(page["index"]):
            self.row_labels[request["row"] + offset] = label
        got = len(page["cells"])
        self.rows_seen = max(self.rows_seen, request["row"] + got)
        if self.total_rows is None and got < request["rows"]:
            self.ended = True
        self.blocks[key] = page
        while len(self.blocks) > MAX_BLOCKS:
            self.blocks.popitem(last=False)
        return True

    def failed(self, request: dict) -> None:
        self.asked.discard(tuple(request["key"]))

    def reset(self, sort: tuple[int, bool] | None = None, row_filter: str = "") -> None:
        """Forget every block (the value changed, its order or its filter): they are asked for
        again."""
        self.blocks.clear()
        self.asked.clear()
        self.row_labels.clear()
        self.sort = sort
        self.row_filter = row_filter
        self.generation += 1
        if self.total_rows is None:
            self.rows_seen, self.ended = 0, False

    # ---- Copy
    def tsv(self, rows: list[int], columns: list[int]) -> tuple[str, int]:
        """The cells at rows × columns as tab-separated text, with a header line of the column
        names, and how many cells were not here (copied empty; the caller says so)."""
        missing = 0
        lines = ["\t".join(self.column_names.get(c, str(c)) for c in columns)]
        for row in rows:
            values = []
            for column in columns:
                text = self.cell(row, column)
                if text is None:
                    missing += 1
                    text = ""
                values.append(text.replace("\t", " ").replace("\n", " "))
            lines.append("\t".join(values))
        return "\n".join(lines) + "\n", missing
