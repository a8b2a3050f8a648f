"""Markdown report of `csr diff`, for a pull-request comment or a GitHub job summary.

Layout: a heading, a one-line overview (companies changed and counts), then one collapsible
``<details>`` block per company (open when only one company changed) with, per period, the
claim table, the translation's state and the text changes of each language, section by section,
changed sentences shown with ``<del>``/``<ins>`` (HTML tags rather than ``~~``/``**``: the
Markdown delimiters do not open or close next to Chinese punctuation, the tags always do).

Disclosure text is untrusted: every piece of it goes through :func:`md` (Markdown context: HTML
special characters as entities, ASCII punctuation backslash-escaped, line breaks and control
characters replaced) or :func:`html` (inside ``<summary>``, where Markdown is not parsed), so it
can neither open nor close a tag, a table cell, a code span or a block.  The report is capped at
``max_bytes`` (GitHub keeps at most 1 MiB of job summary per step) with a note saying what was
left out.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

from .diagnostics import Diagnostic, counted
from .diffing import CompanyChange, PeriodChange, TranslationChange
from .model import Registry
from .textdiff import INTRODUCTION, PageChange, SectionChange, Segment, SentenceChange

MAX_BYTES = 1_000_000  # GitHub: 1 MiB (1,048,576 bytes) of job summary per step
SENTENCES_PER_SECTION = 20
SECTIONS_PER_PAGE = 40
PROBLEMS_SHOWN = 10
_CONTEXT = 40  # characters of unchanged text kept on each side of a change
_LONGEST_PIECE = 600  # characters of one inserted or deleted piece shown

_DIRECTION = {
    "up": "⬆️ better / 提升",
    "down": "⬇️ worse / 下降",
    "same": "details / 细节",
    "added": "➕ claim added / 新增声明",
    "dropped": "➖ claim dropped / 删除声明",
    "omitted": "⏸️ omission added / 改为省略",
    "unomitted": "▶️ omission withdrawn / 撤回省略",
    "invalid": "⛔ invalid / 无效",
    "fixed": "✅ now valid / 已修正",
}
_COMPANY = {"added": "new company / 新企业", "removed": "company removed / 企业被删除",
            "renamed": "renamed / 改名", "invalid": "⛔ invalid at head / 新版本无效", "changed": ""}
_TRANSLATION = {"missing": "missing / 缺失", "incomplete": "incomplete / 不完整", "complete": "complete / 完整",
                "invalid": "⛔ invalid / 无效"}
_LANGUAGE = {"zh": "Chinese text / 中文正文", "en": "English text / 英文正文"}
_FIELD = {"title": "title / 标题", "summary": "summary / 摘要", "explanations": "explanation / 解释",
          "figure_labels": "figure label / 数据标签"}
_SECTION_KIND = {"added": "➕ section added / 新增章节", "removed": "➖ section removed / 删除章节",
                 "changed": "✏️ changed / 修改"}

# -- escaping -----------------------------------------------------------------------------------

# Enough for text that never starts a line (every line of the report starts with the report's own
# markup): emphasis, strikethrough, code, links and images, table cells, math, escapes.
_MD_SPECIAL = set("\\`*_[]|~$")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BIDI = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


def _clean(text: object) -> str:
    """One line of visible text: line breaks, tabs and other control characters become spaces,
    bidirectional controls (which can reorder what a reviewer reads) become U+FFFD."""
    result = []
    for char in str(text):
        if char in _BIDI:
            result.append("\ufffd")
        elif char in "\u2028\u2029" or unicodedata.category(char) == "Cc":
            result.append(" ")
        else:
            result.append(char)
    return "".join(result)


def md(text: object) -> str:
    """Untrusted text as inline Markdown that shows exactly that text and nothing else."""
    out = []
    for char in _clean(text):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _MD_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def html(text: object) -> str:
    """Untrusted text inside raw HTML (``<summary>``), where Markdown is not parsed."""
    return _html.escape(_clean(text), quote=True)


def code(text: object) -> str:
    return f"<code>{md(text)}</code>"


def ref(text: str) -> str:
    """A git ref given on the command line, as a code span."""
    text = _clean(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plural(count: int, singular: str, plural_: str, bold: bool = False) -> str:
    """``1 company``, ``2 companies`` (``bold``: the number in bold)."""
    text = counted(count, singular, plural_)
    return f"**{count}**{text[len(str(count)):]}" if bold else text


# -- pieces -------------------------------------------------------------------------------------

def _shorten(text: str, keep: str) -> str:
    """Unchanged text around a change: at most _CONTEXT characters on the side(s) ``keep``."""
    if len(text) <= 2 * _CONTEXT + 10:
        return md(text)
    if keep == "end":
        return "… " + md(text[-_CONTEXT:])
    if keep == "start":
        return md(text[:_CONTEXT]) + " …"
    return md(text[:_CONTEXT]) + " … " + md(text[-_CONTEXT:])


def _piece(text: str) -> str:
    if len(text) <= _LONGEST_PIECE:
        return md(text)
    return md(text[:_LONGEST_PIECE]) + f" … (+{len(text) - _LONGEST_PIECE} characters / 字符)"


def segments(pieces: list[Segment]) -> str:
    """An inline diff: deletions in ``<del>``, insertions in ``<ins>``, long unchanged runs cut."""
    out = []
    for index, segment in enumerate(pieces):
        if segment.op == "equal":
            keep = "end" if index == 0 else "start" if index == len(pieces) - 1 else "both"
            out.append(_shorten(segment.text, keep))
        elif segment.op == "delete":
            out.append(f"<del>{_piece(segment.text)}</del>")
        else:
            out.append(f"<ins>{_piece(segment.text)}</ins>")
    return "".join(out)


def sentence(change: SentenceChange) -> str:
    label = {"added": "➕", "removed": "➖", "changed": "✏️"}[change.kind]
    return f"{label} {segments(change.segments())}"


def _cell(text: str) -> str:
    return md(text)  # md() escapes "|" and removes line breaks: safe in a table cell


def _status(registry: Registry, status: str | None) -> str:
    if status is None:
        return "not addressed / 未涉及"
    for framework in registry.frameworks.values():
        if status in framework.statuses:
            label = framework.statuses[status].label
            return md(f"{label.en} / {label.zh}")
    return code(status)


def problem(diagnostic: Diagnostic) -> str:
    where = f"line {diagnostic.line} / 第 {diagnostic.line} 行: " if diagnostic.line else ""
    return (f"{code(diagnostic.code)} {md(diagnostic.name)} ({md(diagnostic.path)}) {md(where)}"
            f"{md(diagnostic.message('en'))} / {md(diagnostic.message('zh'))}")


def _problems(problems: list[Diagnostic], indent: str = "") -> list[str]:
    lines = [f"{indent}- ⛔ {problem(p)}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"{indent}- … {plural(len(problems) - PROBLEMS_SHOWN, 'more error', 'more errors')}"
                     f" / 另有 {len(problems) - PROBLEMS_SHOWN} 个错误: run `csr check`")
    return lines


def _codes(problems: list[Diagnostic]) -> str:
    return ", ".join(code(p.code) for p in problems) if problems else ""


def _section_name(anchor: str, title: str) -> str:
    if anchor == INTRODUCTION:
        return "introduction / 引言"
    return f"{code('#' + anchor)} {md(title)}".rstrip()


# -- a period -----------------------------------------------------------------------------------

def _translation(change: TranslationChange) -> list[str]:
    line = "- English translation / 英文翻译: "
    if change.before == change.after:
        line += f"still {_TRANSLATION[change.after]} / 仍{_TRANSLATION[change.after].split(' / ')[1]}"
    else:
        line += f"{_TRANSLATION[change.before]} → {_TRANSLATION[change.after]}"
    lines = [line]
    if change.now_missing:
        names = "; ".join(_section_name(anchor, title) for anchor, title in change.now_missing)
        lines.append(f"  - sections not translated now / 新缺少译文的章节: {names}")
    if change.now_translated:
        names = "; ".join(_section_name(anchor, title) for anchor, title in change.now_translated)
        lines.append(f"  - sections translated now / 新补译的章节: {names}")
    if change.keys_now_missing:
        lines.append(f"  - keys not translated now / 新缺少译文的键: {', '.join(code(k) for k in change.keys_now_missing)}")
    lines += _problems(change.problems, "  ")
    return lines


def _claims(period: PeriodChange, old: Registry, new: Registry) -> list[str]:
    lines = ["", "| indicator / 指标 | change / 变化 | before / 之前 | after / 之后 | details / 细节 |",
             "|---|---|---|---|---|"]
    for change in period.indicators:
        details = [f"{md(name)}: {md(b if b is not None else '—')} → {md(a if a is not None else '—')}"
                   for name, b, a in change.figures]
        details += [f"+ evidence {md(url)}" for url in change.evidence_added]
        details += [f"− evidence {md(url)}" for url in change.evidence_removed]
        if change.reasons:
            details.append(f"reason / 理由: {code(change.reasons[0])} → {code(change.reasons[1])}")
        before, after = _status(old, change.before), _status(new, change.after)
        problems = period.claim_problems.get(change.indicator, [])
        if change.direction == "invalid":
            after = f"⛔ invalid / 无效 {_codes(problems)}".rstrip() + (f" ({code(change.after)})" if change.after else "")
            details += [problem(p) for p in problems]
        elif change.direction == "fixed":
            before = f"⛔ invalid / 无效 {_codes(problems)}".rstrip()
        else:
            details += [f"⛔ {problem(p)}" for p in problems]
        name = code(change.indicator)
        if change.indicator in period.written_as:
            name += f" (written / 写作 {code(period.written_as[change.indicator])})"
        lines.append(f"| {name} | {_DIRECTION[change.direction]} | {before} | {after} | "
                     f"{'<br>'.join(details)} |")
    return lines + [""]


def _section(change: SectionChange) -> list[str]:
    name = _section_name(change.anchor, change.title)
    lines = [f"- {name} — {_SECTION_KIND[change.kind]}"]
    if change.retitled:
        retitle = [Segment("delete", change.title_before or ""), Segment("insert", change.title_after or "")]
        lines[0] = f"- {code('#' + change.anchor)} — 🏷️ retitled / 改标题: {segments(retitle)}"
        if change.sentences:
            lines[0] += f"; {_SECTION_KIND['changed']}"
    for item in change.sentences[:SENTENCES_PER_SECTION]:
        lines.append(f"  - {sentence(item)}")
    hidden = len(change.sentences) - SENTENCES_PER_SECTION
    if hidden > 0:
        lines.append(f"  - … {plural(hidden, 'more sentence', 'more sentences')} / 另有 {hidden} 句")
    return lines


def _text(page: PageChange) -> list[str]:
    lines = ["", f"**{_LANGUAGE[page.lang]}**", ""]
    for field_change in page.fields:
        head, _, rest = field_change.key.partition(".")
        label = _FIELD.get(head, md(head)) + (f" {code(rest)}" if rest else "")
        lines.append(f"- {label}: {sentence(field_change.sentence())}")
    for section in page.sections[:SECTIONS_PER_PAGE]:
        lines += _section(section)
    hidden = len(page.sections) - SECTIONS_PER_PAGE
    if hidden > 0:
        lines.append(f"- … {plural(hidden, 'more section changed', 'more sections changed')} / 另有 {hidden} 个章节有变化")
    return lines


def _period(period: PeriodChange, old: Registry, new: Registry, brief: bool) -> list[str]:
    if period.kind == "added":
        return [f"- **{md(period.period)}**: new period / 新报告期"]
    if period.kind == "fixed":
        return [f"- **{md(period.period)}**: ✅ page valid again / 页面已修正 (invalid at base / 旧版本无效)"]
    if period.kind == "removed":
        return [f"- **{md(period.period)}**: period removed / 报告期被删除"]
    if period.kind == "invalid":
        return [f"- **{md(period.period)}**: ⛔ page invalid at head, not removed / 新版本页面无效（并非删除）",
                *_problems(period.problems, "  ")]
    lines = [f"- **{md(period.period)}**: {_period_counts(period)}"]
    if brief:
        return lines
    if period.translation:
        lines += _translation(period.translation)
    if period.problems:
        lines.append("- new errors / 新错误:")
        lines += _problems(period.problems, "  ")
    if period.indicators:
        lines += _claims(period, old, new)
    for page in period.texts:
        if not page.empty:
            lines += _text(page)
    return lines + [""]


def _period_counts(period: PeriodChange) -> str:
    parts = []
    if period.indicators:
        parts.append(plural(len(period.indicators), "indicator change", "indicator changes") + " / 项指标变化")
    sections = sum(len(page.sections) for page in period.texts)
    if sections:
        parts.append(plural(sections, "section changed", "sections changed") + " / 个章节有变化")
    fields = sum(len(page.fields) for page in period.texts)
    if fields:
        parts.append(plural(fields, "text field changed", "text fields changed") + " / 项文字有变化")
    if period.translation:
        parts.append("translation changed / 翻译有变化")
    invalid = _invalid_count(period)
    if invalid:
        parts.append(f"⛔ {invalid} invalid / 处无效")
    return " · ".join(parts) or "changed / 有变化"


def _invalid_count(period: PeriodChange) -> int:
    """Invalid things in a period: an unreadable page counts once, whatever its errors."""
    if period.kind == "invalid":
        return 1
    count = len(period.problems) + sum(
        1 for change in period.indicators
        if change.direction == "invalid" or (change.direction != "fixed" and period.claim_problems.get(change.indicator)))
    if period.translation and period.translation.after == "invalid":
        count += 1
    return count


# -- a company ----------------------------------------------------------------------------------

def _summary(company: CompanyChange) -> str:
    note = _COMPANY[company.kind]
    if company.old_slug:
        note += f": {company.old_slug} → {company.slug}"
    counts = [note] if note else []
    if company.periods:
        counts.append(plural(len(company.periods), "period", "periods") + " / 个报告期")
    return (f"<summary><b>{html(company.name)}</b> (<code>{html(company.slug)}</code>)"
            + (f" · {html(' · '.join(counts))}" if counts else "") + "</summary>")


def company_block(company: CompanyChange, old: Registry, new: Registry, opened: bool, brief: bool = False) -> str:
    lines = ["<details open>" if opened else "<details>", _summary(company), ""]
    if company.kind != "changed":
        note = _COMPANY[company.kind]
        if company.old_slug:
            note += f": {code(company.old_slug)} → {code(company.slug)}"
        lines += [f"_{note}_", ""]
    if company.kind == "invalid":
        lines += ["The company's files cannot be read at head; nothing is removed. / "
                  "新版本中该企业的文件无法读取；并非删除。", ""]
        lines += _problems(company.problems) + [""]
    for period in company.periods:
        lines += _period(period, old, new, brief)
    if brief:
        lines += ["", "_Details left out to keep the report within its size limit; run `csr diff` locally. / "
                  "为控制报告大小省略了细节；请在本地运行 `csr diff`。_"]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines + ["", "</details>", ""]) + "\n"


# -- the report ---------------------------------------------------------------------------------

def overview(changes: list[CompanyChange]) -> str:
    periods = [p for c in changes for p in c.periods]
    indicators = [i for p in periods for i in p.indicators]
    better = sum(1 for i in indicators if i.direction == "up")
    worse = sum(1 for i in indicators if i.direction == "down")
    sections = sum(len(page.sections) for p in periods for page in p.texts)
    translations = sum(1 for p in periods if p.translation)
    invalid = sum(_invalid_count(p) for p in periods) + sum(1 for c in changes if c.kind == "invalid")
    parts = [plural(len(changes), "company changed", "companies changed", True) + " / 家企业有变化",
             plural(len(indicators), "indicator change", "indicator changes", True) + " / 项指标变化",
             f"{better} better / 提升", f"{worse} worse / 下降",
             plural(sections, "section changed", "sections changed", True) + " / 个章节有变化"]
    if translations:
        parts.append(plural(translations, "translation changed", "translations changed", True) + " / 项翻译变化")
    if invalid:
        parts.append(f"⛔ **{invalid}** invalid / 处无效")
    return " · ".join(parts)


def render(changes: list[CompanyChange], base: str, head: str, old: Registry, new: Registry,
           max_bytes: int = MAX_BYTES) -> str:
    lines = [f"## CSR disclosure changes / 披露变化: {ref(base)} → {ref(head)}", ""]
    if not changes:
        lines.append("No changes to the disclosures. / 披露内容没有变化。")
        return "\n".join(lines) + "\n"
    lines += [overview(changes), ""]
    text = "\n".join(lines) + "\n"
    blocks = [company_block(company, old, new, len(changes) == 1) for company in changes]
    sizes = [len(block.encode("utf-8")) for block in blocks]
    budget = max_bytes - len(text.encode("utf-8"))
    if sum(sizes) <= budget:
        return (text + "".join(blocks)).rstrip("\n") + "\n"
    # Too long: every company in brief first, as many as fit; then, in order, full blocks where
    # they fit in what is left.
    budget -= 2500  # the note
    brief = [company_block(company, old, new, len(changes) == 1, brief=True) for company in changes]
    brief_sizes = [len(block.encode("utf-8")) for block in brief]
    chosen: list[str | None] = [None] * len(changes)
    used = 0
    for index, size in enumerate(brief_sizes):
        if used + size > budget:
            break
        chosen[index], used = brief[index], used + size
    for index, block in enumerate(blocks):
        if chosen[index] is not None and used - brief_sizes[index] + sizes[index] <= budget:
            chosen[index], used = block, used - brief_sizes[index] + sizes[index]
    shortened = sum(1 for index, block in enumerate(chosen) if block is not None and block is brief[index])
    left_out = [company.slug for company, block in zip(changes, chosen) if block is None]
    text += "".join(block for block in chosen if block is not None)
    what = []
    if shortened:
        what.append(f"{plural(shortened, 'company', 'companies')} shown without details")
    if left_out:
        names = ", ".join(code(slug[:60]) for slug in left_out[:20]) + (", …" if len(left_out) > 20 else "")
        what.append(f"{plural(len(left_out), 'company', 'companies')} left out ({names})")
    text += (f"\n> ⚠️ **Report truncated / 报告已截断** at {max_bytes:,} bytes (a GitHub job summary holds at "
             f"most 1 MiB per step): {'; '.join(what)}. Run `csr diff` locally with the same refs for the whole "
             f"report. / 报告过长：{shortened} 家企业省略细节，{len(left_out)} 家企业未列出；"
             f"请在本地用相同的参数运行 csr diff 查看完整报告。\n")
    return text.rstrip("\n") + "\n"
