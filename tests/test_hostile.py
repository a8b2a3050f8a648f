"""Hostile disclosures (tests/hostile/, one file per attack; expectations in expected.yml).

An attack is either rejected by `csr check` with its code and line, or it passes the check and
is neutralised on the published site, which is built for real and read back: no page may run
anything taken from a disclosure, and text that looks like code is shown as text.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from macros.frontmatter import MAX_FILE_BYTES, MAX_FRONT_MATTER_BYTES
from macros.registry import load_registry
from macros.site import redirects, sanitize
from registry_builder import COMPANY_YML, EN_PAGE, ZH_PAGE, variant, write_tree
from test_site_build import MKDOCS, REPO

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED: dict = yaml.safe_load((HOSTILE / "expected.yml").read_text(encoding="utf-8"))
REJECTED = sorted(name for name, e in EXPECTED.items() if "report" in e)
PUBLISHED = sorted(name for name, e in EXPECTED.items() if "publish" in e)
MARKER = "csr-pwned"  # every script payload in the corpus mentions it
WHOLE_FILE = {"CSR404", "CSR501", "CSR402", "CSR610", "CSR611"}  # problems of a file as a whole: no line


def company_of(name: str) -> str:
    return name.split(".")[0]


def hostile_company_yml(slug: str) -> str:
    """Company names are disclosure text too: they carry payloads into every generated page."""
    return (f'name:\n  zh: "{slug} <script>alert(\'{MARKER}\')</script>"\n'
            f'  en: "Hostile <img src=x onerror=alert(\'{MARKER}\')> {slug}"\n'
            'type: private\nwebsite: "https://hostile.example"\n')


def _huge_file() -> bytes:
    return (ZH_PAGE + "长" * (MAX_FILE_BYTES // 3 + 1)).encode("utf-8")


def _huge_front_matter() -> bytes:
    page = ZH_PAGE.replace('summary: "我们坚持开源。"', 'summary: "' + "长" * (MAX_FRONT_MATTER_BYTES // 3 + 1) + '"')
    assert len(page.encode("utf-8")) < MAX_FILE_BYTES  # only the front matter cap applies
    return page.encode("utf-8")


def _with_body(text: str) -> bytes:
    return (ZH_PAGE + "\n" + text).encode("utf-8")


def _huge_body() -> bytes:
    from macros.limits import MAX_BODY_CHARS
    page = _with_body(("长文。" * 1000 + "\n\n") * (MAX_BODY_CHARS // 3000 + 1))
    assert len(page) < MAX_FILE_BYTES  # only the body limit applies
    return page


def _long_line() -> bytes:
    from macros.limits import MAX_LINE_CHARS
    return _with_body("长" * (MAX_LINE_CHARS + 1) + "\n")


def _huge_number() -> bytes:
    return ZH_PAGE.replace("value: 12", "value: " + "9" * 5000).encode("utf-8")


GENERATED = {"huge-file.zh.md": _huge_file, "huge-front-matter.zh.md": _huge_front_matter,
             "huge-body.zh.md": _huge_body, "long-line.zh.md": _long_line, "huge-number.zh.md": _huge_number,
             "period-0000.zh.md": lambda: ZH_PAGE.encode("utf-8")}
LINKED = {"stray-file.zh.md", "hard-link.png"}  # placed by place() itself


def place(root: Path, name: str) -> str:
    """Put the attack ``name`` into the registry at ``root``; return the path it is reported at."""
    slug = company_of(name)
    folder = root / "disclosures" / slug
    folder.mkdir(parents=True)
    (folder / "company.yml").write_text(hostile_company_yml(slug), encoding="utf-8")
    page = folder / f"{EXPECTED[name].get('period', '2022')}.zh.md"
    if name == "stray-file.zh.md":  # a page put directly in disclosures/, outside any company
        page.write_text(ZH_PAGE, encoding="utf-8")
        (root / "disclosures" / name).write_text(ZH_PAGE, encoding="utf-8")
        return f"disclosures/{name}"
    if name == "hard-link.png":  # another file of the machine under a registry name
        page.write_text(ZH_PAGE, encoding="utf-8")
        secret = root.parent / f"{root.name}-secret.png"
        secret.write_bytes(b"\x89PNG secret from elsewhere")
        os.link(secret, folder / name)
        return f"disclosures/{slug}/{name}"
    if name == "symlink.zh.md":
        secret = root.parent / f"{root.name}-outside-the-repository.md"
        secret.write_text(ZH_PAGE, encoding="utf-8")
        os.symlink(secret, page)
    elif name in GENERATED:
        page.write_bytes(GENERATED[name]())
    elif name.endswith(".zh.md"):
        page.write_bytes((HOSTILE / name).read_bytes())
    else:  # a file that sits beside a valid page
        page.write_text(ZH_PAGE, encoding="utf-8")
        shutil.copy(HOSTILE / name, folder / name)
        return f"disclosures/{slug}/{name}"
    return f"disclosures/{slug}/{page.name}"


def test_the_corpus_and_its_table_agree():
    files = {p.name for p in HOSTILE.iterdir() if p.name not in {"expected.yml", ".gitattributes"}}
    generated = {name for name, e in EXPECTED.items() if e.get("generated")}
    assert files == set(EXPECTED) - generated
    assert set(GENERATED) | {"symlink.zh.md"} | LINKED == generated
    assert all(("report" in e) != ("publish" in e) for e in EXPECTED.values())


@pytest.mark.parametrize("name", REJECTED)
def test_each_rejected_attack_is_reported_at_its_line(tmp_path, name):
    path = place(tmp_path, name)
    started = time.monotonic()
    registry = load_registry(tmp_path)
    assert all(d.line >= 1 for d in registry.problems if d.path.endswith(".md") and d.code not in WHOLE_FILE)
    assert time.monotonic() - started < 10  # no bomb, no hang
    found = [(d.code, d.line) for d in registry.problems if d.path == path]
    for code, line in EXPECTED[name]["report"]:
        assert (code, line) in found, f"{path}: expected {code} at line {line}, got {sorted(found)}"
    assert registry.errors, "an attack must fail the check"
    first = next(d for d in registry.problems if d.path == path and d.code == EXPECTED[name]["report"][0][0])
    assert EXPECTED[name].get("message", "") in first.message("en")
    for problem in registry.problems:  # every message is complete, in both languages
        assert problem.message("zh") and problem.message("en") and "Traceback" not in problem.message("en")


def test_csr_check_reports_every_attack_in_one_run_and_passes_the_published_ones(tmp_path):
    paths = {name: place(tmp_path, name) for name in REJECTED + PUBLISHED}
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--format", "json"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    found = {(d["path"], d["code"], d["line"]) for d in report["diagnostics"]}
    for name in REJECTED:
        for code, line in EXPECTED[name]["report"]:
            assert (paths[name], code, line) in found, (name, code, line)
    errors_in_published = [d for d in report["diagnostics"] if d["severity"] == "error"
                           and d["path"].split("/")[1] in {company_of(n) for n in PUBLISHED}]
    assert errors_in_published == []


def test_a_python_tag_never_runs(tmp_path):
    marker = Path("/tmp/pwned")
    marker.unlink(missing_ok=True)
    place(tmp_path, "python-tag.zh.md")
    load_registry(tmp_path)
    subprocess.run([sys.executable, "-m", "macros", "check"], cwd=tmp_path, capture_output=True, timeout=60)
    assert not marker.exists()


def test_registry_size_cap_names_the_registry(tmp_path, monkeypatch):
    import macros.registry as registry_module

    monkeypatch.setattr(registry_module, "MAX_REGISTRY_BYTES", 1000)
    write_tree(tmp_path, variant())
    problems = [d for d in load_registry(tmp_path).errors if d.code == "CSR109"]
    assert problems and problems[0].path == "disclosures" and "registry" in problems[0].message("en")


def test_an_oversized_image_is_rejected_by_name(tmp_path, monkeypatch):
    import macros.registry as registry_module

    monkeypatch.setattr(registry_module, "MAX_ASSET_BYTES", 100)
    write_tree(tmp_path, {**variant(), "disclosures/acme/chart.png": b"\x89PNG" + b"\0" * 200})
    problems = [(d.code, d.path) for d in load_registry(tmp_path).errors]
    assert problems == [("CSR109", "disclosures/acme/chart.png")]


# -- the sanitiser on its own ---------------------------------------------------------------------

@pytest.mark.parametrize("dirty, forbidden", [
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "avascript"),
    ('<a href="JaVaScRiPt&colon;alert(1)">x</a>', "alert"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<img src="data:image/png;base64,AAAA">', "data:"),
    ('<img src="https://evil.example/t.png">', "evil.example"),
    ('<img src="//evil.example/t.png">', "evil.example"),
    ('<p onclick="alert(1)">x</p>', "onclick"),
    ('<svg><script>alert(1)</script></svg>', "alert"),
    ('<div id="__config">{}</div>', "__config"),
    ('<input type="password" name="p">', "<input"),
    ('<a href="https://example.org/" target="_blank">x</a>', "_blank"),
])
def test_the_sanitiser_removes(dirty, forbidden):
    assert forbidden not in sanitize.clean(dirty)


def test_the_sanitiser_keeps_safe_markup_and_marks_links():
    cleaned = sanitize.clean('<h2 id="open-source">开源</h2><a href="https://example.org/">证据</a>'
                             '<img src="../chart.png" alt="图"><li><input type="checkbox" disabled> 完成</li>')
    assert '<h2 id="open-source">开源</h2>' in cleaned and '<img src="../chart.png" alt="图">' in cleaned
    assert '<a href="https://example.org/" rel="nofollow noopener noreferrer">证据</a>' in cleaned
    assert '<input type="checkbox" disabled="">' in cleaned


# every way a href may lead to another host (or a scheme) keeps the rel: the browser strips
# leading/trailing spaces and controls and drops tabs and newlines before parsing; "\\" is "/"
@pytest.mark.parametrize("href", [
    "https://example.org/", "http://example.org/x", "mailto:a@example.org", "//evil.example/",
    "/\\evil.example/", "\\\\evil.example/", "&#9;//evil.example/", "&#10;//evil.example/",
    " //evil.example/", "/&#9;/evil.example/", "&#x0d;//evil.example/", "HTTPS:evil.example",
    "https&#58;//evil.example/", "/absolute/path", "x.html#a:b", "", "a b",
])
def test_the_sanitiser_keeps_rel_on_links_that_may_leave_the_site(href):
    cleaned = sanitize.clean(f'<a href="{href}" title="x">x</a><a title=\'y href="#z"\' href="{href}">y</a>')
    links = re.findall(r"<a\b[^>]*>", cleaned)
    assert len(links) == 2 and all(link.endswith(' rel="nofollow noopener noreferrer">') for link in links), cleaned


@pytest.mark.parametrize("href", ["#open-source", "#北辰智能科技-2022-年度社会责任声明", "../", "../../../indicators/x/",
                                  "2022/", "chart.png", "./a?b=1&amp;c=2#d", "..", "#a:b"])
def test_the_sanitiser_leaves_links_within_the_site_unmarked(href):
    cleaned = sanitize.clean(f'<a href="{href}" class="headerlink" title="Permanent link">¶</a>')
    assert cleaned == f'<a href="{href}" class="headerlink" title="Permanent link">¶</a>'
    assert sanitize.clean(f'<a href="{href}" rel="nofollow me">x</a>') == f'<a href="{href}">x</a>'  # no rel of its own


def test_a_link_without_href_keeps_rel():
    assert sanitize.clean("<a>x</a>") == '<a rel="nofollow noopener noreferrer">x</a>'


def test_theme_text_escapes_what_templates_print_raw():
    assert sanitize.theme_text("A&B <script>\"'") == "A&amp;B &lt;script&gt;&quot;&#x27;"


# -- a real build of the published attacks --------------------------------------------------------

def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-site")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs",):
        shutil.copytree(REPO / folder, root / folder)
    for name in PUBLISHED:
        place(root, name)
    # a well-behaved company: an image kept beside its disclosure is published and linked
    write_tree(root, {**variant(zh=ZH_PAGE + "\n![标志](logo.png)\n", en=EN_PAGE + "\n![Logo](logo.png)\n"),
                      "disclosures/acme/logo.png": tiny_png()})
    result = subprocess.run([*MKDOCS, "build", "--strict"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return root / "site"


class _PageText(HTMLParser):
    """The visible text of a page's <article> (what a reader sees, entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _PageText()
    parser.feed(page)
    return "".join(parser.parts)


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "background",
                   "xlink:href", "cite", "ping"}
_FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "base", "applet"}


class _Executable(HTMLParser):
    """Everything in a page that could run, load or restyle something, if it came from a disclosure."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.raw_text_tag: str | None = None
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            self.problems.append("<meta http-equiv=refresh>")
        for key, value in attrs:
            value = value or ""
            if key.startswith("on"):
                self.problems.append(f"<{tag} {key}=...>")
            if key in _URL_ATTRIBUTES:
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                if url.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"<{tag} {key}={value[:40]!r}>")
                if not url.startswith("#") and (MARKER in value or "evil.example" in value):
                    self.problems.append(f"<{tag} {key}={value[:40]!r}>")
            if key == "style" and (MARKER in value or "evil" in value or "fixed" in value):
                self.problems.append(f"<{tag} style={value[:40]!r}>")
            if key == "id":
                self.ids.append(value)
        if tag in ("script", "style", "textarea", "title"):
            self.raw_text_tag = tag

    def handle_endtag(self, tag):
        if tag == self.raw_text_tag:
            self.raw_text_tag = None

    def handle_data(self, data):
        if self.raw_text_tag in ("script", "style") and (MARKER in data or "evil.example" in data):
            self.problems.append(f"<{self.raw_text_tag}> with {data.strip()[:40]!r}")

    def close(self):
        super().close()
        theme_ids = [i for i in self.ids if i.startswith("__")]
        if len(theme_ids) != len(set(theme_ids)):
            self.problems.append(f"theme id clobbered: {sorted(theme_ids)}")


def executable_parts(markup: str) -> list[str]:
    scanner = _Executable()
    scanner.feed(markup)
    scanner.close()
    return scanner.problems


@pytest.mark.build
@pytest.mark.parametrize("name", PUBLISHED)
def test_each_published_attack_is_shown_as_text_and_runs_nothing(hostile_site, name):
    expected = EXPECTED[name]["publish"]
    for prefix in ("", "en/"):
        page = (hostile_site / prefix / "companies" / company_of(name) / "2022/index.html").read_text(encoding="utf-8")
        text = visible_text(page)
        for shown in expected["shown"]:
            assert shown in text, f"{prefix}{name}: {shown!r} is not shown"
        article = page.split("<article", 1)[1].split("</article>", 1)[0]
        for absent in expected["absent"]:
            assert absent not in article, f"{prefix}{name}: {absent!r} was published"
        assert executable_parts(page) == []


def _is_content_index_redirect(site: Path, page: Path) -> bool:
    found = re.fullmatch(r"(en/)?companies/[a-z0-9-]+/([0-9]{4})-index/index\.html", page.relative_to(site).as_posix())
    return bool(found) and page.read_text(encoding="utf-8") == redirects.stub(
        f"../{found[2]}/#csr-indicator-summary", "en" if found[1] else "zh")


@pytest.mark.build
def test_no_page_of_the_site_runs_anything_from_a_disclosure(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    # the old URLs of content indexes redirect to the disclosure page: exempt only when the page
    # is, byte for byte, the package's redirect to its own disclosure page (nothing of a
    # disclosure in it); any other meta refresh is a problem
    stubs = {p.relative_to(hostile_site).as_posix() for p in pages if _is_content_index_redirect(hostile_site, p)}
    assert len(stubs) == 2 * len(list(hostile_site.glob("companies/*/2022-index/index.html"))) > 0
    problems = {p.relative_to(hostile_site).as_posix(): executable_parts(p.read_text(encoding="utf-8"))
                for p in pages}
    assert {page: found for page, found in problems.items()
            if found and not (page in stubs and found == ["<meta http-equiv=refresh>"])} == {}
    # the payloads did reach the pages, as text: the scan was not vacuous
    shown_on = [p for p in pages if MARKER in visible_text(p.read_text(encoding="utf-8"))]
    assert len(shown_on) >= len(PUBLISHED)
    assert "<script>alert('csr-pwned')</script>" in visible_text(
        (hostile_site / "companies/script-tag/index.html").read_text(encoding="utf-8"))  # a company name


@pytest.mark.build
def test_the_search_index_holds_no_live_markup(hostile_site):
    """Pagefind keeps each page's text and title as the reader sees them: the payloads are in it
    as text.  Pagefind escapes the excerpts it makes of that text (marking the query's words
    with <mark>); the search field takes only the text and the <mark>s of an excerpt and sets
    titles as text, never index text as markup."""
    from macros.site import search

    texts = []
    for lang in ("zh", "en"):
        for _id, fragment in search.fragments(hostile_site / "pagefind", lang):
            texts.append(fragment["meta"].get("title", "") + " " + fragment["content"])
    assert any("<script>alert('csr-pwned')</script>" in text for text in texts)  # as text: a company name
    script = (REPO / "macros/theme/assets/csr/search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)
    assert script.count("DOMParser") == 1 and ".textContent = plain(" in script


@pytest.mark.build
def test_titles_cannot_break_out_of_the_head(hostile_site):
    page = (hostile_site / "companies/html-in-front-matter/2022/index.html").read_text(encoding="utf-8")
    head = page.split("</head>", 1)[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1
    assert re.search(r'<meta name="description" content="[^"<>]*">', head)
    assert "<script>alert" not in page.split('<div class="md-container"', 1)[0]  # header and head


@pytest.mark.build
def test_an_image_beside_the_disclosure_is_published_and_linked(hostile_site):
    for prefix in ("", "en/"):
        page = (hostile_site / prefix / "companies/acme/2022/index.html").read_text(encoding="utf-8")
        [src] = re.findall(r'<img alt="(?:标志|Logo)" src="([^"]+)"', page)
        target = (hostile_site / prefix / "companies/acme/2022" / html.unescape(src)).resolve()
        assert target == (hostile_site / prefix / "companies/acme/logo.png").resolve() or \
            target == (hostile_site / "companies/acme/logo.png").resolve()
        assert target.is_file() and target.read_bytes() == tiny_png()
