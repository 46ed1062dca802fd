"""Markdown images: attachments and relative paths become links the view can show."""

from __future__ import annotations

from dsstudio.core.notebook.markdown import renderable_markdown

PNG = "iVBORw0KGgoAAAANSUhEUg=="


def test_attachment_becomes_a_data_url():
    text = renderable_markdown("see ![plot](attachment:plot.png) here",
                               {"plot.png": {"image/png": PNG}})
    assert text == f"see ![plot](data:image/png;base64,{PNG}) here"


def test_relative_image_becomes_an_absolute_file_url(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "a.png").write_bytes(b"\x89PNG")
    text = renderable_markdown('![a](figures/a.png "title") and <img src="figures/a.png" width=20>',
                               folder=tmp_path)
    url = (tmp_path / "figures" / "a.png").as_uri()
    assert text == f'![a]({url} "title") and <img src="{url}" width=20>'


def test_missing_remote_and_unknown_links_are_left_alone(tmp_path):
    source = ("![gone](missing.png) ![web](https://example.org/a.png) "
              "![att](attachment:nope.png) [a link](page.md)")
    assert renderable_markdown(source, {}, tmp_path) == source
