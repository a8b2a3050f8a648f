"""The ``csr`` command line (also ``python -m macros``).

Exit codes: 0 no errors, 1 problems found (errors; or warnings with ``--strict``), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

import yaml

from . import __version__, environment, languages, report
from .diagnostics import Diagnostic, counted
from .registry import DISCLOSURES_DIR, load_registry

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits with 2 already; keep the message short
        self.print_usage(sys.stderr)
        raise UsageError(message)


def default_lang() -> str:
    return environment.message_language()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="csr", description="Check and publish CSR disclosures. / 校验并发布社会责任披露。")
    parser.add_argument("--version", action="version", version=f"csr {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="validate disclosures and report every problem / 校验披露")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="company folders or files to check (default: the whole registry)")
    check.add_argument("--format", choices=("text", "github", "json", "sarif"), default="text",
                       help="text (default), github (annotations and job summary), json, sarif (code scanning)")
    check.add_argument("--lang", choices=languages.CODES, default=None, help="language of messages")
    check.add_argument("--root", default=".", help="registry root (the folder with disclosures/)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    check.set_defaults(handler=cmd_check)

    diff = sub.add_parser("diff", help="report what changed in the disclosures between git refs / 披露变化报告")
    diff.add_argument("base", metavar="BASE", help="git ref to compare from, e.g. origin/main")
    diff.add_argument("head", metavar="HEAD", nargs="?", default=None,
                      help="git ref to compare to (default: the working tree)")
    diff.add_argument("--root", default=".", help="repository root")
    diff.add_argument("--max-bytes", type=int, default=None, metavar="N",
                      help="cut the report to N bytes with a note (default: 1,000,000; a GitHub job summary "
                           "holds at most 1 MiB per step)")
    diff.set_defaults(handler=cmd_diff)

    new = sub.add_parser("new", help="scaffold a company's pages for a period / 新建披露页面")
    new.add_argument("company", metavar="COMPANY", help="company id (folder name), e.g. example-soft")
    new.add_argument("--period", required=True, help="reporting year, e.g. 2024")
    new.add_argument("--framework", default="tbsia-003-2022")
    new.add_argument("--root", default=".")
    new.set_defaults(handler=cmd_new)

    fmt = sub.add_parser("fmt", help="normalise front matter (comments and body kept) / 规范化前言")
    fmt.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: disclosures/)")
    fmt.add_argument("--check", action="store_true", help="exit 1 if a file would change; write nothing")
    fmt.add_argument("--root", default=".")
    fmt.set_defaults(handler=cmd_fmt)

    schema = sub.add_parser("schema", help="write the JSON Schemas of the format / 输出 JSON Schema")
    schema.add_argument("--output", "-o", default="schema", help="folder to write to (default: schema/)")
    schema.add_argument("--root", default=".")
    schema.set_defaults(handler=cmd_schema)

    serve = sub.add_parser("serve", help="live preview of one company's pages / 单个企业的实时预览")
    serve.add_argument("company", metavar="COMPANY")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--config-file", "-f", default="mkdocs.yml")
    serve.add_argument("--root", default=".")
    serve.set_defaults(handler=cmd_serve)
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
    elif args.format == "sarif":
        sarif_lang = args.lang or "en"  # code scanning shows English unless asked otherwise
        sys.stdout.write(report.sarif(diagnostics, sarif_lang, catalogue_url(root, sarif_lang)))
        sys.stderr.write(report.summary(diagnostics, sarif_lang, registry.files_checked) + "\n")
    elif args.format == "github":
        sys.stdout.write(report.github(diagnostics, lang))
        sys.stderr.write(report.summary(diagnostics, lang, registry.files_checked) + "\n")
        summary_file = environment.github_step_summary()
        if summary_file is not None:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(report.step_summary(diagnostics, lang, registry.files_checked))
    else:
        sys.stdout.write(report.text(diagnostics, lang, registry.files_checked))
    has_errors = any(d.is_error for d in diagnostics)
    if has_errors or (args.strict and diagnostics):
        return EXIT_PROBLEMS
    return EXIT_OK


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its site_url: ``!ENV`` resolved as MkDocs does, other tags ignored."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return environment.first_set([loader.construct_scalar(node)])
    names = [loader.construct_scalar(item) for item in node.value]
    found = environment.first_set(names[:-1])
    return found if found is not None else names[-1]


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


DEFAULT_SITE_URL = "https://csr-disclosures.example.org/"  # the default site_url of this project's mkdocs.yml


def catalogue_url(root: Path, lang: str) -> str:
    """The error catalogue page, in ``lang``, of the registry's site: ``site_url`` of its
    mkdocs.yml (``!ENV`` resolved), else the project's default address."""
    site_url = None
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = None
    if isinstance(config, dict) and isinstance(config.get("site_url"), str):
        site_url = config["site_url"]
    if not site_url or not site_url.startswith(("https://", "http://")):
        site_url = DEFAULT_SITE_URL
    return site_url.rstrip("/") + "/" + languages.root(lang) + "reference/errors/"


def cmd_diff(args) -> int:
    from . import diffing, diffreport

    root = Path(args.root).resolve()
    max_bytes = diffreport.MAX_BYTES if args.max_bytes is None else args.max_bytes
    if max_bytes < 4096:
        raise UsageError("--max-bytes must be at least 4096")
    try:
        changes, old, new = diffing.diff(root, args.base, args.head)
    except diffing.GitError as error:
        raise UsageError(str(error)) from None
    sys.stdout.write(diffreport.render(changes, args.base, args.head or "working tree", old, new, max_bytes))
    return EXIT_OK


def cmd_new(args) -> int:
    from .framework import load_frameworks
    from .scaffold import ScaffoldError, scaffold

    root = Path(args.root).resolve()
    frameworks = load_frameworks(root)
    if args.framework not in frameworks:
        raise UsageError(f"unknown framework {args.framework!r}; available: {', '.join(sorted(frameworks))}")
    try:
        written = scaffold(root, args.company, args.period, frameworks[args.framework])
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(f"created {path.relative_to(root).as_posix()}")
    print(f"next: edit the pages, then run: csr check {DISCLOSURES_DIR}/{args.company}")
    return EXIT_OK


def _format_targets(root: Path, paths: Sequence[str]) -> list[Path]:
    targets = [Path(p) if Path(p).is_absolute() else Path.cwd() / p for p in paths] or [root / DISCLOSURES_DIR]
    files: list[Path] = []
    for target in targets:
        if not target.exists():
            raise UsageError(f"no such file or folder: {target}")
        candidates = sorted(target.rglob("*")) if target.is_dir() else [target]
        files += [p for p in candidates if p.is_file() and not p.is_symlink()
                  and (p.name == "company.yml" or p.name.endswith((".zh.md", ".en.md")))]
    return files


def cmd_fmt(args) -> int:
    from .fmt import format_file

    root = Path(args.root).resolve()
    lang = default_lang()
    would_change, failed = [], []
    for path in _format_targets(root, args.paths):
        display = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
        result = format_file(path, display)
        if result.formatted is None:
            failed.append(result)
            sys.stderr.write(report.text(result.problems, lang).rsplit("\n", 2)[0] + "\n")
            continue
        if result.changed:
            would_change.append(display)
            if not args.check:
                path.write_bytes(result.formatted)
    for display in would_change:
        print(("would reformat " if args.check else "reformatted ") + display)
    if not would_change and not failed:
        print("all files are formatted")
    if failed:
        print(f"{counted(len(failed), 'file', 'files')} could not be formatted; run csr check", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if (args.check and would_change) else EXIT_OK


def cmd_schema(args) -> int:
    import json

    from .framework import load_frameworks
    from .jsonschema import build_schemas

    root = Path(args.root).resolve()
    output = Path(args.output)
    output = output if output.is_absolute() else Path.cwd() / output
    output.mkdir(parents=True, exist_ok=True)
    schemas = {**build_schemas(load_frameworks(root)), "check-report": report.report_schema()}
    for name, schema in schemas.items():
        path = output / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return EXIT_OK


def cmd_serve(args) -> int:
    from . import preview

    root = Path(args.root).resolve()
    if not (root / DISCLOSURES_DIR / args.company).is_dir():
        raise UsageError(f"no company folder {DISCLOSURES_DIR}/{args.company}")
    config = Path(args.config_file)
    config = config if config.is_absolute() else root / config
    if not config.exists():
        raise UsageError(f"no MkDocs configuration at {config}")
    return preview.serve(root, args.company, args.dev_addr, config)
