"""Icons a page shows more than once, drawn once.

Material writes each icon as inline SVG wherever it is used: the logo in the header and again in
the navigation drawer, the magnifier on the search button and again in the search field.  In a
finished page, every later copy of an icon becomes a ``<use>`` of the first one's path (the same
shape, size and colour: the ``<svg>`` element and its classes stay, the path inherits its fill).
Only Material's one-path icons are matched, exactly; the id starts with ``__``, which the
sanitiser strips from disclosure HTML, so a disclosure cannot take it.
"""

from __future__ import annotations

import re

_ICON = re.compile(r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([0-9 .]+)"><path d="([^"<>]+)"/></svg>')
ID = "__csr-icon-"


def share_repeated(html: str) -> str:
    """``html`` with each repeated icon drawn by its first copy."""
    found = _ICON.findall(html)
    if len(found) == len(set(found)):
        return html
    repeated = {icon for icon in found if found.count(icon) > 1}
    ids: dict[tuple[str, str], str] = {}

    def draw(match: re.Match) -> str:
        icon = (match[1], match[2])
        if icon not in repeated:
            return match[0]
        if icon in ids:
            return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{icon[0]}"><use href="#{ids[icon]}"/></svg>'
        ids[icon] = f"{ID}{len(ids) + 1}"
        return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{icon[0]}"><path id="{ids[icon]}" d="{icon[1]}"/></svg>'

    return _ICON.sub(draw, html)
