"""Synthetic registries for the benchmark: N companies, each with one bilingual disclosure
(or one per period, with ``--periods``).

Every company gets ``company.yml`` and a Chinese and an English page for one period.  The
Chinese page claims every indicator of the framework (a mix of reported statuses, omissions
with a reason and an explanation, evidence links and figures) and has about 5 KB of prose
under ten ``## heading {#anchor}`` sections; the English page translates all of it.  The
output depends only on the seed and the company's number, so a registry of 3000 companies
starts with the same 1000 companies as a registry of 1000, and two runs write the same bytes.

With ``--periods P`` every company gets a full bilingual disclosure for each of the P years
ending with ``--period`` (``--periods 3``: 2020, 2021 and 2022), the scenario of the issue's
size target.  The last period's pages and ``company.yml`` are those of the one-period registry;
each earlier period draws its claims and prose from its own random stream.

    python bench/generate.py OUT --companies 1000 [--seed 7] [--period 2022] [--periods 3]

The registry passes ``csr check`` without errors or warnings.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

from macros.framework import Framework, load_frameworks  # noqa: E402

FRAMEWORK_ID = "tbsia-003-2022"
SECTIONS_PER_PAGE = 10
DEFAULT_SEED = 7


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# -- vocabulary ------------------------------------------------------------------------

PLACES = [
    ("蓝山", "Lanshan"), ("青田", "Qingtian"), ("云岭", "Yunling"), ("星河", "Xinghe"), ("海川", "Haichuan"),
    ("北辰", "Beichen"), ("南湖", "Nanhu"), ("东岳", "Dongyue"), ("西溪", "Xixi"), ("明湖", "Minghu"),
    ("天衡", "Tianheng"), ("长风", "Changfeng"), ("九章", "Jiuzhang"), ("启明", "Qiming"), ("远望", "Yuanwang"),
    ("清源", "Qingyuan"), ("汇智", "Huizhi"), ("知行", "Zhixing"), ("鼎新", "Dingxin"), ("卓越", "Zhuoyue"),
]
TRADES = [
    ("软件", "Software", "soft"), ("数据", "Data", "data"), ("信息技术", "Information Technology", "it"),
    ("云计算", "Cloud", "cloud"), ("网络科技", "Network Technology", "net"), ("智能科技", "Intelligent Technology", "ai"),
    ("数字科技", "Digital Technology", "digital"), ("安全技术", "Security Technology", "sec"),
]
CITIES = [("北京", "Beijing"), ("上海", "Shanghai"), ("深圳", "Shenzhen"), ("杭州", "Hangzhou"),
          ("成都", "Chengdu"), ("长沙", "Changsha"), ("武汉", "Wuhan"), ("西安", "Xi'an"), ("南京", "Nanjing")]
PROVINCES = [("湖南", "Hunan"), ("贵州", "Guizhou"), ("云南", "Yunnan"), ("甘肃", "Gansu"),
             ("江西", "Jiangxi"), ("四川", "Sichuan"), ("广西", "Guangxi")]
PRODUCTS = [("协同办公平台", "collaboration platform"), ("数据库产品", "database"),
            ("云管理平台", "cloud management platform"), ("低代码平台", "low-code platform"),
            ("安全网关", "security gateway"), ("客服系统", "customer-service system"),
            ("数据分析工具", "data-analysis toolkit"), ("开发者工具链", "developer toolchain")]

# (anchor, zh heading, en heading, [(zh sentence, en sentence)]).  Placeholders: {n} {m} {p}
# (small, medium numbers and a percentage), {city} {prov} {product} and {name}.
THEMES = [
    ("governance", "社会责任治理", "CSR governance", [
        ("{name}把社会责任写入公司章程和年度经营计划，由管理层每季度审议一次进展。",
         "{name} has written social responsibility into its articles and annual plan, and management reviews progress every quarter."),
        ("社会责任工作小组由{n}名来自法务、人力、产品和运维部门的同事组成，直接向总经理汇报。",
         "A CSR working group of {n} colleagues from legal, HR, product and operations reports directly to the general manager."),
        ("我们每年对利益相关方开展一次问卷调查，本年度共收回{m}份有效问卷。",
         "We survey our stakeholders once a year; this year {m} valid responses came back."),
        ("重要议题清单根据调查结果和行业标准每年更新，并在内部知识库公开。",
         "The list of material topics is updated every year from the survey and industry standards, and published on our internal wiki."),
        ("各部门负责人的年度考核中有{p}%的权重与社会责任目标挂钩。",
         "{p}% of each department head's annual appraisal is tied to CSR goals."),
    ]),
    ("disclosure", "信息披露", "Disclosure", [
        ("我们在官网设立社会责任专栏，集中公开政策、报告和联系方式。",
         "A CSR section on our website gathers our policies, reports and contact details in one place."),
        ("本声明按照 T/BSIA 003-2022 编写，数据统计期为整个自然年度。",
         "This statement follows T/BSIA 003-2022; figures cover the whole calendar year."),
        ("读者可以通过专用邮箱提出问题，我们承诺在{n}个工作日内答复。",
         "Readers can send questions to a dedicated mailbox, and we reply within {n} working days."),
        ("往年的声明和数据文件保留在同一页面，便于比较各年度的变化。",
         "Statements and data files from earlier years stay on the same page so that changes can be compared."),
    ]),
    ("green", "绿色发展", "Green development", [
        ("我们把{city}数据中心的工作负载迁移到高能效机房，年度用电量下降了{p}%。",
         "We moved the workloads of our {city} data centre to more efficient halls and cut annual electricity use by {p}%."),
        ("办公室推行无纸化流程，全年减少打印约{m}页。",
         "Paperless office processes saved about {m} printed pages this year."),
        ("新采购的服务器全部符合国家一级能效标准，旧设备交由有资质的机构回收。",
         "Every newly bought server meets the national top energy-efficiency grade, and old equipment goes to certified recyclers."),
        ("我们在{product}中加入了资源使用报告，帮助客户关闭闲置的云资源。",
         "Our {product} now reports resource use so that customers can switch off idle cloud resources."),
        ("差旅优先选择铁路和视频会议，全年减少航班出行{n}次。",
         "We prefer rail and video calls to flights and took {n} fewer flights this year."),
    ]),
    ("customers", "客户权益", "Customer rights", [
        ("{product}的价格、功能和服务等级在官网公开，所有客户适用同一价目表。",
         "The prices, features and service levels of our {product} are public, and one price list applies to every customer."),
        ("客户投诉由专人跟进，平均{n}个工作日内给出处理结果。",
         "A named person follows up every complaint, and customers get an answer within {n} working days on average."),
        ("我们不利用客户数据进行差异化定价，也不向第三方出售客户信息。",
         "We do not use customer data to set different prices, and we sell no customer information to third parties."),
        ("合同条款使用通俗语言编写，关键限制条款以加粗方式提示。",
         "Contract terms are written in plain language, and key limitations are shown in bold."),
        ("本年度客户满意度调查覆盖{m}家客户，总体满意度为{p}%。",
         "This year's satisfaction survey reached {m} customers, with an overall satisfaction of {p}%."),
    ]),
    ("innovation", "技术创新", "Technology innovation", [
        ("研发投入占营业收入的{p}%，研发人员占员工总数的一半以上。",
         "Research and development take {p}% of revenue, and more than half of our staff are engineers."),
        ("我们与{city}的{n}所高校共建联合实验室，研究方向包括数据库和分布式系统。",
         "We run joint laboratories with {n} universities in {city}, working on databases and distributed systems."),
        ("本年度新获得软件著作权{n}项、发明专利{n}项。",
         "This year we obtained {n} software copyrights and {n} invention patents."),
        ("{product}的新版本把部署时间从数小时缩短到{n}分钟。",
         "The new release of our {product} cuts deployment time from hours to {n} minutes."),
    ]),
    ("supply-chain", "供应链安全", "Supply-chain security", [
        ("所有第三方组件在引入前都要经过许可证和漏洞扫描。",
         "Every third-party component is checked for its licence and known vulnerabilities before we use it."),
        ("我们为{product}发布软件物料清单，客户可以核对每个版本的依赖。",
         "We publish a software bill of materials for our {product}, so customers can check the dependencies of every release."),
        ("关键供应商每年接受一次安全与合规评估，本年度评估了{n}家。",
         "Key suppliers are assessed for security and compliance once a year; we assessed {n} this year."),
        ("构建流水线使用签名的制品和可复现的构建，防止代码在发布途中被篡改。",
         "Our build pipeline uses signed artefacts and reproducible builds so that code cannot be altered on its way to release."),
    ]),
    ("data-security", "数据安全与隐私", "Data security and privacy", [
        ("我们按照等级保护要求建设安全体系，核心系统通过了第三级测评。",
         "Our security system follows the classified protection scheme, and our core systems passed the level-three assessment."),
        ("个人信息只在完成服务所必需的范围内收集，并在约定期限届满后删除。",
         "Personal information is collected only as far as the service needs it and deleted when the agreed period ends."),
        ("全体员工每年完成不少于{n}小时的数据安全培训。",
         "Every employee completes at least {n} hours of data-security training a year."),
        ("本年度开展了{n}次应急演练，未发生个人信息泄露事件。",
         "We ran {n} incident drills this year and had no personal-data breach."),
        ("生产数据库的访问需要双人审批，所有操作留有审计日志。",
         "Access to production databases needs two approvals, and every operation is kept in an audit log."),
    ]),
    ("ethics", "科技伦理与诚信", "Technology ethics and integrity", [
        ("我们制定了算法使用准则，涉及自动决策的功能上线前须经过伦理评审。",
         "We have rules for the use of algorithms, and features that make automatic decisions pass an ethics review before launch."),
        ("反腐败制度覆盖全体员工和主要供应商，举报渠道由独立团队受理。",
         "Our anti-corruption policy covers all staff and main suppliers, and an independent team handles reports."),
        ("我们不与合作伙伴签订排他性条款，支持客户自由迁移数据。",
         "We sign no exclusivity clauses with partners and help customers move their data freely."),
        ("本年度组织了{n}场合规培训，覆盖{p}%的员工。",
         "We held {n} compliance training sessions this year, reaching {p}% of staff."),
    ]),
    ("youth", "未成年人保护", "Protecting minors", [
        ("我们的产品面向企业客户，注册时需要提供统一社会信用代码。",
         "Our products serve businesses, and registration needs a unified social credit code."),
        ("面向教育机构的版本默认关闭社交和推送功能。",
         "The edition for schools has social features and push notifications switched off by default."),
        ("我们支持家长和学校了解学生使用编程课程的时长。",
         "Parents and schools can see how long pupils spend on our coding courses."),
    ]),
    ("emergencies", "公共应急", "Public emergencies", [
        ("在{prov}洪灾期间，我们为当地政府免费提供了在线协同工具。",
         "During the floods in {prov} we gave the local government free online collaboration tools."),
        ("公司建立了业务连续性计划，关键服务可在{n}小时内切换到备用区域。",
         "Our business-continuity plan lets key services move to a standby region within {n} hours."),
        ("应急期间我们为{m}家受影响的小微企业延长了服务期限。",
         "During the emergency we extended the service period of {m} affected small businesses."),
    ]),
    ("rural", "乡村振兴", "Rural revitalisation", [
        ("我们在{prov}的{n}个县开展乡村编程教育，志愿者每学期驻点授课。",
         "We teach coding in {n} counties of {prov}, with volunteers teaching on site every term."),
        ("为乡村合作社搭建的电商系统帮助{m}户农户在线销售农产品。",
         "An online shop we built for rural cooperatives helps {m} farming households sell their produce."),
        ("我们优先从{prov}招聘远程客服人员，让年轻人在家乡就业。",
         "We hire remote support staff from {prov} first, so young people can work in their home towns."),
        ("公司向乡村学校捐赠了{n}间计算机教室。",
         "We donated {n} computer classrooms to rural schools."),
    ]),
    ("community", "社区与公益", "Community and public welfare", [
        ("员工每人每年有{n}天带薪志愿者假期。",
         "Every employee has {n} days of paid volunteering leave a year."),
        ("我们为公益组织免费提供{product}，目前已有{m}家机构在使用。",
         "We give our {product} to non-profits for free; {m} organisations use it today."),
        ("在{city}，我们每月举办一次面向市民的数字技能讲座。",
         "In {city} we hold a monthly digital-skills talk open to the public."),
        ("公益项目的预算和执行情况在年度报告中单独列示。",
         "The budget and results of our public-welfare projects are listed separately in the annual report."),
    ]),
    ("sme", "中小企业扶持", "Supporting small businesses", [
        ("我们为小微企业提供{product}的免费版本，本年度新增用户{m}家。",
         "Small businesses can use a free edition of our {product}; {m} new ones joined this year."),
        ("面向初创团队的技术咨询每周开放一次，全年服务{n}个团队。",
         "Technical office hours for start-ups are open once a week and served {n} teams this year."),
        ("我们把部分中间件以开源方式发布，降低中小企业的技术门槛。",
         "We released some of our middleware as open source to lower the technical barrier for small firms."),
    ]),
    ("employees", "员工权益", "Employee rights", [
        ("公司依法为全体员工缴纳社会保险和住房公积金，包括远程办公的同事。",
         "We pay social insurance and the housing fund for all staff as the law requires, remote colleagues included."),
        ("本年度新招聘员工中，应届毕业生占{p}%，残疾人员工{n}名。",
         "Of this year's new hires, {p}% were fresh graduates, and {n} have a disability."),
        ("自动化工具上线前，我们为受影响岗位提供转岗培训，本年度共{n}人完成转岗。",
         "Before automation tools go live we retrain staff whose jobs change; {n} people moved to new roles this year."),
        ("员工可以选择弹性工作时间，每周最多{n}天远程办公。",
         "Staff can choose flexible hours and work remotely up to {n} days a week."),
        ("每位员工每年享有不少于{m}元的学习津贴。",
         "Every employee gets a learning allowance of at least {m} yuan a year."),
    ]),
    ("open-source", "开源与开发者", "Open source and developers", [
        ("{name}在代码托管平台公开了{n}个项目，全年合并外部贡献{m}次。",
         "{name} publishes {n} projects on public code hosting and merged {m} outside contributions this year."),
        ("我们资助了{n}个上游开源项目的维护者，并派员参与社区治理。",
         "We fund the maintainers of {n} upstream open-source projects and take part in their governance."),
        ("面向高校学生的开源实习计划本年度接收了{n}名学生。",
         "Our open-source internship for university students took {n} students this year."),
        ("产品文档以开源许可证发布，任何人都可以提出修改建议。",
         "Our product documentation is published under an open licence, and anyone can propose changes."),
    ]),
]

GENERIC = [
    ("下一报告期，我们将继续完善相关制度，并公开更多可核验的数据。",
     "In the next period we will keep improving these policies and publish more data that can be verified."),
    ("这项工作由专人负责，进展情况每半年向管理层汇报一次。",
     "A named person is responsible for this work and reports progress to management every six months."),
    ("我们也注意到不足：部分数据仍依赖人工统计，口径需要进一步统一。",
     "We also see gaps: some figures are still counted by hand, and definitions need to be aligned."),
    ("相关做法参考了同行企业的公开经验，并结合了{city}本地的实际情况。",
     "These practices draw on what peers have published and on local conditions in {city}."),
    ("所有数据均来自公司内部系统，统计截止日期为报告期末。",
     "All figures come from our internal systems and are counted up to the end of the period."),
    ("我们欢迎客户、员工和社区就这些工作提出意见。",
     "We welcome comments on this work from customers, staff and the community."),
]

# indicator -> theme anchor whose section tells its story
INDICATOR_THEME = {
    "csr-engagement": "governance", "governance-system": "governance",
    "disclosure-channels": "disclosure", "disclosure-reports": "disclosure",
    "green-development": "green", "consumer-rights": "customers", "big-data-price-discrimination": "customers",
    "technology-innovation": "innovation", "supply-chain-security": "supply-chain",
    "data-security": "data-security", "privacy-leak-prevention": "data-security",
    "tech-ethics": "ethics", "integrity": "ethics", "anti-monopoly": "ethics",
    "youth-online-addiction": "youth", "public-emergencies": "emergencies",
    "rural-revitalisation": "rural", "community-development": "community", "public-welfare": "community",
    "sme-support": "sme", "flexible-employment": "employees", "ai-replacement-protection": "employees",
    "developer-cultivation": "open-source",
}

# theme -> [(name, unit zh, label zh, label en, low, high, decimal)]
FIGURES = {
    "governance": [("csr-goals-weight", "%", "考核中社会责任目标的权重", "Weight of CSR goals in appraisals", 5, 30, False)],
    "disclosure": [("stakeholder-responses", "份", "利益相关方有效问卷", "Valid stakeholder survey responses", 40, 3000, False)],
    "green": [("electricity-saved", "%", "用电量降幅", "Reduction in electricity use", 1, 30, True),
              ("carbon-reduced", "吨", "减少碳排放", "Carbon emissions avoided", 10, 5000, True)],
    "customers": [("complaints-resolved", "%", "投诉按时办结率", "Complaints resolved on time", 80, 100, True),
                  ("customer-satisfaction", "%", "客户满意度", "Customer satisfaction", 70, 99, True)],
    "innovation": [("rd-share", "%", "研发投入占收入比例", "R&D spending as share of revenue", 5, 40, True),
                   ("patents", "项", "新获发明专利", "Invention patents granted", 1, 60, False)],
    "supply-chain": [("suppliers-assessed", "家", "接受评估的供应商", "Suppliers assessed", 5, 300, False)],
    "data-security": [("security-drills", "次", "安全演练次数", "Security drills", 2, 24, False),
                      ("training-hours", "小时", "人均安全培训时长", "Security training hours per employee", 4, 40, False)],
    "ethics": [("compliance-training-reach", "%", "合规培训覆盖率", "Staff reached by compliance training", 50, 100, True)],
    "youth": [],
    "emergencies": [("failover-hours", "小时", "关键服务切换时限", "Hours to move key services to a standby region", 1, 24, False)],
    "rural": [("rural-schools", "所", "受助乡村学校", "Rural schools supported", 2, 100, False),
              ("farm-households", "户", "在线销售的农户", "Farming households selling online", 50, 5000, False)],
    "community": [("volunteer-days", "天", "员工志愿服务天数", "Staff volunteering days", 50, 2000, False),
                  ("donations", "万元", "公益捐赠", "Donations", 1, 500, True)],
    "sme": [("sme-users", "家", "免费版小微企业用户", "Small businesses on the free edition", 100, 50000, False)],
    "employees": [("graduates-hired", "人", "招聘应届毕业生", "Graduates hired", 3, 400, False),
                  ("retrained-staff", "人", "完成转岗培训的员工", "Staff retrained for new roles", 1, 120, False),
                  ("remote-staff", "%", "远程办公员工比例", "Staff working remotely", 5, 60, True)],
    "open-source": [("open-source-projects", "个", "开源项目数", "Open-source projects", 3, 120, False),
                    ("outside-contributions", "次", "合并的外部贡献", "Outside contributions merged", 10, 5000, False)],
}

# the English of the Chinese units above, for the English pages' figure_units
UNITS_EN = {"份": "responses", "吨": "t", "项": "patents", "家": "companies", "次": "times", "小时": "hours",
            "所": "schools", "户": "households", "天": "days", "万元": "×10,000 yuan", "人": "people",
            "个": "projects"}

OMISSIONS = {
    "not-applicable": [
        ("我们的产品只面向企业客户，不涉及该议题。", "Our products serve businesses only and do not touch this topic."),
        ("公司没有相关业务，该指标不适用。", "We have no business of this kind, so the indicator does not apply."),
    ],
    "information-unavailable": [
        ("相关数据尚未系统统计，计划在下一报告期披露。",
         "The data has not been recorded systematically yet; we plan to disclose it next period."),
        ("统计口径正在调整，{year} 年起按新口径公开。",
         "We are changing how this is counted and will publish it on the new basis from {year}."),
    ],
    "confidentiality": [
        ("相关合同包含保密条款，暂不能公开细节。", "The contracts concerned have confidentiality clauses, so details cannot be published."),
    ],
    "not-material": [
        ("经利益相关方调查评估，该议题对公司不具重要性。", "Our stakeholder survey found this topic not material to the company."),
    ],
}

STATUS_WEIGHTS = [6, 4, 1]  # for the indicator's statuses, best first (the weakest is rarest)
OMISSION_SHARE = 0.12
EVIDENCE_SHARE = 0.45
FIGURE_SHARE = 0.6


@dataclass
class Company:
    slug: str
    files: dict[str, str]  # path relative to the registry root -> text


def _fill(pair: tuple[str, str], values: dict[str, tuple[str, str]]) -> tuple[str, str]:
    zh, en = pair
    return (zh.format(**{k: v[0] for k, v in values.items()}),
            en.format(**{k: v[1] for k, v in values.items()}))


def _values(rng: random.Random, name: tuple[str, str]) -> dict[str, tuple[str, str]]:
    city, prov, product = rng.choice(CITIES), rng.choice(PROVINCES), rng.choice(PRODUCTS)
    n, m, p = str(rng.randint(2, 30)), str(rng.randint(40, 5000)), str(rng.randint(5, 95))
    return {"n": (n, n), "m": (m, m), "p": (p, p), "city": city, "prov": prov, "product": product, "name": name}


def _paragraphs(rng: random.Random, theme_sentences, name) -> tuple[list[str], list[str]]:
    """Two paragraphs (sometimes a short list too) for a section, in both languages."""
    pool = list(theme_sentences)
    rng.shuffle(pool)
    generic = list(GENERIC)
    rng.shuffle(generic)
    zh_paras, en_paras = [], []
    chosen = pool[:3] + generic[:2]
    split = rng.randint(1, len(chosen) - 1)
    for part in (chosen[:split], chosen[split:]):
        pairs = [_fill(pair, _values(rng, name)) for pair in part]
        zh_paras.append("".join(zh for zh, _ in pairs))
        en_paras.append(" ".join(en for _, en in pairs))
    if rng.random() < 0.3 and len(pool) >= 5:  # a short list now and then
        items = [_fill(pair, _values(rng, name)) for pair in pool[3:5]]
        zh_paras.append("\n".join(f"- {zh}" for zh, _ in items))
        en_paras.append("\n".join(f"- {en}" for _, en in items))
    return zh_paras, en_paras


def company(framework: Framework, index: int, seed: int = DEFAULT_SEED, period: str = "2022",
            earlier: bool = False) -> Company:
    """Company number ``index`` (0-based) of the registry generated from ``seed``, with its
    disclosure for ``period``.  ``earlier`` marks a period before the registry's last one: the
    company (name, type, slug) stays the same, the disclosure comes from the period's own
    random stream, so the last period's pages do not depend on how many periods there are."""
    rng = random.Random(f"csr-bench:{seed}:{index}")
    place, trade = rng.choice(PLACES), rng.choice(TRADES)
    slug = f"{place[1].lower()}-{trade[2]}-{index + 1:05d}"
    name_zh = f"{place[0]}{trade[0]}有限公司（{index + 1:05d}）"
    name_en = f"{place[1]} {trade[1]} Co., Ltd. ({index + 1:05d})"
    short = (f"{place[0]}{trade[0]}", f"{place[1]} {trade[1]}")
    types = list(framework.organisation_types)
    weights = {"state-owned": 7, "foreign-invested": 4, "private": 85, "social-organisation": 4}
    org_type = rng.choices(types, weights=[weights.get(t, 5) for t in types])[0]
    year = int(period)
    if earlier:
        rng = random.Random(f"csr-bench:{seed}:{index}:{period}")

    themes = {theme[0]: theme for theme in THEMES}
    chosen = rng.sample(list(themes), SECTIONS_PER_PAGE)
    chosen.sort(key=list(themes).index)

    # claims: every indicator of the framework -------------------------------------------
    unused_figures = {theme: list(items) for theme, items in FIGURES.items()}
    claims_yaml: list[str] = []
    explanations: dict[str, str] = {}
    figure_labels: dict[str, str] = {}
    figure_units: dict[str, str] = {}
    evidence_titles: dict[str, str] = {}
    reported = 0
    for indicator_id, indicator in framework.indicators.items():
        lines = [f"  - indicator: {indicator_id}"]
        if rng.random() < OMISSION_SHARE:
            status = rng.choice(framework.omission_statuses())
            reason = "not-applicable" if status == "not-applicable" else rng.choice(
                [r for r in OMISSIONS if r != "not-applicable" and r in framework.reasons])
            zh, en = _fill(rng.choice(OMISSIONS[reason]), {"year": (str(year + 2), str(year + 2))})
            lines += [f"    status: {status}", f"    reason: {reason}", f"    explanation: {q(zh)}"]
            explanations[indicator_id] = en
            claims_yaml.append("\n".join(lines))
            continue
        statuses = list(indicator.statuses)
        status = rng.choices(statuses, weights=(STATUS_WEIGHTS + [1] * len(statuses))[: len(statuses)])[0]
        theme = INDICATOR_THEME.get(indicator_id)
        section = theme if theme in chosen else chosen[reported % len(chosen)]
        reported += 1
        lines += [f"    status: {status}", f"    section: {section}"]
        if rng.random() < EVIDENCE_SHARE:
            lines.append("    evidence:")
            for number in range(rng.randint(1, 2)):
                url = f"https://www.{slug}.example.com/csr/{period}/{indicator_id}-{number + 1}"
                lines += [f"      - url: {q(url)}",
                          f"        title: {q(f'{short[0]} {period} 年{indicator.name.zh}说明（{number + 1}）')}"]
                evidence_titles[url] = f"{short[1]} {period}: {indicator.name.en} ({number + 1})"
        figures = unused_figures.get(theme, [])
        if figures and rng.random() < FIGURE_SHARE:
            lines.append("    figures:")
            for _ in range(min(len(figures), rng.randint(1, 2))):
                name, unit, label_zh, label_en, low, high, decimal = figures.pop(rng.randrange(len(figures)))
                value = round(rng.uniform(low, high), 1) if decimal else rng.randint(low, high)
                lines += [f"      - name: {name}", f"        value: {value}", f"        unit: {q(unit)}",
                          f"        label: {q(label_zh)}"]
                figure_labels[name] = label_en
                if UNITS_EN.get(unit, unit) != unit:
                    figure_units[name] = UNITS_EN[unit]
        claims_yaml.append("\n".join(lines))

    # prose: an introduction and ten sections --------------------------------------------
    zh_body = [f"{short[0]}是一家总部位于{rng.choice(CITIES)[0]}的软件企业。本声明说明我们在 {period} 年度"
               f"履行社会责任的做法、数据和不足，内容按 T/BSIA 003-2022 的指标组织。"]
    en_body = [f"{short[1]} is a software company. This statement sets out what we did for social responsibility"
               f" in {period}, with figures and gaps, organised by the indicators of T/BSIA 003-2022."]
    for anchor in chosen:
        _, title_zh, title_en, sentences = themes[anchor]
        zh_paras, en_paras = _paragraphs(rng, sentences, short)
        zh_body.append(f"## {title_zh} {{#{anchor}}}\n\n" + "\n\n".join(zh_paras))
        en_body.append(f"## {title_en} {{#{anchor}}}\n\n" + "\n\n".join(en_paras))
    zh_body.append(f"更多信息见[公司网站](https://www.{slug}.example.com/csr/)。")
    en_body.append(f"More on [our website](https://www.{slug}.example.com/csr/).")

    published = f"{year + 1}-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
    summary_zh = f"{short[0]}在 {period} 年推进绿色运营、数据安全、员工发展和社区公益，本声明逐项说明各指标的做法与数据。"
    summary_en = (f"In {period} {short[1]} worked on green operations, data security, staff development and "
                  f"community projects; this statement reports on every indicator.")
    zh_page = "\n".join([
        "---",
        f"title: {q(f'{short[0]} {period} 年度社会责任声明')}",
        f"summary: {q(summary_zh)}",
        f"framework: {framework.id}",
        f"published: {published}",
        "claims:",
        *claims_yaml,
        "---",
        "",
        "\n\n".join(zh_body),
        "",
    ])
    en_front = ["---", f"title: {q(f'{short[1]} CSR statement {period}')}", f"summary: {q(summary_en)}"]
    if explanations:
        en_front.append("explanations:")
        en_front += [f"  {key}: {q(text)}" for key, text in explanations.items()]
    if figure_labels:
        en_front.append("figure_labels:")
        en_front += [f"  {key}: {q(text)}" for key, text in figure_labels.items()]
    if figure_units:
        en_front.append("figure_units:")
        en_front += [f"  {key}: {q(text)}" for key, text in figure_units.items()]
    if evidence_titles:
        en_front.append("evidence_titles:")
        en_front += [f"  {q(url)}: {q(text)}" for url, text in evidence_titles.items()]
    en_page = "\n".join([*en_front, "---", "", "\n\n".join(en_body), ""])
    company_yml = "\n".join([
        "name:",
        f"  zh: {q(name_zh)}",
        f"  en: {q(name_en)}",
        f"type: {org_type}",
        f"website: {q(f'https://www.{slug}.example.com')}",
        "",
    ])
    base = f"disclosures/{slug}"
    return Company(slug, {f"{base}/company.yml": company_yml, f"{base}/{period}.zh.md": zh_page,
                          f"{base}/{period}.en.md": en_page})


def generate(root: Path | str, companies: int, seed: int = DEFAULT_SEED, period: str = "2022",
             periods: int = 1) -> list[str]:
    """Write a registry of ``companies`` companies under ``root``, each with a disclosure for the
    ``periods`` years ending with ``period``; return their slugs in order."""
    root = Path(root)
    framework = load_frameworks(root)[FRAMEWORK_ID]
    years = [str(int(period) - back) for back in range(periods - 1, -1, -1)]
    slugs = []
    for index in range(companies):
        for year in years:
            item = company(framework, index, seed, year, earlier=year != period)
            for rel, text in item.files.items():
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        slugs.append(item.slug)
    return slugs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic CSR registry for benchmarks.")
    parser.add_argument("output", help="registry root to write (disclosures/ is created inside)")
    parser.add_argument("--companies", "-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--period", default="2022", help="the (last) period")
    parser.add_argument("--periods", type=int, default=1,
                        help="periods per company, ending with --period (3: 2020, 2021, 2022)")
    args = parser.parse_args(argv)
    if args.companies < 1:
        parser.error("--companies must be at least 1")
    if not 1 <= args.periods <= 10:
        parser.error("--periods must be between 1 and 10")
    if not (args.period.isdigit() and len(args.period) == 4):
        parser.error("--period must be a year such as 2022")
    slugs = generate(args.output, args.companies, args.seed, args.period, args.periods)
    per = f" × {args.periods} periods" if args.periods > 1 else ""
    print(f"wrote {len(slugs)} companies{per} under {Path(args.output) / 'disclosures'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
