"""Regular expressions with GX's meaning, run by DuckDB's RE2.

GX on pandas matches with Python's `re.search` on `str(value)`, so a suite's pattern means what it means
in Python: `\\d` is any Unicode decimal digit (Thai ๐–๙ and full-width ０–９ too), `\\w` any letter, digit or
underscore of any script, `\\s` any Unicode space, and `$` matches at the end or just before a final newline.
RE2's shorthands are ASCII-only and its `$` matches only at the very end, so a pattern is rewritten into the
RE2 pattern that accepts the same strings. What RE2 cannot express (look-around, back-references, `\\b` on
non-ASCII text) is refused when the suite is validated, never run with another meaning.
"""

from __future__ import annotations

import functools
import re
import sys

# Python's Unicode classes, written with RE2's Unicode properties.
_SHORTHAND = {
    "d": r"\p{Nd}",
    "w": r"\p{L}\p{N}_",
    "s": r"\t\n\x0b\f\r \x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}",
}
_NEGATED = {"D": "d", "W": "w", "S": "s"}
_UNSUPPORTED = {
    "b": "\\b (a word boundary) has no Unicode form in DuckDB's RE2",
    "B": "\\B (not a word boundary) has no Unicode form in DuckDB's RE2",
}


class RegexProblem(ValueError):
    """A pattern that Python would accept but DuckDB cannot run with the same meaning (or nobody can run)."""


def to_re2(pattern: str) -> str:
    """The RE2 pattern that matches exactly the strings Python's `re.search(pattern)` matches."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise RegexProblem(f"not a valid regular expression: {exc}") from None
    if re.search(r"\(\?[a-zA-Z]*m", pattern):
        raise RegexProblem("inline multi-line mode (?m) is not supported: $ and ^ would change meaning")
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append(_escape(nxt, in_class))
            i += 2
            continue
        if in_class:
            if ch == "]" and not _class_start(pattern, i):
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "$":
            out.append(r"(?:\n?\z)")  # Python's $ also matches before one final newline
        elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            raise RegexProblem("look-ahead and look-behind are not supported by DuckDB's RE2")
        elif pattern.startswith("(?P=", i):
            raise RegexProblem("back-references are not supported by DuckDB's RE2")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _class_start(pattern: str, i: int) -> bool:
    """True when the `]` at i is a literal: the first character of a class (`[]a]`, `[^]a]`)."""
    return pattern[i - 1] == "[" or (pattern[i - 1] == "^" and i >= 2 and pattern[i - 2] == "[")


def _escape(nxt: str, in_class: bool) -> str:
    if nxt in _SHORTHAND:
        return _SHORTHAND[nxt] if in_class else f"[{_SHORTHAND[nxt]}]"
    if nxt in _NEGATED:
        if in_class:
            raise RegexProblem(f"\\{nxt} inside a character class is not supported by DuckDB's RE2")
        return f"[^{_SHORTHAND[_NEGATED[nxt]]}]"
    if nxt in _UNSUPPORTED and not in_class:
        raise RegexProblem(_UNSUPPORTED[nxt])
    if nxt == "Z":
        return r"\z"
    if nxt.isdigit() and nxt != "0" and not in_class:
        raise RegexProblem("back-references are not supported by DuckDB's RE2")
    return "\\" + nxt


def compile_in_duckdb(re2_pattern: str) -> None:
    """Raise RegexProblem when DuckDB cannot compile the pattern (checked when the suite is validated)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SELECT regexp_matches('', ?)", [re2_pattern]).fetchone()
    except duckdb.Error as exc:
        reason = (str(exc).strip().splitlines() or ["invalid pattern"])[0]
        raise RegexProblem(f"DuckDB cannot compile it: {reason}") from None
    finally:
        con.close()


def check_pattern(pattern: object) -> str | None:
    """Why `pattern` cannot be a suite's regex, or None when it can."""
    if not isinstance(pattern, str):
        return f"must be a string (got {type(pattern).__name__})"
    try:
        compile_in_duckdb(to_re2(pattern))
    except RegexProblem as exc:
        return str(exc)
    return None


# --- The same meaning on database servers (pushdown) -------------------------------------------------------
# PostgreSQL's regular expressions (ARE) and MariaDB's PCRE2 / MySQL's ICU know other shorthand classes and
# other $ and . rules. A Python pattern is rewritten with Python's own classes spelled out as code-point
# ranges (read from Python's Unicode tables, so \d is exactly str.isdecimal, \w isalnum or _, \s isspace),
# `.` as "not a newline", `$` as "end, or before one final newline", and case sensitivity forced. What
# cannot be rewritten with the same meaning (inline flags, numeric escapes, what RE2 refuses) is refused.

_PY_CLASSES = {"d": str.isdecimal, "w": lambda c: c.isalnum() or c == "_", "s": str.isspace}
SERVER_DIALECTS = ("postgres", "mysql")


@functools.cache
def _ranges(shorthand: str) -> tuple[tuple[int, int], ...]:
    test = _PY_CLASSES[shorthand]
    out, start = [], None
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            ok = False
        else:
            ok = test(chr(code))
        if ok and start is None:
            start = code
        elif not ok and start is not None:
            out.append((start, code - 1))
            start = None
    if start is not None:
        out.append((start, sys.maxunicode))
    return tuple(out)


def _char(code: int, dialect: str) -> str:
    if dialect == "postgres":
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return f"\\x{{{code:x}}}"


def _class_body(shorthand: str, dialect: str) -> str:
    return "".join(_char(a, dialect) if a == b else f"{_char(a, dialect)}-{_char(b, dialect)}"
                   for a, b in _ranges(shorthand))


def to_server(pattern: str, dialect: str) -> str:
    """The pattern for PostgreSQL's `~` or MySQL/MariaDB's REGEXP that matches what Python's re.search does."""
    to_re2(pattern)  # the same refusals as on DuckDB (look-around, back-references, \b, (?m) …)
    where = {"postgres": "PostgreSQL", "mysql": "MySQL/MariaDB"}[dialect]
    end = r"\Z" if dialect == "postgres" else r"\z"
    newline = _char(10, dialect)
    out: list[str] = [] if dialect == "postgres" else ["(?-i)"]  # MySQL: not the collation's case-folding
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            i += 2
            if nxt in _PY_CLASSES:
                body = _class_body(nxt, dialect)
                out.append(body if in_class else f"[{body}]")
            elif nxt in ("D", "W", "S"):
                out.append(f"[^{_class_body(nxt.lower(), dialect)}]")
            elif nxt == "Z":
                out.append(end)
            elif nxt == "A":
                out.append(r"\A")
            elif nxt in "tnrfv":
                out.append(_char({"t": 9, "n": 10, "r": 13, "f": 12, "v": 11}[nxt], dialect))
            elif nxt.isascii() and nxt.isalnum():
                raise RegexProblem(f"\\{nxt} is not translated for {where}; write the character itself")
            else:
                out.append(_char(ord(nxt), dialect))
            continue
        if in_class:
            if ch == "]" and not _class_start(pattern, i):
                in_class = False
                out.append(ch)
            elif ch == "[":
                out.append(_char(ord(ch), dialect))  # [: [= [. start POSIX classes on the servers
            else:
                out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "$":
            out.append(f"(?:{newline}?{end})")
        elif ch == ".":
            out.append(f"[^{newline}]")
        elif pattern.startswith("(?P<", i):
            close = pattern.index(">", i)
            out.append("(?:")
            i = close + 1
            continue
        elif pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
            raise RegexProblem(f"inline flags and extensions (?…) are not translated for {where}")
        else:
            out.append(ch)
        i += 1
    return "".join(out)
