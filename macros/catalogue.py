"""The error catalogue: every problem the checker can report, with a permanent code and name.

Each entry says what happened (``message``), why it matters (``why``) and what to do (``hint``),
in Chinese and English.  Messages and hints are ``str.format`` templates filled from the
diagnostic's arguments.  Codes never change meaning; retired codes are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" | "warning"
    message: dict[str, str]
    why: dict[str, str]
    hint: dict[str, str]


def _rule(code, name, severity, message_zh, message_en, why_zh, why_en, hint_zh, hint_en) -> Rule:
    return Rule(
        code=code,
        name=name,
        severity=severity,
        message={"zh": message_zh, "en": message_en},
        why={"zh": why_zh, "en": why_en},
        hint={"zh": hint_zh, "en": hint_en},
    )


RULES: tuple[Rule, ...] = (
    # -- 1xx: reading the file and its YAML ------------------------------------------------
    _rule(
        "CSR100", "not-utf8", "error",
        "文件不是有效的 UTF-8 编码（第 {offset} 字节附近）",
        "file is not valid UTF-8 (near byte offset {offset})",
        "披露文件必须以 UTF-8 保存，否则中文会乱码。",
        "Disclosures must be saved as UTF-8 or Chinese text is garbled.",
        "用编辑器以 UTF-8（无 BOM 亦可）重新保存该文件。",
        "Re-save the file as UTF-8 in your editor.",
    ),
    _rule(
        "CSR101", "frontmatter-missing", "error",
        "页面没有 YAML 前言（front matter）",
        "the page has no YAML front matter",
        "披露的事实写在页面开头两行 --- 之间的 YAML 中。",
        "A disclosure's facts live in YAML between two --- lines at the very top of the page.",
        "在文件第一行写 ---，接着写 title: 等键，再以一行 --- 结束。",
        "Start the file with a line '---', then keys such as 'title:', then a closing '---' line.",
    ),
    _rule(
        "CSR102", "frontmatter-unclosed", "error",
        "YAML 前言没有结束行 ---",
        "the YAML front matter is never closed with a '---' line",
        "没有结束行时，正文会被当作 YAML 解析。",
        "Without the closing line the whole page would be read as YAML.",
        "在最后一个键之后、正文之前加一行 ---。",
        "Add a line '---' after the last key, before the body.",
    ),
    _rule(
        "CSR103", "yaml-syntax", "error",
        "YAML 语法错误：{problem}",
        "YAML syntax error: {problem}",
        "无法解析的 YAML 不能被校验或发布。",
        "YAML that cannot be parsed can be neither checked nor published.",
        "检查缩进（只用空格）、冒号后的空格和引号是否成对。",
        "Check indentation (spaces only), the space after each colon, and that quotes are paired.",
    ),
    _rule(
        "CSR104", "yaml-tab", "error",
        "YAML 缩进中使用了制表符（Tab）",
        "a tab character is used for indentation in YAML",
        "YAML 只允许空格缩进，Tab 在不同编辑器中宽度不同。",
        "YAML allows only spaces for indentation; tabs render differently in every editor.",
        "把 Tab 换成两个空格。",
        "Replace the tab with two spaces.",
    ),
    _rule(
        "CSR105", "yaml-alias", "error",
        "不允许使用 YAML 锚点或别名（{what}）",
        "YAML anchors and aliases are not allowed ({what})",
        "别名会让事实在多处隐式出现，也可被用来制造“别名炸弹”。",
        "Aliases make facts appear in several places implicitly and can be abused as alias bombs.",
        "把被引用的值直接写出来。",
        "Write the referenced value out in full.",
    ),
    _rule(
        "CSR106", "yaml-tag", "error",
        "不允许使用显式 YAML 标签 {tag}",
        "explicit YAML tags such as {tag} are not allowed",
        "标签可以要求解析器构造任意对象，披露数据只需要字符串、数字、日期、列表和映射。",
        "Tags can ask a parser to build arbitrary objects; disclosures only need strings, numbers, dates, lists and mappings.",
        "删除标签；需要字符串时请用引号。",
        "Remove the tag; quote the value if you need a string.",
    ),
    _rule(
        "CSR107", "duplicate-key", "error",
        "键 {key!r} 重复出现（第一次在第 {first_line} 行）",
        "key {key!r} appears twice (first on line {first_line})",
        "YAML 解析器会悄悄丢弃前一个值，审阅者看到的与发布的不一致。",
        "YAML parsers silently keep only the last value, so reviewers and the site would disagree.",
        "删除其中一个，或合并两处内容。",
        "Delete one of them or merge the two.",
    ),
    _rule(
        "CSR108", "not-a-mapping", "error",
        "{what_zh}应为映射（键: 值），实际是{got_zh}",
        "{what} must be a mapping (key: value), got {got}",
        "前言和公司文件的顶层必须是若干“键: 值”。",
        "The top level of front matter and company files must be 'key: value' pairs.",
        "示例：\ntitle: \"年度社会责任声明\"\nframework: tbsia-003-2022",
        "For example:\ntitle: \"CSR statement 2022\"\nframework: tbsia-003-2022",
    ),
    _rule(
        "CSR109", "too-large", "error",
        "{what_zh}过大：{size} 字节，上限 {limit} 字节",
        "{what} is too large: {size} bytes, the limit is {limit} bytes",
        "上限保护构建和审阅不被超大输入拖垮。",
        "The limit keeps builds and reviews safe from oversized input.",
        "精简内容，或把长篇材料放到证据链接中。",
        "Trim the content or move long material to an evidence link.",
    ),
    _rule(
        "CSR110", "ambiguous-scalar", "error",
        "值 {value!r} 含义不明确：YAML 1.1 会把它读成{meaning_zh}",
        "value {value!r} is ambiguous: YAML 1.1 reads it as {meaning}",
        "不同的 YAML 解析器对它的理解不同（例如 no 会变成 false）。",
        "YAML parsers disagree on it (for example 'no' may become false).",
        "需要文本就加引号：{quoted}；需要布尔值就写 true 或 false。",
        "Quote it if you mean text: {quoted}; write true or false if you mean a boolean.",
    ),
    _rule(
        "CSR111", "invalid-date", "error",
        "{value!r} 不是有效日期：{problem}",
        "{value!r} is not a valid date: {problem}",
        "日期用于排序和比较报告期，必须是真实存在的日历日期。",
        "Dates order and compare periods; they must be real calendar dates.",
        "使用 ISO 格式 YYYY-MM-DD，例如 2023-01-16。",
        "Use ISO format YYYY-MM-DD, for example 2023-01-16.",
    ),
    _rule(
        "CSR112", "too-deep", "error",
        "YAML 嵌套过深（超过 {limit} 层）",
        "YAML is nested too deeply (more than {limit} levels)",
        "披露格式最多嵌套几层，过深的结构只可能是错误或攻击。",
        "The disclosure format nests only a few levels; anything deeper is a mistake or an attack.",
        "按格式说明展平结构。",
        "Flatten the structure as the format reference shows.",
    ),
    _rule(
        "CSR113", "bom-or-crlf", "warning",
        "文件含有{what_zh}，已自动处理",
        "the file contains {what}; it was handled automatically",
        "BOM 和 CRLF 换行会在不同工具中造成差异。",
        "A BOM or CRLF line endings make tools disagree.",
        "以 UTF-8、LF 换行保存文件（csr fmt 可以修正）。",
        "Save the file as UTF-8 with LF line endings (csr fmt fixes it).",
    ),
    # -- 2xx: keys, types and values -----------------------------------------------------
    _rule(
        "CSR200", "unknown-key", "error",
        "未知的键 {key!r}{suggestion_zh}",
        "unknown key {key!r}{suggestion_en}",
        "拼错的键会被悄悄忽略，事实就丢失了。",
        "A misspelt key would be ignored silently and the fact lost.",
        "允许的键：{allowed}",
        "Allowed keys: {allowed}",
    ),
    _rule(
        "CSR201", "missing-key", "error",
        "缺少必填键 {key!r}",
        "required key {key!r} is missing",
        "没有它，披露就不完整，无法发布或比较。",
        "Without it the disclosure is incomplete and cannot be published or compared.",
        "示例：{example}",
        "For example: {example}",
    ),
    _rule(
        "CSR202", "wrong-type", "error",
        "{key!r} 的类型应为{expected_zh}，实际是{got_zh}",
        "{key!r}: expected {expected_en}, got {got_en}",
        "严格的类型让每家公司的数据可以比较。",
        "Strict types keep every company's data comparable.",
        "示例：{example}",
        "For example: {example}",
    ),
    _rule(
        "CSR203", "invalid-value", "error",
        "{key!r} 的值 {value!r} 不在允许范围内{suggestion_zh}",
        "{key!r}: {value!r} is not an allowed value{suggestion_en}",
        "取值来自固定词表，才能汇总统计。",
        "Values come from a fixed vocabulary so they can be counted.",
        "允许的值：{allowed}",
        "Allowed values: {allowed}",
    ),
    _rule(
        "CSR204", "invalid-url", "error",
        "{key!r} 不是有效的 http(s) 链接：{value!r}",
        "{key!r} is not a valid http(s) URL: {value!r}",
        "证据链接必须能被读者打开，且不能是脚本或本地文件。",
        "Evidence must be something readers can open, never a script or a local file.",
        "使用完整链接，例如 https://example.com/report.pdf",
        "Use a full link such as https://example.com/report.pdf",
    ),
    _rule(
        "CSR205", "empty-value", "error",
        "{key!r} 不能为空",
        "{key!r} must not be empty",
        "空值看起来像已经披露，实际上什么也没说。",
        "An empty value looks disclosed but says nothing.",
        "填写内容，或删除这个键。",
        "Fill it in or remove the key.",
    ),
    _rule(
        "CSR206", "invalid-slug", "error",
        "{key!r} 的值 {value!r} 不是有效标识（小写字母、数字、连字符）",
        "{key!r}: {value!r} is not a valid identifier (lowercase letters, digits, hyphens)",
        "标识用于链接和数据文件，必须稳定且可读。",
        "Identifiers are used in links and data files; they must be stable and readable.",
        "例如 open-source-share",
        "For example open-source-share",
    ),
    # -- 3xx: the indicator framework and claims -------------------------------------------
    _rule(
        "CSR300", "unknown-framework", "error",
        "未知的指标体系 {value!r}{suggestion_zh}",
        "unknown indicator framework {value!r}{suggestion_en}",
        "每份披露都要说明依据哪个指标体系的哪个版本。",
        "Every disclosure names the framework and version it reports against.",
        "可用的指标体系：{allowed}",
        "Available frameworks: {allowed}",
    ),
    _rule(
        "CSR301", "unknown-indicator", "error",
        "指标体系 {framework} 中没有指标 {value!r}{suggestion_zh}",
        "framework {framework} has no indicator {value!r}{suggestion_en}",
        "只有体系内的指标才能统计和比较。",
        "Only indicators of the framework can be counted and compared.",
        "指标列表见 README 或站点的“指标”页面。",
        "See the indicator list in the README or on the site's Indicators page.",
    ),
    _rule(
        "CSR302", "status-not-allowed", "error",
        "指标 {indicator} 不允许状态 {value!r}{suggestion_zh}",
        "indicator {indicator} does not allow status {value!r}{suggestion_en}",
        "每个指标只有白皮书定义的几种状态。",
        "Each indicator has only the status levels the framework defines.",
        "允许的状态：{allowed}",
        "Allowed statuses: {allowed}",
    ),
    _rule(
        "CSR303", "duplicate-claim", "error",
        "指标 {indicator} 被声明了两次（第一次在第 {first_line} 行）",
        "indicator {indicator} is claimed twice (first on line {first_line})",
        "同一报告期内每个指标只能有一个状态。",
        "An indicator has one status per period.",
        "合并两条声明。",
        "Merge the two claims.",
    ),
    _rule(
        "CSR304", "section-not-found", "error",
        "正文中没有锚点为 {value!r} 的标题{suggestion_zh}",
        "the body has no heading with anchor {value!r}{suggestion_en}",
        "每条声明都要指向讲述它的正文章节。",
        "Each claim points to the section of the body that tells its story.",
        "正文中已有的锚点：{allowed}。标题写法示例：## 开源回馈 {{#open-source}}",
        "Anchors in the body: {allowed}. A heading looks like: ## Open source {{#open-source}}",
    ),
    _rule(
        "CSR305", "reason-required", "error",
        "状态 {status} 需要说明理由（reason）",
        "status {status} needs a reason",
        "不适用或不披露都必须“遵循或解释”。",
        "Not applicable or omitted claims must comply or explain.",
        "加上 reason: 取值之一：{allowed}",
        "Add 'reason:' with one of: {allowed}",
    ),
    _rule(
        "CSR306", "explanation-required", "error",
        "状态 {status} 需要解释（explanation）",
        "status {status} needs an explanation",
        "理由之外还需要一句话说明具体情况。",
        "Besides the reason, readers need a sentence on the circumstances.",
        "加上 explanation: \"……\"",
        "Add explanation: \"...\"",
    ),
    _rule(
        "CSR307", "omission-key-on-reported-claim", "error",
        "状态 {status} 是已披露状态，不能带 {key}",
        "status {status} is a reported status and cannot carry {key!r}",
        "reason 和 explanation 只用于不适用或不披露的声明。",
        "'reason' and 'explanation' belong only to not-applicable or omitted claims.",
        "删除 {key}，或把状态改为 not-applicable / omitted。",
        "Remove {key!r}, or change the status to not-applicable / omitted.",
    ),
    _rule(
        "CSR308", "indicator-not-addressed", "warning",
        "有 {count} 个指标既未声明也未说明省略：{indicators}",
        "{count} indicators are neither claimed nor explained as omitted: {indicators}",
        "“遵循或解释”要求每个指标都有交代，站点会把它们显示为“未涉及”。",
        "Comply-or-explain expects every indicator addressed; the site shows these as 'not addressed'.",
        "为每个指标加一条声明，或以 status: omitted 加 reason 和 explanation 说明。",
        "Add a claim for each, or an omission with status: omitted, a reason and an explanation.",
    ),
    _rule(
        "CSR309", "section-required", "error",
        "状态 {status} 需要指明正文章节（section）",
        "status {status} needs a section",
        "已披露的状态要有正文支撑。",
        "A reported status must be backed by the text of the page.",
        "加上 section: 正文标题的锚点，例如 section: open-source",
        "Add 'section:' with a heading anchor of the body, e.g. section: open-source",
    ),
    _rule(
        "CSR310", "figure-not-finite", "error",
        "数值 {value!r} 不是有限数",
        "figure value {value!r} is not a finite number",
        "无穷大和 NaN 无法比较和汇总。",
        "Infinity and NaN cannot be compared or added up.",
        "写出实际数值，例如 value: 12.5",
        "Write the actual number, e.g. value: 12.5",
    ),
    _rule(
        "CSR311", "duplicate-figure", "error",
        "数据 {name!r} 在本页出现两次（第一次在第 {first_line} 行）",
        "figure {name!r} appears twice on this page (first on line {first_line})",
        "数据名用于比较不同报告期，必须唯一。",
        "Figure names are compared across periods and must be unique.",
        "改用不同的 name。",
        "Use a different name.",
    ),
    # -- 4xx: files and the registry -------------------------------------------------------
    _rule(
        "CSR400", "bad-filename", "error",
        "文件名 {name!r} 不符合约定",
        "file name {name!r} does not follow the convention",
        "文件名决定报告期和语言。",
        "The file name determines the period and the language.",
        "使用 disclosures/<公司>/<年份>.zh.md 与 <年份>.en.md，公司信息写在 company.yml",
        "Use disclosures/<company>/<year>.zh.md and <year>.en.md; company identity goes in company.yml",
    ),
    _rule(
        "CSR401", "company-file-missing", "error",
        "公司目录 {company} 缺少 company.yml",
        "company folder {company} has no company.yml",
        "公司名称、性质和网站只写一次，写在 company.yml。",
        "The company's names, type and website are written once, in company.yml.",
        "示例：\nname:\n  zh: \"某某软件有限公司\"\n  en: \"Example Software\"\ntype: private\nwebsite: \"https://example.com\"",
        "For example:\nname:\n  zh: \"某某软件有限公司\"\n  en: \"Example Software\"\ntype: private\nwebsite: \"https://example.com\"",
    ),
    _rule(
        "CSR402", "chinese-page-missing", "error",
        "英文页 {name} 没有对应的中文页 {expected}",
        "English page {name} has no Chinese page {expected}",
        "事实只写在中文页，英文页只是翻译。",
        "Facts live in the Chinese page; the English page only translates it.",
        "先创建 {expected}（可用 csr new）。",
        "Create {expected} first (csr new can scaffold it).",
    ),
    _rule(
        "CSR403", "bad-company-slug", "error",
        "公司目录名 {name!r} 不是有效标识（小写字母、数字、连字符）",
        "company folder name {name!r} is not a valid identifier (lowercase letters, digits, hyphens)",
        "目录名是公司页面的网址。",
        "The folder name becomes the company's URL.",
        "例如 disclosures/example-software/",
        "For example disclosures/example-software/",
    ),
    _rule(
        "CSR404", "unsafe-path", "error",
        "{name} 是符号链接或指向仓库之外",
        "{name} is a symbolic link or points outside the repository",
        "构建只发布 disclosures/ 中的真实文件。",
        "The build publishes only real files inside disclosures/.",
        "用普通文件替换符号链接。",
        "Replace the symbolic link with a regular file.",
    ),
    _rule(
        "CSR405", "period-mismatch", "error",
        "published 日期 {value} 早于报告期 {period} 开始",
        "published date {value} is before the reporting period {period} begins",
        "报告不可能在报告期开始之前发布。",
        "A report cannot be published before its period begins.",
        "检查文件名中的年份和 published 日期。",
        "Check the year in the file name and the published date.",
    ),
    _rule(
        "CSR406", "link-outside-registry", "error",
        "链接或图片 {url!r} 指向登记库之外",
        "link or image {url!r} points outside the registry",
        "发布的页面只能引用 disclosures/ 中的文件，不能借路径泄露仓库或服务器上的其他文件。",
        "Published pages may only refer to files inside disclosures/, so no path can expose other files of the repository or the server.",
        "把文件放进公司目录并使用相对路径（例如 report.pdf），或使用完整的 https 链接。",
        "Put the file in the company's folder and link it relatively (e.g. report.pdf), or use a full https link.",
    ),
    _rule(
        "CSR407", "unsafe-url", "error",
        "{url!r} 使用了不允许的协议 {scheme}:",
        "{url!r} uses the scheme {scheme}:, which is never published",
        "javascript:、data:、file: 等协议可以执行脚本或读取本地文件。",
        "Schemes such as javascript:, data: and file: can run scripts or read local files.",
        "只使用 https:、http: 或 mailto: 链接。",
        "Use only https:, http: or mailto: links.",
    ),
    _rule(
        "CSR408", "unsafe-asset", "error",
        "{name} 是 SVG 图像，不会被发布",
        "{name} is an SVG image, which is never published",
        "SVG 文件可以包含脚本；从站点直接打开时，脚本会以站点的身份运行。",
        "An SVG file can contain scripts, which run with the site's authority when the file is opened directly.",
        "把图像导出为 PNG、JPEG 或 WebP。",
        "Export the image as PNG, JPEG or WebP.",
    ),
    # -- 5xx: translations ---------------------------------------------------------------
    _rule(
        "CSR500", "fact-in-translation", "error",
        "英文页不能包含事实键 {key!r}",
        "the English page must not contain the fact {key!r}",
        "事实只写一次，写在中文页；英文页重复或改写事实会造成矛盾。",
        "Facts are written once, in the Chinese page; repeating them in a translation invites contradictions.",
        "{where_zh}",
        "{where}",
    ),
    _rule(
        "CSR501", "translation-missing", "warning",
        "{name} 没有英文页；英文站点将显示中文原文并附说明",
        "{name} has no English page; the English site shows the Chinese text with a notice",
        "英文读者需要译文。",
        "English readers need a translation.",
        "创建 {expected}，写 title、summary 和与中文页相同锚点的章节。",
        "Create {expected} with title, summary and sections with the same anchors as the Chinese page.",
    ),
    _rule(
        "CSR502", "translation-incomplete", "warning",
        "{what_zh}在 {en_name} 中没有英文译文",
        "{what_en} has no English translation in {en_name}",
        "英文站点会在原处以中文显示这一部分（标为中文），英文读者读不懂。",
        "The English site shows this part in Chinese, in its place and marked as Chinese; English readers cannot read it.",
        "在 {en_name} 中加入对应的英文：{example_zh}",
        "Add its English to {en_name}: {example_en}",
    ),
    _rule(
        "CSR503", "translation-contradicts", "error",
        "英文页为 {indicator} 提供了{what_zh}，但中文页{reason_zh}",
        "the English page gives {what_en} for {indicator}, but the Chinese page {reason_en}",
        "译文只能翻译中文页已有的内容。",
        "A translation can only translate what the Chinese page says.",
        "删除这一项，或先在中文页补充对应内容。",
        "Remove the entry, or add the matching content to the Chinese page first.",
    ),
    _rule(
        "CSR504", "translation-anchor-unknown", "error",
        "英文标题的锚点 #{anchor} 不是 {zh_name} 中任何标题的锚点{suggestion_zh}",
        "heading anchor #{anchor} matches no heading of {zh_name}{suggestion_en}",
        "中英文章节按锚点配对。锚点写错或漏写时，这一章节会被当作多出来的章节，它所翻译的中文章节又会以中文补在英文页上，同一内容出现两次。",
        "Sections are paired by anchor. With a missing or misspelled anchor this section counts as an extra one, "
        "and the Chinese section it translates is shown again, in Chinese, on the English page: the same text twice.",
        "给这个标题写上它所翻译的中文标题的锚点：{heading} {{#{expected}}}。中文页的锚点：{allowed}",
        "Give the heading the anchor of the Chinese heading it translates: {heading} {{#{expected}}}. "
        "Anchors of the Chinese page: {allowed}",
    ),
    _rule(
        "CSR505", "text-untranslated", "warning",
        "{what_zh}「{text}」在 {en_name} 中没有英文译文",
        "{what_en} \u201c{text}\u201d has no English translation in {en_name}",
        "这段文字会在英文页上以中文显示（标为中文），英文读者读不懂；页面也不能算作完整翻译。",
        "English pages show this text in Chinese (marked as Chinese), which English readers cannot read; "
        "the translation is not complete without it.",
        "在 {en_name} 的前言中加入：\n{example}",
        "Add to the front matter of {en_name}:\n{example}",
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}

assert len(BY_CODE) == len(RULES), "duplicate rule code"
assert len(BY_NAME) == len(RULES), "duplicate rule name"


def rule(name_or_code: str) -> Rule:
    """Look a rule up by its name (``unknown-key``) or code (``CSR200``)."""
    found = BY_NAME.get(name_or_code) or BY_CODE.get(name_or_code)
    if found is None:
        raise KeyError(f"no such rule: {name_or_code}")
    return found
