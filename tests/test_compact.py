"""Whitespace the browser ignores is taken out of finished pages; nothing else changes."""

from __future__ import annotations

import re

from macros.site.compact import collapse_whitespace


def test_runs_with_a_newline_become_one_newline_in_text():
    page = "<ul>\n    <li>\n      <a href=\"x\">A</a>\n\n    </li>\n</ul>\n  \n"
    assert collapse_whitespace(page) == '<ul>\n<li>\n<a href="x">A</a>\n</li>\n</ul>\n'


def test_spaces_without_a_newline_and_no_break_spaces_stay():
    page = "<p>a   b\u00a0\n\u00a0c\t d</p>"
    assert collapse_whitespace(page) == "<p>a   b\u00a0\n\u00a0c\t d</p>"


def test_elements_that_keep_whitespace_and_attribute_values_are_untouched():
    kept = ("<pre><code>line 1\n\n    indented\n</code></pre>", "<textarea>\n  x\n</textarea>",
            "<script>var s = 'a\n   b';</script>", "<style>\n  p { }\n</style>", "<code>a\n   b</code>",
            '<div title="a\n   b > c" data-x=\'\n  \'>', "<PRE class=\"x\">\n  y\n</PRE>")
    for part in kept:
        assert collapse_whitespace(f"<p>\n  {part}\n  </p>") == f"<p>\n{part}\n</p>"


def test_what_a_reader_sees_is_the_same():
    page = ("<article>\n  <h1>Title</h1>\n\n  <p>One\n     two <em>three</em>\n  four</p>\n"
            "  <pre>  keep\n    this</pre>\n</article>")
    collapsed = collapse_whitespace(page)

    def rendered(html):  # text as a browser lays it out: outside <pre>, whitespace runs are one space
        pre = re.findall(r"<pre>.*?</pre>", html, re.S)
        text = re.sub(r"<pre>.*?</pre>", "\0", html, flags=re.S)
        return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", text)).strip(), pre

    assert rendered(collapsed) == rendered(page) and len(collapsed) < len(page) - 10


def test_an_unclosed_element_or_a_stray_angle_bracket_changes_nothing_but_whitespace():
    page = "<pre>\n  open\n<p>a &lt; b\n   c</p>\n  <a title=\"x>"
    collapsed = collapse_whitespace(page)
    assert re.sub(r"\s+", "", collapsed) == re.sub(r"\s+", "", page)


# -- icons drawn once -------------------------------------------------------------------------

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 17q.86 0 1.45.6z"/></svg>'
MENU = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'


def test_a_repeated_icon_is_drawn_by_its_first_copy():
    from macros.site import icons
    page = f'<a class="md-logo">{LOGO}</a><label>{MENU}</label><nav><a class="md-logo">{LOGO}</a></nav>'
    assert icons.share_repeated(page) == (
        '<a class="md-logo"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        '<path id="__csr-icon-1" d="M20 17q.86 0 1.45.6z"/></svg></a>'
        f'<label>{MENU}</label>'
        '<nav><a class="md-logo"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        '<use href="#__csr-icon-1"/></svg></a></nav>')


def test_icons_shown_once_are_left_alone():
    from macros.site import icons
    page = f"<p>{LOGO}{MENU}</p>"
    assert icons.share_repeated(page) is page


def test_the_icon_id_is_one_a_disclosure_cannot_take():
    from macros.site import icons, sanitize
    assert icons.ID.startswith("__") and 'id="' not in sanitize.clean(f'<h2 id="{icons.ID}1">x</h2>')
