"""What the Variables pane lists, Qt-free: the kernel's descriptions by name, kept up to date from
the pushes of changed names, and the rules of what is shown (filter by name, code objects hidden).
"""

from __future__ import annotations

from dataclasses import dataclass

# Modules, functions and classes: hidden unless asked for (they are not data).
CODE_KINDS = frozenset({"module", "function", "class"})
COLUMNS = ("Name", "Type", "Shape", "Memory", "Preview")


@dataclass
class Variable:
    name: str
    type: str
    kind: str
    shape: str
    memory: int | None
    preview: str
    viewable: bool

    @classmethod
    def from_description(cls, entry: dict) -> Variable:
        return cls(entry["name"], entry.get("type", ""), entry.get("kind", "data"),
                   entry.get("shape", ""), entry.get("memory"), entry.get("preview", ""),
                   bool(entry.get("viewable")))

    def cell(self, column: int) -> str:
        """The text of column `column` (COLUMNS)."""
        return (self.name, _short_type(self.type), self.shape, format_bytes(self.memory),
                self.preview)[column]

    def sort_key(self, column: int):
        """Sorting by memory sorts by bytes (unknown last); the rest by text."""
        if column == 3:
            return (self.memory is None, self.memory or 0)
        return self.cell(column).lower()


class VariableList:
    """The user's variables by name, in the kernel's order, and which of them are shown."""

    def __init__(self) -> None:
        self.variables: dict[str, Variable] = {}
        self.filter_text = ""
        self.show_code = False  # modules, functions, classes

    def replace_all(self, descriptions: list[dict]) -> None:
        self.variables = {d["name"]: Variable.from_description(d) for d in descriptions}

    def update(self, descriptions: list[dict], removed: list[str]) -> None:
        for name in removed:
            self.variables.pop(name, None)
        for description in descriptions:
            self.variables[description["name"]] = Variable.from_description(description)

    def clear(self) -> None:
        self.variables = {}

    def shown(self) -> list[Variable]:
        text = self.filter_text.strip().lower()
        return [v for v in self.variables.values()
                if (self.show_code or v.kind not in CODE_KINDS) and text in v.name.lower()]


def format_bytes(count: int | None) -> str:
    """1,536 -> "1.5 KiB"; None (not known without computing) -> ""."""
    if count is None:
        return ""
    size = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def _short_type(type_name: str) -> str:
    """"pandas.core.frame.DataFrame" and "pandas.DataFrame" -> "DataFrame"."""
    return type_name.rsplit(".", 1)[-1]
