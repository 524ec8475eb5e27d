"""Copy Great Expectations 1.x's own expectation tests into tests/fixtures/gx1_cases/, for tests/test_gx1_cases.py.

    python scripts/gx1_cases.py /tmp/gxsd/great_expectations-1.24.1

Input: GX's extracted source distribution (`pip download --no-binary :all: --no-deps great-expectations==1.24.1`).
Each `tests/integration/data_sources_and_expectations/expectations/test_expect_*.py` becomes
`tests/fixtures/gx1_cases/gx_expect_*.py` (a name pytest does not collect by itself): GX's source byte for byte,
except that every import from GX's test package (`from tests.<anything> import NAMES`: its conftest, data-source
configs and lists) imports the same NAMES from `tests.gx1_shim`, and a header naming the source file, the GX
version and its licence. GX's LICENSE (Apache-2.0) is copied beside them. The conversion is mechanical (the
import statements are found with `ast`, only their module path is rewritten), so re-running it reproduces the
fixtures exactly; stale `gx_expect_*.py` files are removed.
"""

from __future__ import annotations

import argparse
import ast
import email.parser
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "fixtures" / "gx1_cases"
TESTS = Path("tests/integration/data_sources_and_expectations/expectations")
SHIM = "tests.gx1_shim"
GX_TEST_PACKAGE = "tests"  # GX's own test package: every import from it is GX-test-only infrastructure


def gx_version(sdist: Path) -> str:
    info = email.parser.Parser().parsestr((sdist / "PKG-INFO").read_text(encoding="utf-8"), headersonly=True)
    if info["Name"] not in ("great_expectations", "great-expectations") or not info["Version"]:
        raise SystemExit(f"{sdist}/PKG-INFO is not Great Expectations' (Name: {info['Name']!r})")
    return str(info["Version"])


def gx_test_imports(tree: ast.Module) -> list[ast.ImportFrom]:
    """The statements importing from GX's test package; `import tests...` (binding the package) is refused."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == GX_TEST_PACKAGE for a in node.names):
            raise SystemExit(f"line {node.lineno}: `import tests...` binds GX's test package; not convertible")
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == GX_TEST_PACKAGE:
            if any(a.name == "*" for a in node.names):
                raise SystemExit(f"line {node.lineno}: a star import from {node.module}; not convertible")
            found.append(node)
    return found


def convert(source: str, relpath: str, version: str) -> str:
    """GX's test module with its imports of GX's test package pointing at the shim, and the header."""
    lines = source.split("\n")  # ast counts lines by \n; splitlines() would also split at \x0c, \u2028 ...
    for node in gx_test_imports(ast.parse(source)):
        i = node.lineno - 1
        pattern = re.compile(r"(\bfrom\s+)" + re.escape(str(node.module)) + r"(\s+import\b)")
        new, n = pattern.subn(lambda m: m.group(1) + SHIM + m.group(2), lines[i], count=1)
        if n != 1:
            raise SystemExit(f"{relpath}:{node.lineno}: `from {node.module} import` is not on one line")
        lines[i] = new
    header = (
        f"# Converted by scripts/gx1_cases.py from Great Expectations {version}'s source distribution:\n"
        f"# {relpath}\n"
        "# Copyright Great Expectations (https://github.com/great-expectations/great_expectations), licensed under\n"
        "# the Apache License, Version 2.0 (see LICENSE in this directory). Changed: the imports of GX's test\n"
        f"# infrastructure (from tests.*) import the same names from {SHIM}; nothing else.\n"
    )
    return header + "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sdist", type=Path, help="GX's extracted source distribution (great_expectations-1.x.y/)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    version = gx_version(args.sdist)
    sources = sorted((args.sdist / TESTS).glob("test_expect_*.py"))
    if not sources:
        raise SystemExit(f"no {TESTS}/test_expect_*.py under {args.sdist}")
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("gx_expect_*.py"):
        stale.unlink()
    for path in sources:
        relpath = (TESTS / path.name).as_posix()
        text = convert(path.read_text(encoding="utf-8"), relpath, version)
        (args.out / ("gx_" + path.name.removeprefix("test_"))).write_text(text, encoding="utf-8")
    (args.out / "LICENSE").write_text((args.sdist / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    print(f"{len(sources)} GX {version} test modules -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
