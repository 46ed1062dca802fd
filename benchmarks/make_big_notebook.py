"""The big notebook of the notebook benchmark: code cells with outputs, plots, markdown.

    python benchmarks/make_big_notebook.py OUT.ipynb [--code-cells 1000] [--markdown-cells 100]

Each code cell has a three-line stdout output; every 20th also has a 640x480 PNG (a real
matplotlib figure, drawn once). Markdown cells are spread evenly between them.
"""

from __future__ import annotations

import argparse
import base64
import io
from pathlib import Path

import nbformat


def png_640x480() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(6.4, 4.8), dpi=100)
    axes = figure.add_subplot()
    axes.plot([x * x for x in range(50)])
    axes.set_title("a 640x480 plot")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def big_notebook(code_cells: int, markdown_cells: int):
    v4 = nbformat.v4
    png = png_640x480()
    every = max(1, code_cells // max(1, markdown_cells))
    cells = []
    for i in range(code_cells):
        if markdown_cells and i % every == 0 and len(cells) - i < markdown_cells:
            cells.append(v4.new_markdown_cell(f"## Step {i}\nWe look at *part {i}* of the data:\n"
                                              f"- mean and spread\n- a `plot` every 20 cells"))
        outputs = [v4.new_output("stream", name="stdout",
                                 text=f"step {i}\nmean {i * 0.5:.2f}\nspread {i % 7}\n")]
        if i % 20 == 0:
            outputs.append(v4.new_output("display_data", data={"image/png": png,
                                                               "text/plain": "<Figure>"}))
        cells.append(v4.new_code_cell(f"values = load({i})\nsummary = describe(values)\n"
                                      f"print(summary)", execution_count=i + 1, outputs=outputs))
    return v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--code-cells", type=int, default=1000)
    parser.add_argument("--markdown-cells", type=int, default=100)
    args = parser.parse_args()
    nbformat.write(big_notebook(args.code_cells, args.markdown_cells), str(args.out))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
