"""Markdown report of `csr diff`, for a pull-request comment or a GitHub step summary."""

from __future__ import annotations

from .diffing import CompanyChange
from .model import Registry

_DIRECTION = {
    "up": "⬆️ better / 提升",
    "down": "⬇️ worse / 下降",
    "same": "details / 细节",
    "added": "➕ claim added / 新增声明",
    "dropped": "➖ claim dropped / 删除声明",
    "omitted": "⏸️ omission added / 改为省略",
    "unomitted": "▶️ omission withdrawn / 撤回省略",
}
_COMPANY = {"added": "new company / 新企业", "removed": "company removed / 企业被删除",
            "renamed": "renamed / 改名", "changed": ""}
_TRANSLATION = {"missing": "missing / 缺失", "incomplete": "incomplete / 不完整", "complete": "complete / 完整"}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _status(registry: Registry, status: str | None) -> str:
    if status is None:
        return "not addressed / 未涉及"
    for framework in registry.frameworks.values():
        if status in framework.statuses:
            label = framework.statuses[status].label
            return f"{label.en} / {label.zh}"
    return status


def render(changes: list[CompanyChange], base: str, head: str, old: Registry, new: Registry) -> str:
    claims = sum(len(p.indicators) for c in changes for p in c.periods)
    better = sum(1 for c in changes for p in c.periods for i in p.indicators if i.direction == "up")
    worse = sum(1 for c in changes for p in c.periods for i in p.indicators if i.direction == "down")
    lines = [f"## CSR disclosure changes / 披露变化: `{base}` → `{head}`", ""]
    if not changes:
        lines.append("No changes to the disclosures. / 披露内容没有变化。")
        return "\n".join(lines) + "\n"
    companies = "company" if len(changes) == 1 else "companies"
    indicator_changes = "indicator change" if claims == 1 else "indicator changes"
    lines.append(f"**{len(changes)}** {companies} changed / 家企业有变化 · **{claims}** {indicator_changes} / 项指标变化 "
                 f"· {better} better / 提升 · {worse} worse / 下降")
    for company in changes:
        lines += ["", f"### {_cell(company.name)} (`{company.slug}`)"]
        if company.kind != "changed":
            note = _COMPANY[company.kind]
            if company.old_slug:
                note += f": `{company.old_slug}` → `{company.slug}`"
            lines.append(f"_{note}_")
        for period in company.periods:
            if period.kind == "added":
                lines.append(f"- **{period.period}**: new period / 新报告期")
                continue
            if period.kind == "removed":
                lines.append(f"- **{period.period}**: period removed / 报告期被删除")
                continue
            lines.append(f"- **{period.period}**")
            if period.title:
                lines.append(f"  - title / 标题: {_cell(period.title[0])} → {_cell(period.title[1])}")
            if period.translation:
                before, after = period.translation
                lines.append(f"  - English translation / 英文翻译: {_TRANSLATION[before]} → {_TRANSLATION[after]}")
            if period.indicators:
                lines += ["", "  | indicator / 指标 | change / 变化 | before / 之前 | after / 之后 | details / 细节 |",
                          "  |---|---|---|---|---|"]
                for change in period.indicators:
                    details = []
                    details += [f"{name}: {b if b is not None else '—'} → {a if a is not None else '—'}"
                                for name, b, a in change.figures]
                    details += [f"+ evidence {url}" for url in change.evidence_added]
                    details += [f"− evidence {url}" for url in change.evidence_removed]
                    lines.append(f"  | `{change.indicator}` | {_DIRECTION[change.direction]} | "
                                 f"{_status(old, change.before)} | {_status(new, change.after)} | "
                                 f"{_cell('; '.join(details))} |")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"
