"""Fingerprints of what shapes an output, for reusing work of an earlier build.

:func:`digest` of any mix of text, bytes and configuration values (:func:`stable_json` writes
them the same way in every process); :func:`code_fingerprint`: this package's code, templates,
theme and frameworks, and the versions of the libraries that read and render disclosures;
:func:`write_atomically`: how the caches write an entry (a reader sees the old one or the new).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

FORMAT = 2  # bump when the entry layout or what a key covers changes
PACKAGE_DIR = Path(__file__).resolve().parent
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions", "Jinja2",
                 "Pygments", "nh3", "PyYAML", "pagefind", "pagefind-bin-extended")


def write_atomically(path: Path, *chunks: bytes) -> None:
    """Write ``chunks`` to ``path`` through a scratch file beside it, moved into place: another
    process (the other language's build) or a build stopped halfway never leaves half an entry."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(scratch, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    os.replace(scratch, path)


def digest(*parts: Any) -> str:
    """A hex digest of ``parts`` (text, bytes, or anything :func:`stable_json` can write)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = stable_json(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _stable(value: Any) -> Any:
    """A JSON-able form of a configuration value that is the same in every process (functions
    by their qualified name, objects without a readable form by their class)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict) or hasattr(value, "items") and callable(value.items):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if hasattr(value, "func") and hasattr(value, "keywords"):  # functools.partial
        return {"partial": _stable(value.func), "args": _stable(value.args), "keywords": _stable(value.keywords)}
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def files_digest(folder: Path, pattern: str = "*") -> str:
    """The names (relative to ``folder``) and bytes of the files matching ``pattern`` below it."""
    folder = Path(folder)
    return digest([[path.relative_to(folder).as_posix(), path.read_bytes()]
                   for path in sorted(folder.rglob(pattern)) if path.is_file()])


def stable_json(value: Any) -> str:
    return json.dumps(_stable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_code: str | None = None


def code_fingerprint() -> str:
    """This package's code, templates and theme, and the versions of what renders pages."""
    global _code
    if _code is None:
        from importlib import metadata  # here, not at import: `csr check` never needs it (~20 ms)

        h = hashlib.blake2b(digest_size=20)
        for path in sorted(PACKAGE_DIR.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
                h.update(path.read_bytes())
        versions = {}
        for name in DISTRIBUTIONS:
            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = None
        _code = digest(FORMAT, h.hexdigest(), versions)
    return _code
