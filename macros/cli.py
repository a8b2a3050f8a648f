"""The ``csr`` command line (also ``python -m macros``).

Exit codes: 0 no errors, 1 problems found (errors; or warnings with ``--strict``), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__, report
from .diagnostics import Diagnostic
from .registry import DISCLOSURES_DIR, load_registry

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits with 2 already; keep the message short
        self.print_usage(sys.stderr)
        raise UsageError(message)


def default_lang() -> str:
    for var in ("CSR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="csr", description="Check and publish CSR disclosures. / 校验并发布社会责任披露。")
    parser.add_argument("--version", action="version", version=f"csr {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="validate disclosures and report every problem / 校验披露")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="company folders or files to check (default: the whole registry)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages")
    check.add_argument("--root", default=".", help="registry root (the folder with disclosures/)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    check.set_defaults(handler=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        print(f"csr: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exit_:  # --help / --version
        return int(exit_.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"csr: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK


def companies_for_paths(root: Path, paths: Sequence[str]) -> tuple[set[str], list[str]]:
    """Map PATH arguments to company slugs and to the path prefixes whose problems are shown."""
    slugs: set[str] = set()
    prefixes: list[str] = []
    base = (root / DISCLOSURES_DIR).resolve()
    for raw in paths:
        path = Path(raw)
        absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not absolute.exists():
            raise UsageError(f"no such file or folder: {raw}")
        try:
            relative = absolute.relative_to(base)
        except ValueError:
            if absolute == base or absolute == root.resolve():
                return set(), []
            raise UsageError(f"{raw} is not inside {base}") from None
        if not relative.parts:
            return set(), []
        slugs.add(relative.parts[0])
        prefixes.append((Path(DISCLOSURES_DIR) / relative).as_posix())
    return slugs, prefixes


def _selected(diagnostics: list[Diagnostic], prefixes: list[str]) -> list[Diagnostic]:
    if not prefixes:
        return diagnostics
    return [d for d in diagnostics if any(d.path == p or d.path.startswith(p.rstrip("/") + "/") for p in prefixes)]


def cmd_check(args) -> int:
    lang = args.lang or default_lang()
    root = Path(args.root).resolve()
    if not root.is_dir():
        raise UsageError(f"--root {args.root} is not a folder")
    slugs, prefixes = companies_for_paths(root, args.paths)
    registry = load_registry(root, only=slugs or None)
    diagnostics = _selected(registry.problems, prefixes)
    if args.format == "json":
        sys.stdout.write(report.as_json(diagnostics, registry.files_checked))
    elif args.format == "github":
        sys.stdout.write(report.github(diagnostics, lang))
        sys.stderr.write(report.summary(diagnostics, lang, registry.files_checked) + "\n")
    else:
        sys.stdout.write(report.text(diagnostics, lang, registry.files_checked))
    has_errors = any(d.is_error for d in diagnostics)
    if has_errors or (args.strict and diagnostics):
        return EXIT_PROBLEMS
    return EXIT_OK
