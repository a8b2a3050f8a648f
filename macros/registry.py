"""Loading a registry: find every disclosure file, parse and validate it, build the model."""

from __future__ import annotations

import datetime as _dt
import io
import os
import pickle
import re
from pathlib import Path
from typing import Iterable

from . import diagnostics as diag
from . import forking, frontmatter, translation_rules, validate
from .framework import Framework, framework_dirs, load_frameworks
from .registrycache import CompanyCache, frameworks_key
from .model import Registry

DISCLOSURES_DIR = "disclosures"
MAX_REGISTRY_BYTES = 256 * 1024 * 1024
PAGE_NAME = re.compile(r"(?P<period>[0-9]{4})\.(?P<lang>zh|en)\.md\Z")
ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"}
UNSAFE_ASSET_SUFFIXES = {".svg", ".svgz"}  # may carry scripts that run when opened directly
MAX_ASSET_BYTES = 20 * 1024 * 1024
COMPANY_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
IGNORED_NAMES = {".DS_Store", ".gitkeep", "README.md"}


def relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def company_dirs(root: Path) -> list[Path]:
    base = root / DISCLOSURES_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() or p.is_symlink())


PARALLEL_MIN_COMPANIES = 200  # below this, forking costs more than it saves


def load_registry(root: Path | str, only: Iterable[str] | None = None, parallel: bool | None = None,
                  today: _dt.date | None = None, cache_dir: Path | None = None) -> Registry:
    """Parse and validate the registry under ``root``.

    ``only`` limits the work to some company slugs (the rest of the registry is not read);
    problems are reported with paths relative to ``root``.  A large registry is read in two
    halves side by side (:func:`macros.forking.fork_map`; ``parallel=False`` reads it here).
    Dates are checked against ``today`` (default: :func:`macros.validate.today`).  With
    ``cache_dir`` a company whose files are unchanged since the last read there is not read again
    (:mod:`macros.registrycache`; builds use it, ``csr check`` does not).
    """
    root = Path(root).resolve()
    frameworks = load_frameworks(root)
    today = today or validate.today()
    wanted = set(only) if only is not None else None
    directories = [d for d in company_dirs(root) if wanted is None or d.name in wanted]
    cache = None
    if cache_dir is not None:
        cache = CompanyCache(cache_dir, frameworks_key(framework_dirs(root)), today, _dumps,
                             lambda data: _loads(data, frameworks))
    if parallel is None:
        parallel = forking.can_fork()
    if parallel and len(directories) >= PARALLEL_MIN_COMPANIES:
        middle = len(directories) // 2
        first, second = forking.fork_map([
            lambda: _load_companies(root, frameworks, directories[:middle], today, cache),
            lambda: _dumps(_load_companies(root, frameworks, directories[middle:], today, cache)),
        ])
        parts = [first, _loads(second, frameworks)]
    else:
        parts = [_load_companies(root, frameworks, directories, today, cache)]
    registry, total = parts[0]
    for part, size in parts[1:]:
        _add(registry, part)
        total += size
    if cache is not None and wanted is None:
        cache.forget_others({d.name for d in directories})
    if total > MAX_REGISTRY_BYTES:
        registry.problems.append(diag.make("too-large", DISCLOSURES_DIR, what="the registry", what_zh="整个登记库",
                                           size=total, limit=MAX_REGISTRY_BYTES))
    if wanted is None:
        registry.problems += stray_files(root)
    registry.problems = diag.sort_diagnostics(registry.problems)
    return registry


def stray_files(root: Path) -> list[diag.Diagnostic]:
    """Files directly in ``disclosures/``, outside any company folder: never read, never
    published, so they are errors rather than silently ignored."""
    base = root / DISCLOSURES_DIR
    if not base.is_dir():
        return []
    return [diag.make("stray-file", relpath(path, root), name=relpath(path, root))
            for path in sorted(base.iterdir())
            if path.name not in IGNORED_NAMES and not path.is_dir() and not path.is_symlink()]


def _hard_link(path: Path, root: Path, problems: list) -> bool:
    """A file with more than one name may be another file of the machine under a registry name:
    it is neither read nor published."""
    links = path.stat(follow_symlinks=False).st_nlink
    if links > 1:
        problems.append(diag.make("hard-link", relpath(path, root), name=relpath(path, root), links=links))
        return True
    return False


def _add(registry: Registry, part: Registry) -> None:
    registry.companies.update(part.companies)
    registry.disclosures += part.disclosures
    registry.problems += part.problems
    registry.files_checked += part.files_checked
    registry.inputs.update(part.inputs)


def _load_companies(root: Path, frameworks: dict, directories: list[Path],
                    today: _dt.date | None = None, cache: CompanyCache | None = None) -> tuple[Registry, int]:
    """A registry holding ``directories``' companies, and the bytes read (reading stops once
    they pass :data:`MAX_REGISTRY_BYTES`); companies unchanged since ``cache`` kept them are
    taken from it."""
    registry = Registry(root=root, frameworks=frameworks)
    total = 0
    for directory in directories:
        if cache is None:
            total += _load_company(registry, directory, directory.name, today)
        else:
            key, found = cache.find(directory)
            if found is None:
                part = Registry(root=root, frameworks=frameworks)
                size = _load_company(part, directory, directory.name, today)
                if key is not None:
                    part.inputs[directory.name] = key
                    cache.store(directory.name, key, (part, size))
            else:
                part, size = found
            _add(registry, part)
            total += size
        if total > MAX_REGISTRY_BYTES:
            break
    return registry, total


class _FrameworkPickler(pickle.Pickler):
    """Frameworks are sent by id: the receiving process has the same ones (forked), and
    disclosures must keep pointing at those very objects."""

    def persistent_id(self, obj):
        return ("framework", obj.id) if isinstance(obj, Framework) else None


class _FrameworkUnpickler(pickle.Unpickler):
    def __init__(self, data: io.BytesIO, frameworks: dict):
        super().__init__(data)
        self.frameworks = frameworks

    def persistent_load(self, pid):
        kind, framework_id = pid
        if kind != "framework":
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return self.frameworks[framework_id]


def _dumps(part: tuple[Registry, int]) -> bytes:
    buffer = io.BytesIO()
    _FrameworkPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(part)
    return buffer.getvalue()


def _loads(data: bytes, frameworks: dict) -> tuple[Registry, int]:
    return _FrameworkUnpickler(io.BytesIO(data), frameworks).load()


def _read(path: Path, root: Path, problems: list) -> bytes | None:
    rel = relpath(path, root)
    if path.is_symlink() or not path.resolve().is_relative_to(root):
        problems.append(diag.make("unsafe-path", rel, name=rel))
        return None
    size = path.stat().st_size
    if size > frontmatter.MAX_FILE_BYTES:
        problems.append(diag.make("too-large", rel, 1, 1, what="file", what_zh="文件", size=size,
                                  limit=frontmatter.MAX_FILE_BYTES))
        return None
    return path.read_bytes()


def _load_company(registry: Registry, directory: Path, slug: str, today: _dt.date | None = None) -> int:
    root = registry.root
    problems = registry.problems
    rel_dir = relpath(directory, root)
    if directory.is_symlink():
        problems.append(diag.make("unsafe-path", rel_dir, name=rel_dir))
        return 0
    if not COMPANY_SLUG.match(slug):
        problems.append(diag.make("bad-company-slug", rel_dir, name=slug))
        return 0
    size = 0
    pages: dict[str, dict[str, Path]] = {}
    assets: set[str] = set()  # publishable files: what a body may link to
    company_file = None
    for path in sorted(directory.iterdir()):
        name = path.name
        if name in IGNORED_NAMES:
            continue
        if path.is_symlink():
            problems.append(diag.make("unsafe-path", relpath(path, root), name=relpath(path, root)))
            continue
        if path.is_file() and _hard_link(path, root, problems):
            continue
        if name == "company.yml":
            company_file = path
            continue
        match = PAGE_NAME.match(name)
        if match and path.is_file():
            pages.setdefault(match["period"], {})[match["lang"]] = path
            continue
        if path.is_file() and path.suffix.lower() in ASSET_SUFFIXES:
            asset_size = path.stat().st_size
            size += asset_size
            if asset_size > MAX_ASSET_BYTES:
                problems.append(diag.make("too-large", relpath(path, root), what="file", what_zh="文件",
                                          size=asset_size, limit=MAX_ASSET_BYTES))
            else:
                assets.add(name)
            continue
        if path.is_file() and path.suffix.lower() in UNSAFE_ASSET_SUFFIXES:
            problems.append(diag.make("unsafe-asset", relpath(path, root), name=relpath(path, root)))
            continue
        problems.append(diag.make("bad-filename", relpath(path, root), name=name))

    company = None
    if company_file is None:
        problems.append(diag.make("company-file-missing", rel_dir, company=rel_dir))
    else:
        raw = _read(company_file, root, problems)
        if raw is not None:
            size += len(raw)
            registry.files_checked += 1
            document = frontmatter.load_data(raw, relpath(company_file, root))
            problems.extend(document.problems)
            company = validate.check_company(document, slug, registry.frameworks, problems)
            if company is not None:
                registry.companies[slug] = company

    for period in sorted(pages):
        files = pages[period]
        zh_document = en_document = None
        if "zh" in files:
            raw = _read(files["zh"], root, problems)
            if raw is not None:
                size += len(raw)
                registry.files_checked += 1
                zh_document = frontmatter.load_page(raw, relpath(files["zh"], root))
                problems.extend(zh_document.problems)
        if "en" in files:
            raw = _read(files["en"], root, problems)
            if raw is not None:
                size += len(raw)
                registry.files_checked += 1
                en_document = frontmatter.load_page(raw, relpath(files["en"], root))
                problems.extend(en_document.problems)
        disclosure = None
        if zh_document is not None:
            disclosure = validate.check_chinese_page(zh_document, company, period, registry.frameworks, problems,
                                                     today, assets, english=en_document)
        elif "en" in files:
            rel_en = relpath(files["en"], root)
            problems.append(diag.make("chinese-page-missing", rel_en, name=rel_en,
                                      expected=rel_en.replace(".en.md", ".zh.md")))
        if en_document is not None:
            translation = translation_rules.check_translation(en_document, disclosure, zh_document, problems, assets)
            if disclosure is not None:
                disclosure.en = translation
        elif disclosure is not None:
            rel_zh = relpath(files["zh"], root)
            problems.append(diag.make("translation-missing", rel_zh, name=rel_zh,
                                      expected=rel_zh.replace(".zh.md", ".en.md")))
        if disclosure is not None:
            registry.disclosures.append(disclosure)
    return size


def iter_disclosure_files(root: Path) -> list[Path]:
    """Every file under ``disclosures/`` (for tools that work file by file)."""
    base = Path(root) / DISCLOSURES_DIR
    result = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for filename in sorted(filenames):
            result.append(Path(dirpath) / filename)
    return result
