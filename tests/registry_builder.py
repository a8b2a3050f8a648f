"""A small valid registry that tests copy and break in one place each."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

COMPANY_YML = """\
name:
  zh: "艾克米软件有限公司"
  en: "Acme Software"
type: private
website: "https://acme.example"
"""

ZH_PAGE = """\
---
title: "Acme 2022 年度社会责任声明"
summary: "我们坚持开源。"
framework: tbsia-003-2022
published: 2023-01-16
claims:
  - indicator: developer-cultivation
    status: policy-and-action
    section: open-source
    evidence:
      - url: "https://example.com/oss"
        title: "开源仓库"
    figures:
      - name: repos
        value: 12
        unit: "个"
        label: "开源项目数"
  - indicator: youth-online-addiction
    status: not-applicable
    reason: not-applicable
    explanation: "我们只服务企业客户。"
---

Acme 的介绍。

## 开源回馈 {#open-source}

我们开源了 12 个项目，欢迎使用开源软件。
"""

EN_PAGE = """\
---
title: "Acme CSR statement 2022"
summary: "We stand by open source."
explanations:
  youth-online-addiction: "We only serve business customers."
figure_labels:
  repos: "Open-source projects"
figure_units:
  repos: "projects"
evidence_titles:
  "https://example.com/oss": "Open-source repositories"
---

About Acme.

## Giving back to open source {#open-source}

We released 12 projects as open source.
"""

BASE_FILES: dict[str, str | bytes] = {
    "disclosures/acme/company.yml": COMPANY_YML,
    "disclosures/acme/2022.zh.md": ZH_PAGE,
    "disclosures/acme/2022.en.md": EN_PAGE,
}

ZH = "disclosures/acme/2022.zh.md"
EN = "disclosures/acme/2022.en.md"
COMPANY = "disclosures/acme/company.yml"


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write ``files`` (path -> text, bytes, or None to skip) under ``root``."""
    for rel, content in files.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def variant(**changes: str | bytes | None) -> dict[str, str | bytes | None]:
    """The base files with some replaced (keys: zh, en, company) or removed (None)."""
    files = dict(BASE_FILES)
    names = {"zh": ZH, "en": EN, "company": COMPANY}
    for key, content in changes.items():
        files[names[key]] = content
    return files


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"fixture text not found: {old!r}"
    return text.replace(old, new, 1)


GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` as a fixed test author, ignoring the machine's git configuration."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV}).stdout


def commit(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-qm", message)


def folders_left_beside_site(project: Path, wait: float = 60.0) -> list[str]:
    """The folders a build left beside ``project/site``: none once the detached process that
    deletes an old or failed site has emptied ``site.discarded`` (waits up to ``wait`` seconds)."""
    deadline = time.monotonic() + wait
    while True:
        left = sorted(path.name for path in project.glob("site.*"))
        if left != ["site.discarded"] or time.monotonic() > deadline:
            return left
        time.sleep(0.1)
