"""What the user asked for in the search pane, turned into a compiled pattern and a replacement.

Patterns are Python `re` syntax. Matches never span lines: each line is searched on its own (as
VS Code does unless the pattern holds a newline, and as grep does), so `$` is the end of a line and
`\\n` matches nothing. That keeps the preview honest (one line per result) and a replacement from
swallowing line breaks it did not show.

Replacements in regex mode take Python's `\\1` / `\\g<name>` and VS Code's `$1` / `${name}` /
`$&` (the whole match), `$$` for a dollar; outside regex mode the replacement is literal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Patterns whose meaning changes when more than one line is searched at once: the whole-chunk
# pre-check (find_in_files) is skipped for them, every line is tried.
LINE_SENSITIVE_SYNTAX = ("(?<", "\\A", "\\Z", "\\z")


class QueryError(ValueError):
    """The pattern or replacement is not valid; the message is shown under the field."""


@dataclass(frozen=True)
class SearchQuery:
    pattern: str
    regex: bool = False
    match_case: bool = False
    whole_word: bool = False
    include: tuple[str, ...] = ()  # globs, .gitignore style: a file must match one (if any given)
    exclude: tuple[str, ...] = ()  # globs: a file or folder matching one is skipped


def compile_query(query: SearchQuery) -> re.Pattern[str]:
    """The pattern to run on each line; QueryError with a readable message if it is invalid."""
    if not query.pattern:
        raise QueryError("Nothing to search for")
    source = query.pattern if query.regex else re.escape(query.pattern)
    if query.whole_word:
        # Not \b: a word like "x.y" or "-flag" starts or ends with a non-word character, where \b
        # would need a word character beside it. "Whole word" means no word character touches it.
        source = rf"(?<!\w)(?:{source})(?!\w)"
    # MULTILINE: ^ and $ mean the ends of each line, in one line or in a chunk of lines alike.
    flags = re.MULTILINE | (0 if query.match_case else re.IGNORECASE)
    try:
        return re.compile(source, flags)
    except re.error as error:
        where = f" at position {error.pos}" if error.pos is not None and query.regex else ""
        raise QueryError(f"Invalid regular expression: {error.msg}{where}") from None
    except (OverflowError, RecursionError, ValueError) as error:  # absurd repeat counts, nesting
        raise QueryError(f"Invalid regular expression: {error}") from None


def can_check_chunks(pattern: re.Pattern[str]) -> bool:
    """Whether a match in a line implies a match in a run of lines holding it (see above)."""
    return not any(token in pattern.pattern for token in LINE_SENSITIVE_SYNTAX)


def replacement_function(pattern: re.Pattern[str], replacement: str, regex: bool):
    """What `pattern.sub` takes to produce `replacement`: literal text, or an expanded template.

    Raises QueryError for a template that names a group the pattern does not have, checked now
    (not at the first match, where the error would surface half way through a file).
    """
    if not regex:
        return lambda _match: replacement
    template = python_template(replacement)
    try:
        # Expanding against a fake match with every group empty checks names and numbers.
        _check_template(pattern, template)
    except (re.error, IndexError) as error:
        raise QueryError(f"Invalid replacement: {error}") from None
    return lambda match: match.expand(template)


def python_template(replacement: str) -> str:
    """VS Code's `$1`, `${name}`, `$<name>`, `$&`, `$0`, `$$` written as Python's `\\g<...>`."""
    out: list[str] = []
    i, n = 0, len(replacement)
    while i < n:
        char = replacement[i]
        if char == "\\" and i + 1 < n:  # a Python escape: kept as it is, with its character
            out.append(replacement[i:i + 2])
            i += 2
            continue
        if char != "$" or i + 1 == n:
            out.append("\\\\" if char == "\\" else char)
            i += 1
            continue
        following = replacement[i + 1]
        if following == "$":
            out.append("$")
            i += 2
        elif following == "&":
            out.append("\\g<0>")
            i += 2
        elif following.isdigit():
            j = i + 1
            while j < n and replacement[j].isdigit():
                j += 1
            out.append(f"\\g<{replacement[i + 1:j]}>")
            i = j
        elif following in "{<":
            close = replacement.find("}" if following == "{" else ">", i + 2)
            name = replacement[i + 2:close] if close > 0 else ""
            if name.isidentifier() or name.isdigit():
                out.append(f"\\g<{name}>")
                i = close + 1
            else:
                out.append("$")
                i += 1
        else:
            out.append("$")
            i += 1
    return "".join(out)


def _check_template(pattern: re.Pattern[str], template: str) -> None:
    # A pattern that matches the empty string can expand the template against a real match;
    # any other: build one from a pattern with the same groups that matches "".
    groups = "".join(f"(?P<{name}>)" for name in pattern.groupindex)
    unnamed = pattern.groups - len(pattern.groupindex)
    probe = re.compile("()" * unnamed + groups)
    # Group numbers differ in order from the real pattern, but the set of valid numbers and
    # names is the same, which is all expand() checks.
    match = probe.match("")
    assert match is not None
    match.expand(template)
