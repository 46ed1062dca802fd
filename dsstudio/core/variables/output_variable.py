"""Which kernel variable a notebook cell's table output shows, for "Open in Data Viewer".

An output holds no name, only the table's HTML. The cell's last expression says where it came
from: `sales`, `sales.head()`, `sales[sales.amount > 3].sort_values("amount")` all show a view of
`sales`, and the viewer opens `sales` itself (whole, paged in the kernel). Only the name at the
root of the expression is taken: nothing is evaluated.
"""

from __future__ import annotations

import ast

# pandas' and polars' HTML tables both carry this class.
TABLE_MARK = 'class="dataframe"'


def shown_variable(cell: dict) -> str | None:
    """The variable behind the cell's table output, or None (no table, or no plain name)."""
    if not any(_is_table(output) for output in cell.get("outputs", []) or []):
        return None
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None  # (magics, or a cell edited since it ran)
    if not body or not isinstance(body[-1], ast.Expr):
        return None
    node = body[-1].value
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Attribute):
                return None  # make_frame(): a function's result, held by no name
            node = node.func
        else:
            node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_table(output) -> bool:
    if not isinstance(output, dict) or output.get("output_type") != "execute_result":
        return False
    html = output.get("data", {}).get("text/html", "")
    html = "".join(html) if isinstance(html, list) else str(html)
    return TABLE_MARK in html
