"""Math in markdown cells set aside before the markdown is rendered, as JupyterLab does."""

from __future__ import annotations

from dsstudio.core.notebook.markdown_math import MathPart, put_math_back, set_math_aside


def test_inline_display_and_environment_math_are_set_aside_in_order():
    text, parts = set_math_aside("a $x_1 * y_2$ b\n\n$$\\frac{a_1}{b_2}$$\n\n\\begin{align}a &= b\\end{align}")
    # Markdown never sees TeX's _ and * (jupyterlab#4094: emphasis ate subscripts).
    assert "_" not in text and "*" not in text
    assert parts == [MathPart("x_1 * y_2", False), MathPart("\\frac{a_1}{b_2}", True),
                     MathPart("\\begin{align}a &= b\\end{align}", True)]


def test_code_escaped_dollars_and_prices_are_no_math():
    source = "`$x$` and\n```\n$y$\n```\ncosts \\$5 or $5 and $6"
    assert set_math_aside(source) == (source, [])


def test_math_goes_back_as_escaped_text_for_katex():
    text, parts = set_math_aside("see $a<b$ and \\[c>d\\]")
    html = put_math_back(f"<p>{text}</p>", parts)
    assert html == ('<p>see <span class="dsstudio-math" data-display="0">a&lt;b</span> and '
                    '<div class="dsstudio-math" data-display="1">c&gt;d</div></p>')
