"""The message catalogue (``kibaru.errors.Msg``): every code kibaru uses is
declared there once, every declared code is used, and every message can be
formatted with the values its placeholders name."""

from __future__ import annotations

import re
import string

import pytest

from conftest import REPO
from kibaru.doc import Issue
from kibaru.errors import KibaruError, Msg

CODE = re.compile(r"\b[EW]\d{3}\b")
# a code written out by hand instead of taken from the catalogue
HAND_MADE = re.compile(r"""Issue\(\s*["'][EW]\d{3}""")


NOQA = re.compile(r"#\s*noqa:[^\n]*")  # flake8's codes (E731 …) are not kibaru's


def sources() -> dict[str, str]:
    return {str(p.relative_to(REPO)): NOQA.sub("", p.read_text(encoding="utf-8"))
            for p in (REPO / "kibaru").rglob("*.py") if p.name != "errors.py"}


def placeholders(message: str) -> dict[str, str]:
    """Each placeholder of a message, with its format spec ("size": ",")."""
    return {name: spec for _, name, spec, _ in string.Formatter().parse(message) if name}


def test_every_code_used_is_declared():
    used = {(path, code) for path, text in sources().items() for code in CODE.findall(text)}
    assert len(used) > 40
    undeclared = sorted((path, code) for path, code in used if code not in Msg.__members__)
    assert undeclared == []


def test_every_declared_code_is_used():
    text = "\n".join(sources().values())
    assert [code for code in Msg.__members__ if not re.search(rf"\bMsg\.{code}\b", text)] == []


def test_issues_are_made_from_the_catalogue_not_by_hand():
    assert [path for path, text in sources().items() if HAND_MADE.search(text)] == []


def test_codes_are_grouped_and_each_message_is_one_line():
    for code, message in Msg.__members__.items():
        assert re.fullmatch(r"[EW][0123]\d\d", code), code
        assert message.value and "\n" not in message.value, code


@pytest.mark.parametrize("code", list(Msg.__members__))
def test_each_message_formats_with_its_placeholders(code):
    msg = Msg[code]
    values = {name: 1234 if spec else f"<{name}>" for name, spec in placeholders(msg.value).items()}
    text = msg.format(**values)
    assert "{" not in text.replace("{id!r}", "")
    error = KibaruError(msg, "input.jsonl", 3, **values)
    issue = Issue.from_exception(error)
    assert (issue.code, issue.input, issue.line) == (code, "input.jsonl", 3)
    assert issue.describe() == f"input.jsonl:3: {code} {text}"


def test_long_values_are_cut_in_messages():
    text = Msg.E102.format(reason="x" * 10_000)
    assert len(text) < 400 and "10,000 characters" in text
