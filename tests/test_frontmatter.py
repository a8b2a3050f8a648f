"""Splitting pages into front matter and body; encodings and line endings."""

from macros import frontmatter


def load(raw: bytes):
    return frontmatter.load_page(raw, "p.zh.md")


def test_front_matter_and_body_are_split_with_file_line_numbers():
    doc = load(b"---\ntitle: x\nclaims: []\n---\n\n## A {#a}\n")
    assert doc.data == {"title": "x", "claims": []}
    assert doc.body == "\n## A {#a}\n"
    assert doc.body_line == 5
    assert doc.positions.key(("claims",)) == (3, 1)


def test_dot_dot_dot_also_closes_front_matter():
    assert load(b"---\ntitle: x\n...\nbody\n").body == "body\n"


def test_missing_and_unclosed_front_matter():
    assert [p.code for p in load(b"# no front matter\n").problems] == ["CSR101"]
    assert [(p.code, p.line) for p in load(b"---\ntitle: x\n# body\n").problems] == [("CSR102", 1)]


def test_front_matter_that_is_not_a_mapping():
    doc = load(b"---\n- a\n- b\n---\n")
    assert [(p.code, p.line) for p in doc.problems] == [("CSR108", 2)]
    assert "a list" in doc.problems[0].message("en")
    assert "列表" in doc.problems[0].message("zh")
    empty = load(b"---\n---\nbody\n")
    assert [p.code for p in empty.problems] == ["CSR108"]


def test_bom_and_crlf_are_handled_with_a_warning():
    doc = load("\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n".encode())
    assert doc.data == {"title": "x"}
    assert doc.body == "body\n"
    assert [(p.code, p.severity) for p in doc.problems] == [("CSR113", "warning")]
    assert "BOM" in doc.problems[0].message("en") and "CRLF" in doc.problems[0].message("en")


def test_invalid_utf8_names_the_byte_offset_and_line():
    raw = "---\ntitle: 开源\n".encode() + b"x: \xff\xfe\n---\n"
    doc = load(raw)
    assert [(p.code, p.line, p.col) for p in doc.problems] == [("CSR100", 3, 4)]
    assert str(raw.index(b"\xff")) in doc.problems[0].message("en")


def test_size_caps():
    big = b"---\ntitle: " + b"x" * (frontmatter.MAX_FRONT_MATTER_BYTES + 10) + b"\n---\n"
    assert [p.code for p in load(big).problems] == ["CSR109"]
    huge = b"---\ntitle: x\n---\n" + b"y" * frontmatter.MAX_FILE_BYTES
    assert [p.code for p in load(huge).problems] == ["CSR109"]
