"""Encodings and mojibake: every file comes out as the same clean text."""

from __future__ import annotations

import pytest

from conftest import read_one, write
from kibaru.ingest.source import decode
from kibaru.normalize.unicode import fix_unicode, normalize_whitespace

TITLE = "Le Bénin et le Niger rouvrent leur frontière"
BODY = (
    "Le gouvernement béninois a annoncé l’ouverture d’un poste frontière à Malanville. "
    "« Nous voulons rétablir les échanges », a déclaré le ministre, qui a évoqué un “plan” de 5 000 €.\n"
    "Au cœur des discussions : l’œuvre commune des deux États, et la sécurité des commerçants."
)
ARTICLE = f"{TITLE}\n{BODY}\n"
# Latin-1 has neither ’ nor œ nor € nor “ ”: the same article as a Latin-1 newsroom would type it.
LATIN1_BODY = (
    "Le gouvernement béninois a annoncé l'ouverture d'un poste frontière à Malanville. "
    "« Nous voulons rétablir les échanges », a déclaré le ministre, évoquant un plan de 5 000 francs.\n"
    "Au centre des discussions : la sécurité des commerçants, à Gaya comme à Malanville."
)


def _encoding_repairs(article):
    return [(r.from_, r.to) for r in article.repairs if r.kind == "encoding"]


@pytest.mark.parametrize(
    "name, data, encoding",
    [
        ("utf8.txt", ARTICLE.encode("utf-8"), None),
        ("bom.txt", ARTICLE.encode("utf-8-sig"), None),
        ("utf16.txt", ARTICLE.encode("utf-16"), "utf-16"),  # with a BOM (little-endian here)
        ("utf16be-bom.txt", b"\xfe\xff" + ARTICLE.encode("utf-16-be"), "utf-16"),
        ("utf16le.txt", ARTICLE.encode("utf-16-le"), "utf-16-le"),  # no BOM
        ("utf16be.txt", ARTICLE.encode("utf-16-be"), "utf-16-be"),  # no BOM
        ("cp1252.txt", ARTICLE.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_give_the_same_text(tmp_path, name, data, encoding):
    article = read_one(write(tmp_path, name, data))
    assert article.errors == []
    assert article.title == TITLE
    assert article.text == BODY
    assert "\ufeff" not in article.title
    assert _encoding_repairs(article) == ([] if encoding is None else [(encoding, "utf-8")])


def test_cp1252_specific_characters_survive(tmp_path):
    data = ARTICLE.encode("cp1252")
    assert b"\x92" in data and b"\x9c" in data and b"\x80" in data  # ’ œ € in their cp1252 bytes
    article = read_one(write(tmp_path, "windows.txt", data))
    for word in ("l’ouverture", "cœur", "l’œuvre", "€", "béninois", "“plan”"):
        assert word in article.text


def test_latin1(tmp_path):
    data = f"{TITLE}\n{LATIN1_BODY}\n".encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = read_one(write(tmp_path, "latin1.txt", data))
    assert article.errors == []
    assert article.text == LATIN1_BODY
    assert _encoding_repairs(article)  # recorded: the file was not UTF-8


def test_cp1252_csv(tmp_path):
    data = f"title,text\n{TITLE},\"{BODY}\"\n".encode("cp1252")
    article = read_one(write(tmp_path, "windows.csv", data))
    assert article.title == TITLE and article.text == BODY


# --- mojibake -------------------------------------------------------------------


def test_mojibake_is_fixed_and_recorded(tmp_path):
    text = "Le chef dâ€™Ã©tat-major de lâ€™armÃ©e a Ã©tÃ© reÃ§u Ã  Niamey.\nIl a salué « une coopération exemplaire »."
    article = read_one(write(tmp_path, "moji.txt", f"{TITLE}\n{text}\n"))
    assert article.text == (
        "Le chef d’état-major de l’armée a été reçu à Niamey.\nIl a salué « une coopération exemplaire »."
    )
    moji = {(r.from_, r.to) for r in article.repairs if r.kind == "mojibake"}
    assert ("lâ€™armÃ©e", "l’armée") in moji
    assert any("Ã©" in before and "é" in after for before, after in moji)


def test_whole_article_double_encoded_through_cp1252(tmp_path):
    # The classic web accident: UTF-8 bytes shown as cp1252, then saved as UTF-8 again.
    moji = BODY.encode("utf-8").decode("cp1252", errors="ignore")
    assert "Ã©" in moji and "â€™" in moji
    fixed, repairs = fix_unicode(moji.replace("\u201d", "\u201c"))  # cp1252 has no 0x9d; keep “ only
    assert "Ã" not in fixed and "â€" not in fixed
    assert "l’ouverture" in fixed and "« Nous voulons rétablir les échanges »" in fixed
    assert repairs and all(r.kind == "mojibake" for r in repairs)


def test_utf8_read_once_as_latin1_is_repaired_not_called_binary(tmp_path):
    # UTF-8 decoded as Latin-1 leaves C1 control characters (’ -> "â\x80\x99");
    # saved again as UTF-8 it is still text, and ftfy can undo it.
    moji = ARTICLE.encode("utf-8").decode("latin-1")
    assert "\x80" in moji
    article = read_one(write(tmp_path, "latin1-moji.txt", moji.encode("utf-8")))
    assert article.errors == []
    assert article.title == TITLE
    assert article.text == BODY


def test_typographic_quotes_and_apostrophes_are_kept():
    text = "« Il faut agir », a-t-il dit ; le “dialogue” reste l’option de l’Union."
    fixed, repairs = fix_unicode(text)
    assert fixed == text and repairs == []


def test_typographic_quotes_kept_next_to_mojibake():
    fixed, _ = fix_unicode("« Nous agirons », a dit le ministre de lâ€™IntÃ©rieur, évoquant un “plan”.")
    assert fixed == "« Nous agirons », a dit le ministre de l’Intérieur, évoquant un “plan”."


def test_html_entities_are_decoded():
    fixed, repairs = fix_unicode("Le pr&eacute;sident a parl&eacute; &laquo; fermement &raquo;.")
    assert fixed == "Le président a parlé « fermement »."
    assert repairs


def test_nfc_normalisation():
    decomposed = "Le ministre a de\u0301clare\u0301"
    fixed, _ = fix_unicode(decomposed)
    assert fixed == "Le ministre a déclaré"


def test_whitespace_normalisation():
    raw = "Un\u00a0texte\u202favec\tdes   espaces\u200b et un tiret\u00advirtuel\r\n\r\n\u2028Suite."
    assert normalize_whitespace(raw) == "Un texte avec des espaces et un tiretvirtuel\nSuite."


# --- decode() directly ----------------------------------------------------------


def test_decode_reports_what_it_used():
    assert decode("café".encode("utf-8"), "a").encoding == "utf-8"
    assert decode("café".encode("utf-8-sig"), "a").encoding == "utf-8-sig"
    assert decode("café".encode("utf-16"), "a").encoding == "utf-16"
    assert decode("Le café est servi à l’heure".encode("cp1252"), "a").encoding == "cp1252"
