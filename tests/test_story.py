"""A disclosure page tells the company's story in the company's order: the narrative pieces, the
claims under the section each points to, the English page's fallbacks in place, and the
template's trailer that nothing in the narrative can swallow or forge."""

from __future__ import annotations

from macros.registry import load_registry
from macros.site import deferred, story
from registry_builder import EN_PAGE, ZH_PAGE, replace, variant, write_tree

ZH_MORE = ZH_PAGE + "\n## 多元用工 {#hiring}\n\n远程协作。\n\n### 残障人士 {#disability}\n\n无障碍办公。\n\n## 供应链 {#supply}\n\n持续维护上游。\n"
EN_MORE = EN_PAGE + "\n## Supply chain {#supply}\n\nWe maintain upstream.\n"


def disclosure(tmp_path, zh=ZH_MORE, en=EN_MORE):
    write_tree(tmp_path, variant(zh=zh, en=en))
    registry = load_registry(tmp_path)
    [found] = registry.disclosures
    return found


def test_the_chinese_page_is_the_authors_sections_in_order_with_their_claims(tmp_path):
    pieces = story.story(disclosure(tmp_path), "zh")
    assert [(p.anchor, p.lang) for p in pieces] == [("", "zh"), ("open-source", "zh"), ("hiring", "zh"),
                                                    ("disability", "zh"), ("supply", "zh")]
    assert pieces[0].heading == "" and pieces[0].text == "Acme 的介绍。"
    assert pieces[1].heading == "## 开源回馈 {#open-source}"
    assert [c.indicator for c in pieces[1].claims] == ["developer-cultivation"]
    assert not any(p.opens or p.closes for p in pieces)


def test_missing_english_sections_are_shown_in_chinese_in_their_place_once(tmp_path):
    pieces = story.story(disclosure(tmp_path), "en")
    assert [(p.anchor, p.lang, p.opens, p.closes) for p in pieces] == [
        ("", "en", False, False), ("open-source", "en", False, False),
        ("hiring", "zh", True, False), ("disability", "zh", False, True),  # one run, marked once
        ("supply", "en", False, False)]
    assert pieces[1].heading == "## Giving back to open source {#open-source}"
    assert pieces[2].text == "远程协作。"


def test_an_untranslated_introduction_is_shown_in_chinese(tmp_path):
    pieces = story.story(disclosure(tmp_path, en=replace(EN_MORE, "About Acme.\n", "")), "en")
    assert (pieces[0].anchor, pieces[0].lang, pieces[0].opens, pieces[0].closes) == ("", "zh", True, True)


def test_an_english_section_with_an_unknown_anchor_keeps_its_place_after_the_one_before(tmp_path):
    en = EN_MORE.replace("## Supply chain {#supply}", "## Hiring {#hirng}\n\nRemote.\n\n## Supply chain {#supply}")
    pieces = story.story(disclosure(tmp_path, en=en), "en")
    anchors = [p.anchor for p in pieces]
    assert anchors == ["", "open-source", "hirng", "hiring", "disability", "supply"]


def test_a_code_fence_left_open_is_closed_within_its_piece(tmp_path):
    """The fence holds the rest of the English page (as Markdown would show it), is closed there,
    and the Chinese sections after it are not swallowed."""
    en = EN_MORE.replace("We released 12 projects as open source.", "```\nunclosed")
    pieces = story.story(disclosure(tmp_path, en=en), "en")
    assert pieces[1].text.startswith("```\nunclosed") and pieces[1].text.endswith("upstream.\n```")
    assert [(p.anchor, p.lang) for p in pieces[2:]] == [("hiring", "zh"), ("disability", "zh"), ("supply", "zh")]


def test_the_trailer_is_what_follows_the_last_mark():
    page = (f"# T\n\n{deferred.UNTRUSTED_MARK}\n\nnarrative\n{deferred.TRUSTED_MARK}\n<script>forged</script>\n\n"
            f"{deferred.TRUSTED_MARK}\n<h2 id=\"csr-x\">Table &amp; more<a>¶</a></h2>\n<table></table>\n")
    markdown, trailer = deferred.split_trailer(page)
    assert "<script>forged</script>" in markdown  # stays in the Markdown: rendered and sanitised
    assert trailer == '<h2 id="csr-x">Table &amp; more<a>¶</a></h2>\n<table></table>\n'
    assert deferred.trailer_headings(trailer) == [("csr-x", "Table &amp; more")]
    assert deferred.split_trailer("no mark\n") == ("no mark\n", "")


BOX = '<div class="csr-addresses"><p>Indicators</p></div>'


def test_boxes_travel_in_the_trailer_and_land_under_their_headings():
    trailer = (f"{deferred.BOX_MARK.format(anchor='open-source')}\n{BOX}\n"
               f"{deferred.BOX_MARK.format(anchor='a&amp;b')}\n{BOX}\n<h2 id=\"csr-x\">T</h2>\n")
    rest, boxes = deferred.split_boxes(trailer)
    assert rest == '<h2 id="csr-x">T</h2>\n' and boxes == [("open-source", BOX), ("a&amp;b", BOX)]
    html = ('<p>intro</p>\n<h2 id="open-source">Open<a class="headerlink" href="#open-source">¶</a></h2>\n<p>x</p>\n'
            '<h3 class="c" id="a&amp;b">AB</h3>\n<p>y</p>')
    assert deferred.place_boxes(html, boxes) == (
        f'<p>intro</p>\n<h2 id="open-source">Open<a class="headerlink" href="#open-source">¶</a></h2>\n{BOX}\n<p>x</p>\n'
        f'<h3 class="c" id="a&amp;b">AB</h3>\n{BOX}\n<p>y</p>')
    assert deferred.split_boxes("<table></table>\n") == ("<table></table>\n", [])


def test_the_narrative_can_neither_forge_nor_swallow_a_box():
    """Marks written in the narrative are not in the trailer (the last TRUSTED_MARK comes after
    them), so they are never taken for boxes; an id only in an attribute's text or in another
    attribute is not a heading; a box without its heading still shows, at the end."""
    page = (f"{deferred.UNTRUSTED_MARK}\n{deferred.BOX_MARK.format(anchor='x')}\n<script>forged</script>\n"
            f"{deferred.TRUSTED_MARK}\n{deferred.BOX_MARK.format(anchor='x')}\n{BOX}\n")
    markdown, trailer = deferred.split_trailer(page)
    assert "<script>forged</script>" in markdown
    assert deferred.split_boxes(trailer) == ("", [("x", BOX)])
    html = '<p title="&lt;h2 id=&quot;x&quot;&gt;">a</p><h2 data-csr-id="x">b</h2><h2 id="x-y">c</h2>'
    assert deferred.place_boxes(html, [("x", BOX)]) == html + "\n" + BOX


def test_a_claims_details_are_shown_once_under_its_section_or_else_in_the_content_index(tmp_path):
    """Figures and evidence of a claim with a section are in that section's box (in the trailer,
    placed after rendering); a claim without a section (an omission) keeps them in the content index."""
    from macros.site.pages import SiteRenderer

    zh = replace(ZH_MORE, "  - indicator: youth-online-addiction\n",
                 "  - indicator: tech-ethics\n    status: omitted\n    reason: information-unavailable\n"
                 "    explanation: \"下一年度披露。\"\n    evidence:\n"
                 "      - url: \"https://example.com/ethics\"\n        title: \"伦理守则\"\n"
                 "  - indicator: youth-online-addiction\n")
    write_tree(tmp_path, variant(zh=zh, en=EN_MORE))
    registry = load_registry(tmp_path)
    [page] = [p for p in SiteRenderer(registry).pages(["zh"]) if p.src_uri == "companies/acme/2022.zh.md"]
    narrative, trailer = deferred.split_trailer(page.content)
    rest, boxes = deferred.split_boxes(trailer)
    assert [anchor for anchor, _ in boxes] == ["open-source"]
    assert "csr-addresses" not in narrative and "https://example.com/oss" not in narrative
    assert boxes[0][1].count('href="https://example.com/oss"') == 1 and "https://example.com/oss" not in rest
    table = rest.split('<table class="csr-table csr-claims', 1)[1]
    assert table.count('href="https://example.com/ethics"') == 1  # no section: its evidence is in the table
