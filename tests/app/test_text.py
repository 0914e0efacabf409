"""Vietnamese text rules of domain.md §6.4: NFC in, an accent-free search fold, Vietnamese order."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import collation_key, digits, fold, nfc, person_sort_key, upper_vi

FULL = "Nguyễn Thị Hoà Đặng"


def test_nfd_and_nfc_lengths_from_domain_md() -> None:
    composed = unicodedata.normalize("NFC", FULL)
    decomposed = unicodedata.normalize("NFD", FULL)
    assert (len(composed), len(decomposed)) == (19, 25)
    assert decomposed != composed  # byte comparison fails without normalising
    assert nfc(decomposed) == composed
    assert len(nfc(decomposed)) == 19


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u00d0ặng V\u0103n \u00d0ức", "Đặng Văn Đức"),  # Icelandic Eth look-alike → Đ
        ("\u00f0ào", "đào"),
        ("  Lê   Văn\tAn \n", "Lê Văn An"),
        (unicodedata.normalize("NFD", "Trần Thuỷ"), "Trần Thuỷ"),
    ],
)
def test_nfc_cleans_input(raw: str, clean: str) -> None:
    assert nfc(raw) == clean
    assert "\u00d0" not in nfc(raw) and "\u00f0" not in nfc(raw)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hoà", "hòa"),  # old and new tone placement differ even in NFC
        ("Thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("ĐẶNG", "dang"),
        ("\u00d0ức", "duc"),
        (unicodedata.normalize("NFD", FULL), "nguyen thi hoa dang"),
    ],
)
def test_fold_equates_search_variants(a: str, b: str) -> None:
    assert "hoà" != "hòa"
    assert fold(a) == fold(b)


def test_fold_examples() -> None:
    assert fold(FULL) == "nguyen thi hoa dang"
    assert fold("  Ư  Ơ  ă â ê ô ") == "u o a a e o"
    assert fold("") == ""


def test_python_default_sort_is_wrong_and_collation_key_fixes_it() -> None:
    names = ["An", "Bình", "Dũng", "Ân", "Ăn", "Đức"]
    assert sorted(names) == ["An", "Bình", "Dũng", "Ân", "Ăn", "Đức"]  # domain.md: code-point order
    shuffled = names[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=collation_key) == ["An", "Ăn", "Ân", "Bình", "Dũng", "Đức"]


def test_collation_follows_the_vietnamese_alphabet() -> None:
    alphabet = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    for seed in range(5):
        letters = alphabet[:] + [c.upper() for c in alphabet]
        random.Random(seed).shuffle(letters)
        ordered = sorted(letters, key=collation_key)
        assert [c.lower() for c in ordered[::2]] == alphabet
        assert [c.lower() for c in ordered[1::2]] == alphabet


def test_letters_decide_before_tones_and_tones_break_ties() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(reversed(tones), key=collation_key) == tones
    assert sorted(["ạc", "ab", "áb"], key=collation_key) == ["ab", "áb", "ạc"]
    assert sorted(["Ánh", "Anh", "An"], key=collation_key) == ["An", "Anh", "Ánh"]
    # Word by word, and within a word ă comes before â.
    assert sorted(["Lê Vân", "Lê Văn"], key=collation_key) == ["Lê Văn", "Lê Vân"]


def test_people_sort_by_given_name_then_family_and_middle() -> None:
    people = [
        "Trần Văn Bình",
        "Nguyễn Thị An",
        "Lê Văn Ân",
        "Đỗ Thị Ánh",
        "Phạm Đức",
        "Bùi Văn Bình",
        unicodedata.normalize("NFD", "Đặng Thị Ăn"),
    ]
    ordered = [nfc(p) for p in sorted(people, key=person_sort_key)]
    assert ordered == [
        "Nguyễn Thị An",
        "Đỗ Thị Ánh",
        "Đặng Thị Ăn",
        "Lê Văn Ân",
        "Bùi Văn Bình",
        "Trần Văn Bình",
        "Phạm Đức",
    ]
    assert person_sort_key("") == ((), ())


def test_upper_and_digits() -> None:
    assert upper_vi("đặng văn đức") == "ĐẶNG VĂN ĐỨC"
    assert upper_vi(unicodedata.normalize("NFD", "nguyễn thị hoà")) == "NGUYỄN THỊ HOÀ"
    assert digits("09 12.345-678") == "0912345678"
    assert digits("０９１２") == ""  # full-width digits are not what national systems accept


# --------------------------------------------------------------------------- properties

vietnamese = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyĐÐðĂÂÊÔƠƯ \t\u0300\u0301\u0303\u0309\u0323")),
    max_size=30,
)
any_text = st.one_of(st.text(max_size=40), vietnamese)


@given(any_text)
def test_fold_is_idempotent(x: str) -> None:
    assert fold(fold(x)) == fold(x)


@given(any_text)
def test_fold_ignores_normalisation(x: str) -> None:
    assert fold(nfc(x)) == fold(x)
    assert fold(unicodedata.normalize("NFD", x)) == fold(x)


@given(any_text)
def test_fold_output_has_no_marks_and_no_d_stroke(x: str) -> None:
    out = fold(x)
    assert not any(unicodedata.combining(ch) for ch in out)
    assert not set(out) & {"đ", "Đ", "ð", "Ð"}
    assert out == out.lower()
    assert out == out.strip() and "  " not in out


@given(vietnamese)
def test_nfc_is_idempotent_and_composed(x: str) -> None:
    once = nfc(x)
    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\u00d0" not in once
