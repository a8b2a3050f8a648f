"""The redirect at a content index's old URL: a few hundred bytes, no theme, nothing unescaped."""

from __future__ import annotations

from macros.site import redirects


def test_a_redirect_is_small_and_offers_a_plain_link_in_its_language():
    page = redirects.stub("../2022/#csr-indicator-summary", "en")
    assert len(page.encode()) < 400 and page.startswith('<!doctype html><html lang="en">')
    assert '<meta http-equiv="refresh" content="0; url=../2022/#csr-indicator-summary">' in page
    assert '<link rel="canonical" href="../2022/#csr-indicator-summary">' in page
    assert '<a href="../2022/#csr-indicator-summary">Content index</a>' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "内容索引" in redirects.stub("../2022/", "zh")


def test_a_redirect_escapes_its_target():
    page = redirects.stub('x"><script>', "zh")
    assert "<script>" not in page and "x&quot;&gt;&lt;script&gt;" in page
