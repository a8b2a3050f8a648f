"""The package's own files in the MkDocs configuration, and the check of the i18n settings.

A registry needs no copy of these files: the csr plugin adds them to every build.

* ``macros/theme/``, a theme folder placed after the registry's ``custom_dir`` and before
  Material: the language switcher partial (per-page links, :mod:`macros.site.language_links`),
  the search field (``partials/search.html``, with ``partials/header.html`` showing it without
  Material's search plugin) and ``partials/content.html`` (which marks what Pagefind indexes),
  and, as its static files, ``assets/csr/csr.css``, ``assets/csr/csr.js`` and
  ``assets/csr/search.js``;
* the stylesheet and the scripts, added to ``extra_css`` and ``extra_javascript``;
* ``extra.csr_search``: where the search bundle is from the language's root (``pagefind/`` at
  the site root, :mod:`macros.site.search`), and, in ``mkdocs serve`` (which builds no index),
  the sentence the search field shows instead of results;
* the Markdown extensions the pages need (:data:`REQUIRED_EXTENSIONS`), where missing.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError

from .. import environment, languages
from . import search

THEME_DIR = Path(__file__).resolve().parents[1] / "theme"
# what generated pages and disclosure bodies need: heading anchors ({#id}), notes (!!!), Markdown
# inside the element that marks untranslated sections as Chinese (<div lang="zh" markdown>)
REQUIRED_EXTENSIONS = ("toc", "attr_list", "admonition", "tables", "md_in_html")
STYLESHEET = "assets/csr/csr.css"
SCRIPT = "assets/csr/csr.js"
SEARCH_SCRIPT = "assets/csr/search.js"
SEARCH_UNAVAILABLE = {
    languages.SOURCE.code: "预览中没有搜索：搜索索引在 mkdocs build 时构建。",
    languages.TRANSLATION.code: "Search is not available in the preview: mkdocs build builds the search index.",
}

I18N_SNIPPET = f"""  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_search: false
      build_only_locale: !ENV [{environment.LANGUAGE}, {languages.SOURCE.code}]
      languages:
""" + "".join(f"""        - locale: {language.code}
          name: {language.name}
          default: {str(language is languages.SOURCE).lower()}
""" for language in languages.LANGUAGES)


def add_theme_files(config, language: str = languages.SOURCE.code, serving: bool = False) -> None:
    """Put the package's theme folder, stylesheet and scripts into ``config`` for a build of
    ``language`` (idempotent: ``mkdocs serve`` configures the same object on every rebuild)."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    for script in (SCRIPT, SEARCH_SCRIPT):
        if script not in [str(existing) for existing in config.extra_javascript]:
            config.extra_javascript.append(ExtraScriptValue(script))
    up = "../" * languages.root(language).count("/")  # from the language's root to the site's
    unavailable = SEARCH_UNAVAILABLE.get(language, "")
    config.extra["csr_search"] = {"bundle": f"{up}{search.BUNDLE}/", "unavailable": unavailable if serving else "",
                                  "missing": unavailable}  # shown if the index cannot be loaded
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    config.mdx_configs.setdefault("toc", {}).setdefault("permalink", True)


def check_i18n(config, language: str) -> None:
    """mkdocs-static-i18n must know the product's languages and build only ``language``."""
    i18n = config.plugins.get("i18n")
    problem = None
    if i18n is None:
        problem = "the i18n plugin (mkdocs-static-i18n) is not configured"
    else:
        codes = tuple(entry.locale for entry in i18n.config.languages)
        if codes != languages.CODES:
            problem = f"the i18n plugin lists the languages {', '.join(codes)}; expected {', '.join(languages.CODES)}"
        elif i18n.config.build_only_locale != language:
            problem = (f"the i18n plugin builds {i18n.config.build_only_locale or 'every language'} where this build "
                       f"is for '{language}'; each language is built on its own")
    if problem:
        raise PluginError(f"csr: {problem}. In mkdocs.yml, after `- csr`, configure:\n{I18N_SNIPPET}")
