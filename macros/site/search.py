"""Per-language search indexes.

mkdocs-static-i18n merges every language's entries into one ``search/search_index.json``, so a
Chinese query on the English site returns Chinese pages first and every reader downloads both
languages.  :func:`split_index` turns the merged index into one index per language root, each
holding only that language's pages, with locations relative to that root.
"""

from __future__ import annotations

import json
from pathlib import Path

# Material's recommended separator for Chinese: split on whitespace, the zero-width spaces that
# jieba segmentation inserts at build time, and common punctuation.
SEPARATORS = {
    "zh": r'[\s\u200b\-_,:!=\[\]()"`/，。、；：！？（）《》“”]+|\.(?!\d)|&[lg]t;',
    "en": r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])',
}


def split_index(merged: dict, languages: list[str], default: str) -> dict[str, dict]:
    """Split a merged index by location prefix (``en/...``) into ``{lang: index}``."""
    buckets: dict[str, list[dict]] = {lang: [] for lang in languages}
    prefixes = {lang: f"{lang}/" for lang in languages if lang != default}
    for entry in merged.get("docs", []):
        location = entry.get("location", "")
        for lang, prefix in prefixes.items():
            if location.startswith(prefix):
                buckets[lang].append({**entry, "location": location[len(prefix):]})
                break
        else:
            buckets[default].append(entry)
    result = {}
    for lang, docs in buckets.items():
        config = dict(merged.get("config", {}))
        config["lang"] = [lang]
        config["separator"] = SEPARATORS.get(lang, config.get("separator", r"[\s\-]+"))
        result[lang] = {"config": config, "docs": docs}
    return result


def write_split_indexes(site_dir: Path, languages: list[str], default: str) -> dict[str, int]:
    """Rewrite ``site/search/search_index.json`` into one index per language; return sizes."""
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.exists():
        return {}
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    sizes = {}
    for lang, index in split_index(merged, languages, default).items():
        root = site_dir if lang == default else site_dir / lang
        path = root / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        path.write_text(data, encoding="utf-8")
        sizes[lang] = len(data.encode("utf-8"))
    return sizes
