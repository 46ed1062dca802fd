"""One completion list from jedi's names and the kernel's matches, in the editor's words.

Both answer for the text before the caret, but the kernel's matches replace its own span of that
text (`cursor_start`..caret), which may begin before the identifier being typed (`a.runtime_only`
for `a.ru` when IPython's jedi is off) or after it. Each match is re-expressed as a completion of
the identifier under the caret, so that the editor replaces exactly what the user typed.
"""

from __future__ import annotations

from dsstudio.core.intelligence.jedi_engine import CompletionItem

RUNTIME_KIND = "runtime"  # a name only the running kernel knows


def identifier_start(line_before_caret: str) -> int:
    """Column where the identifier ending at the caret begins (the caret's own column if none)."""
    start = len(line_before_caret)
    while start > 0 and (line_before_caret[start - 1].isalnum() or line_before_caret[start - 1] == "_"):
        start -= 1
    return start


def kernel_names(matches: list[str], cursor_start: int, line_before_caret: str) -> list[str]:
    """The kernel's matches as completions of the identifier that starts at identifier_start."""
    word_start = identifier_start(line_before_caret)
    names = []
    for match in matches:
        if cursor_start < word_start:
            head = line_before_caret[cursor_start:word_start]
            if not match.startswith(head):
                continue
            match = match[len(head):]
        elif cursor_start > word_start:
            match = line_before_caret[word_start:cursor_start] + match
        if match and "\n" not in match and not match.startswith("%"):
            names.append(match)
    return names


def merged(static: list[CompletionItem], runtime: list[str]) -> list[CompletionItem]:
    """jedi's items, plus the kernel's names jedi did not find; public names first, then by name."""
    known = {item.name for item in static}
    items = list(static) + [CompletionItem(name, RUNTIME_KIND) for name in dict.fromkeys(runtime)
                            if name not in known]
    return sorted(items, key=lambda item: (item.name.startswith("_"), item.name.lower()))


def with_kinds(items: list[CompletionItem], kinds: dict[str, str]) -> list[CompletionItem]:
    return [CompletionItem(item.name, kinds.get(item.name, item.kind)) for item in items]
