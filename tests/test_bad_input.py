"""Bad inputs, end to end: one line on stderr naming the file (and line) and the
problem, the batch goes on, exit status 1, never a traceback.

The bad files are read in one ``kibaru read`` run (the CLI takes ~2 s to
start), followed by a good article to show the batch went on.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from conftest import NIAMEY_BODY, NIAMEY_TITLE, assert_no_traceback, jsonl, read_all, run_kibaru, write

FIFTY_MB = 50 * 1024 * 1024

TRUNCATED_HTML = (
    "<!DOCTYPE html><html lang=\"fr\"><head><title>Attaque à Mopti</title></head><body><article>"
    "<h1>Attaque à Mopti</h1><p>Des hommes armés ont attaqué un poste de l’armée malienne dans la région "
    "de Mopti dans la nuit de samedi à dimanche, selon des sources locales concordantes.</p>"
    "<p>Le bilan provisoire fait état de plusieurs victimes parmi les soldats. Les autorités ont annoncé "
    "l’ouverture d’une enq"
)

JSONL_WITH_BAD_LINE = (
    '{"id": "j1", "text": "Le gouvernement malien a annoncé mardi la tenue d\'élections en février."}\n'
    "{ceci n'est pas du JSON\n"
    '{"id": "j3", "text": "Les autorités burkinabè ont rencontré les chefs coutumiers du Nord."}\n'
)


def _socket_file(folder: Path, name: str) -> tuple[Path, socket.socket]:
    """A Unix socket named like a text file: open() refuses it (ENXIO), even for root."""
    path = folder / name
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return path, sock


def _single_line_file(path: Path, size: int) -> Path:
    line = ("Le Sahel " * (size // 9 + 1))[:size].encode("ascii")
    path.write_bytes(line)
    return path


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    files = {
        "empty": write(folder, "vide.txt", b""),
        "png": write(folder, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(3000)),
        "noise": write(folder, "bruit.txt", bytes(range(0x80, 0x100)) * 8 + bytes(range(1, 9)) * 64),
        "html": write(folder, "coupee.html", TRUNCATED_HTML),
        "jsonl": write(folder, "lignes.jsonl", JSONL_WITH_BAD_LINE),
        "csv": write(folder, "sans-texte.csv", "id,titre,rubrique\n1,Grève à Dakar,société\n"),
        "missing": folder / "absent.txt",
        "big": _single_line_file(folder / "enorme.txt", FIFTY_MB),
    }
    files["socket"], sock = _socket_file(folder, "x.txt")
    good = write(folder, "bon.txt", f"{NIAMEY_TITLE}\n{NIAMEY_BODY}\n")
    try:
        proc = run_kibaru("read", *files.values(), good, cwd=folder)
    finally:
        sock.close()
    return proc, files, good


def _error_lines(proc, path: Path) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.startswith(f"error: {path}")]


def test_batch_exit_status_and_no_traceback(bad_run):
    proc, files, good = bad_run
    assert proc.returncode == 1
    assert_no_traceback(proc.stderr)
    articles = jsonl(proc.stdout)
    # The good article after all the bad inputs was read: the batch went on.
    assert articles[-1]["title"] == NIAMEY_TITLE and articles[-1]["errors"] == []
    assert articles[-1]["origin"] == str(good)


def test_every_bad_input_has_exactly_one_error_line(bad_run):
    proc, files, _ = bad_run
    for key, path in files.items():
        lines = _error_lines(proc, path)
        if key == "jsonl":
            lines = [line for line in lines if line.startswith(f"error: {path}:2:")]
        assert len(lines) == 1, (key, proc.stderr)
    # Every stderr line is a one-line message (no wrapped continuation lines).
    assert all(line.startswith(("error: ", "warning: ")) for line in proc.stderr.splitlines()), proc.stderr


@pytest.mark.parametrize(
    "key, code, words",
    [
        ("empty", "E103", "empty file"),
        ("png", "E104", "binary content"),
        ("noise", "E104", "binary content"),
        ("html", "E111", "truncated HTML"),
        ("csv", "E107", "no text column"),
        ("missing", "E101", "no such file"),
        ("socket", "E102", "cannot read"),
        ("big", "E105", "too large"),
    ],
)
def test_error_names_file_and_problem(bad_run, key, code, words):
    proc, files, _ = bad_run
    (line,) = _error_lines(proc, files[key])
    assert f" {code} " in line and words in line, line
    (article,) = [a for a in jsonl(proc.stdout) if (a["origin"] or "").split(":")[0] == str(files[key])]
    assert [e["code"] for e in article["errors"]] == [code]
    assert article["errors"][0]["input"] == str(files[key])


def test_csv_error_names_the_columns(bad_run):
    proc, files, _ = bad_run
    (line,) = _error_lines(proc, files["csv"])
    assert line.startswith(f"error: {files['csv']}:1: E107")
    assert "text, body, content" in line and "id, titre, rubrique" in line


def test_bad_jsonl_line_is_named_and_other_lines_are_read(bad_run):
    proc, files, _ = bad_run
    path = files["jsonl"]
    (line,) = _error_lines(proc, path)
    assert line.startswith(f"error: {path}:2: E106 not valid JSON")
    rows = [a for a in jsonl(proc.stdout) if (a["origin"] or "").startswith(str(path))]
    assert [(r["id"], [e["code"] for e in r["errors"]]) for r in rows] == [("j1", []), (None, ["E106"]), ("j3", [])]
    assert rows[1]["errors"][0]["line"] == 2


def test_truncated_html_keeps_the_text_it_has(bad_run):
    proc, files, _ = bad_run
    (article,) = [a for a in jsonl(proc.stdout) if a["origin"] == str(files["html"])]
    assert article["title"] == "Attaque à Mopti"
    assert "Des hommes armés ont attaqué" in article["text"]


def test_fifty_megabyte_line_is_refused_not_parsed(bad_run):
    proc, files, _ = bad_run
    (article,) = [a for a in jsonl(proc.stdout) if a["origin"] == str(files["big"])]
    assert article["text"] == ""  # not echoed back to stdout
    (line,) = _error_lines(proc, files["big"])
    assert "too large: 52,428," in line and "--max-chars" in line


def test_good_input_exits_zero(niamey_text):
    proc = run_kibaru("read", niamey_text)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert [a["title"] for a in jsonl(proc.stdout)] == [NIAMEY_TITLE]


# --- the same inputs through the API: never an exception ------------------------


def test_fifty_megabyte_jsonl_line(tmp_path):
    path = tmp_path / "dump.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "' + b"x" * (FIFTY_MB) + b'"}\n')
        handle.write('{"id": "ok", "text": "Une ligne normale après la ligne géante."}\n'.encode())
    huge, ok = read_all(path)
    assert [e.code for e in huge.errors] == ["E115"]
    assert huge.errors[0].line == 1
    assert ok.id == "ok" and ok.errors == []


def test_max_chars_can_be_raised(tmp_path):
    path = _single_line_file(tmp_path / "long.txt", 3000)
    (refused,) = read_all(path, max_chars=1000)
    assert [e.code for e in refused.errors] == ["E105"]
    (accepted,) = read_all(path, max_chars=10_000)
    assert accepted.errors == []


def test_unreadable_socket_through_the_api(tmp_path):
    path, sock = _socket_file(tmp_path, "x.txt")
    try:
        (article,) = read_all(path)
    finally:
        sock.close()
    assert [e.code for e in article.errors] == ["E102"]
    assert article.errors[0].input == str(path)


def test_whitespace_only_csv_is_empty(tmp_path):
    path = write(tmp_path, "vide.csv", "\n  \n")
    (article,) = read_all(path)
    assert [e.code for e in article.errors] == ["E103"]


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = write(tmp_path, "liste.jsonl", '["un", "tableau"]\n{"title": "Sans corps"}\n{"url": "https://x.example"}\n')
    array, title_only, no_text = read_all(path)
    assert [e.code for e in array.errors] == ["E114"]
    assert title_only.errors == [] and title_only.title == "Sans corps"
    assert [e.code for e in no_text.errors] == ["E108"] and no_text.errors[0].line == 3


def test_empty_folder_entries_do_not_fail(tmp_path):
    (tmp_path / "vide").mkdir()
    assert read_all(tmp_path / "vide") == []
