"""The placeholders `csr new` writes, and where a scaffolded page still has one.

A scaffold is not a disclosure: every placeholder below is written by :mod:`macros.scaffold`
from these very constants, and the checker reports each one that is left (CSR207 in a value,
CSR409 in the body) with what to write in its place.  Placeholders are notes in brackets —
full-width （…） in Chinese, (…) in English — that no real disclosure would contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator


@dataclass(frozen=True)
class Placeholder:
    text: str
    what_zh: str  # what to write instead, completing "请在这里写…"
    what_en: str  # completing "write … here"


COMPANY_NAME_ZH = Placeholder("（公司中文全称）", "公司的中文全称，例如“某某软件有限公司”",
                              "the company's full Chinese name, e.g. \"某某软件有限公司\"")
COMPANY_NAME_EN = Placeholder("(full English company name)", "公司的英文名称，例如 “Example Software Co., Ltd.”",
                              "the company's English name, e.g. \"Example Software Co., Ltd.\"")
SUMMARY_ZH = Placeholder("（一两句摘要）", "一两句话概括本年度的社会责任披露",
                         "one or two Chinese sentences that sum up the year's disclosure")
SUMMARY_EN = Placeholder("(one or two sentences)", "中文摘要的英文译文",
                         "the English translation of the Chinese summary")
ABOUT_ZH = Placeholder("（公司简介）", "公司简介：做什么、服务谁、规模多大",
                       "an introduction of the company in Chinese: what it does, for whom, how large it is")
SECTION_ZH = Placeholder("（在这里讲述你们做了什么；每条声明的 section 指向一个标题锚点。）",
                         "这一章节的正文：做了什么、结果如何；声明的 section 指向本章标题的锚点",
                         "the Chinese text of this section: what you did and what came of it "
                         "(a claim's section points at the heading's anchor)")
ABOUT_EN = Placeholder("(About the company)", "公司简介的英文译文",
                       "the English translation of the company introduction")
SECTION_EN = Placeholder("(The English text of each section, with the same anchors as the Chinese page.)",
                         "这一章节的英文译文（锚点与中文页相同）",
                         "the English translation of this section (same anchor as the Chinese page)")
# example values in the commented-out claim of the scaffold, placeholders once uncommented
EVIDENCE_TITLE = Placeholder("证据标题", "证据的标题，例如“2023 年社会责任报告”",
                             "the evidence's title, e.g. \"2023 年社会责任报告\"")
EXPLANATION = Placeholder("说明理由", "省略该指标的具体原因（中文）",
                          "the circumstances that explain the omission, in Chinese")

TRANSLATION = Placeholder("...", "该项的英文译文", "the English translation")  # English page, commented out

VALUES = (COMPANY_NAME_ZH, COMPANY_NAME_EN, SUMMARY_ZH, SUMMARY_EN, EVIDENCE_TITLE, EXPLANATION, TRANSLATION)
BODY = (ABOUT_ZH, SECTION_ZH, ABOUT_EN, SECTION_EN)


def in_value(text: str) -> Placeholder | None:
    """The placeholder a front-matter value still holds (the whole value for the short example
    values, anywhere in it for the bracketed notes), or ``None``."""
    if "（" not in text and "(" not in text:  # no bracketed note: only a whole short value can be one
        return _UNBRACKETED.get(text.strip())
    stripped = text.strip()
    for placeholder in VALUES:
        bracketed = placeholder.text[0] in "（("  # a note in brackets: anywhere in the value
        if stripped == placeholder.text or (bracketed and placeholder.text in text):
            return placeholder
    return None


_UNBRACKETED: dict[str, Placeholder] = {}
for _placeholder in VALUES:
    if "（" not in _placeholder.text and "(" not in _placeholder.text:
        _UNBRACKETED.setdefault(_placeholder.text, _placeholder)


def in_values(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Placeholder]]:
    """Every (path, placeholder) among the text values of parsed YAML data, in document order."""
    found: list[tuple[tuple, Placeholder]] = []
    if isinstance(data, (dict, list)):
        _collect(data, path, found)
    elif isinstance(data, str):
        placeholder = in_value(data)
        if placeholder is not None:
            found.append((path, placeholder))
    return iter(found)


def _collect(data: dict | list, path: tuple, found: list) -> None:
    """:func:`in_values` of a mapping or list (YAML nests them at most ``yamlstrict.MAX_DEPTH`` deep)."""
    for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
        if isinstance(value, str):
            placeholder = in_value(value)
            if placeholder is not None:
                found.append((path + (key,), placeholder))
        elif isinstance(value, (dict, list)):
            _collect(value, path + (key,), found)


def in_body(body: str, first_line: int) -> Iterator[tuple[int, int, Placeholder]]:
    """Every (file line, column, placeholder) left in a Markdown body."""
    for index, line in enumerate(body.split("\n")):
        if "（" not in line and "(" not in line:
            continue
        for placeholder in BODY:
            column = line.find(placeholder.text)
            if column >= 0:
                yield first_line + index, column + 1, placeholder


def key_path(path: tuple) -> str:
    """``("claims", 0, "evidence", 1, "title")`` → ``claims[0].evidence[1].title``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
