"""Every page type loads without JavaScript errors or failed requests, and nothing it loads
comes from anywhere but 127.0.0.1: the site works offline."""

from __future__ import annotations

import pytest
from browsing import LANG_ROOTS, PAGE_TYPES

ALL_PAGES = [(lang, name) for lang in LANG_ROOTS for name, _ in PAGE_TYPES]


@pytest.mark.parametrize("lang, name", ALL_PAGES, ids=[f"{lang}-{name}" for lang, name in ALL_PAGES])
def test_no_console_errors_failed_or_external_requests(visited, lang, name):
    assert visited(lang, name).problems == []
