"""Vietnamese text: NFC on the way in, an accent-insensitive search fold, and collation.

domain.md §6.4: NFD input from some keyboards must be normalised; đ/Đ do not decompose and
must be mapped by hand; the look-alike Ð (U+00D0, Icelandic Eth) is turned into Đ on input;
old-style and new-style tone placement (hoà / hòa) must search alike.
"""

from __future__ import annotations

import re
import unicodedata

_ETH_FIX = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})  # Ð ð -> Đ đ
_FOLD_D = str.maketrans({"\u0111": "d", "\u0110": "d", "\u00f0": "d", "\u00d0": "d"})
_SPACES = re.compile(r"\s+")

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks, in the order Vietnamese dictionaries use: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def nfc(text: str) -> str:
    """Normalise user input: NFC, Ð→Đ, trimmed, inner runs of white space collapsed."""
    value = unicodedata.normalize("NFC", text).translate(_ETH_FIX)
    return _SPACES.sub(" ", value).strip()


def fold(text: str) -> str:
    """Search key: lower case, no tone or vowel marks, đ→d, single spaces.

    Stripping every combining mark makes 'hoà' and 'hòa' (tone on a different vowel) equal,
    which plain NFC comparison does not. Idempotent: fold(fold(x)) == fold(x).
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_D))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_FOLD_D).lower()).strip()


def given_first(key: str) -> str:
    """'nguyen thi an' -> 'an nguyen thi': a folded name keyed by the given name (the last word),
    so a two-letter search for a given name ("an", "hà") is an index range, not a scan."""
    words = key.split(" ")
    return " ".join(words[-1:] + words[:-1]) if len(words) > 1 else key


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Letters by the Vietnamese alphabet first, tones only to break ties (as dictionaries do)."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = 0
        shape = ""
        for m in marks:
            if m in _TONES:
                tone = _TONES[m]
            elif m in _BASE_MARKS:
                shape += m
        letter = unicodedata.normalize("NFC", base + shape)
        if ch in ("đ",):
            letter = "đ"
        letters.append(_LETTER_RANK.get(letter, 100 + ord(letter[0])))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def collation_key(text: str) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Sort key for a string in Vietnamese alphabetical order (word by word)."""
    return tuple(_word_key(w) for w in nfc(text).split(" "))


def person_sort_key(full_name: str) -> tuple[object, ...]:
    """Vietnamese lists of people sort by given name (last word), then family and middle names."""
    words = nfc(full_name).split(" ")
    if not words or words == [""]:
        return ((), ())
    return (collation_key(words[-1]), collation_key(" ".join(words[:-1])))


def upper_vi(text: str) -> str:
    """Capitals for printed names; str.upper maps đ→Đ correctly and is locale-independent."""
    return nfc(text).upper()


def mask_id(number: str | None) -> str:
    """An ID number as lists show it: only its last 4 characters (issue 9 "At the screen").

    The full number appears only in the opened dossier, whose opening is logged. Short values
    (4 characters or fewer) are masked whole: their last 4 would be all of them.
    """
    value = "".join((number or "").split())
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]
