"""Text as a reader sees it: PDFs written the way real producers write them, and the
hygiene every text passes (surrogates, control characters, mojibake)."""

from __future__ import annotations

import pytest

from candidates.intake.errors import ErrorCode, IntakeError
from candidates.intake.extract import extract_bytes
from candidates.intake.hygiene import clean, repair_mojibake
from candidates.intake.process import parse_resume_bytes
from tests import intake_files


@pytest.mark.parametrize("scale", [8, 12])
def test_text_scaled_by_the_text_matrix_is_visible(scale: float) -> None:
    outcome = parse_resume_bytes(intake_files.pdf_scaled_text_matrix(scale=scale), "cv.pdf")
    assert outcome.ok, outcome.error_code
    assert not outcome.flags["hidden_text"]
    p = outcome.profile
    assert (p["full_name"], p["email"], p["phone"]) == (
        "Сидоров Пётр Андреевич",
        "petr.sidorov@example.com",
        "+79031112233",
    )
    assert p["skills"] == ["Python", "Django", "PostgreSQL", "Docker"]


def test_text_scaled_down_to_a_tiny_size_is_still_hidden() -> None:
    outcome = parse_resume_bytes(intake_files.pdf_scaled_text_matrix(hidden_scale=2), "cv.pdf")
    assert outcome.ok
    assert outcome.flags["hidden_text"] and outcome.flags["injection"]
    assert [s["reason"] for s in outcome.flags["hidden_segments"]] == ["tiny_font"]
    assert "Ignore previous" not in outcome.text
    assert outcome.profile["full_name"] == "Сидоров Пётр Андреевич"


def test_glyph_by_glyph_words_stay_whole() -> None:
    data = intake_files.pdf_glyph_by_glyph(["Skills:", "Kotlin,", "Java,", "Illinois", "Python"])
    assert extract_bytes(data, "cv.pdf").text == "Skills: Kotlin, Java, Illinois Python"


def test_glyph_by_glyph_tags_far_apart_are_cells() -> None:
    data = intake_files.pdf_glyph_by_glyph(["Kotlin", "Java", "Python", "PostgreSQL"], tag_gap=24)
    assert extract_bytes(data, "cv.pdf").text == "Kotlin\tJava\tPython\tPostgreSQL"


def test_a_word_hyphenated_at_the_line_end_is_joined() -> None:
    content = b"BT /F1 11 Tf 60 780 Td (Broad experi-) Tj 0 -14 Td (ence in testing and Kotlin) Tj ET"
    text = extract_bytes(intake_files.raw_pdf(content), "cv.pdf").text
    assert text == "Broad experience in testing and Kotlin"


def test_an_emoji_outside_the_bmp_is_one_character() -> None:
    to_unicode = {code: chr(code) for code in range(0x20, 0x7E)} | {0x7E: "\U0001f680"}
    content = b"BT /F1 11 Tf 60 780 Td (Ivan Petrov ~ Python developer, ivan@example.com) Tj ET"
    text = extract_bytes(intake_files.raw_pdf(content, to_unicode), "cv.pdf").text
    assert text == "Ivan Petrov \U0001f680 Python developer, ivan@example.com"
    text.encode("utf-8")  # a lone surrogate half would raise here (and in the embedding model)


def test_lone_surrogate_halves_are_dropped_and_pairs_joined() -> None:
    assert clean("ok \ud83d\ude80 then \ud83d alone \ude00") == "ok \U0001f680 then  alone "


def test_control_characters_inside_words_are_removed() -> None:
    data = "\n".join([*intake_files.RESUME_TEXT, "Broad experi\x02ence with Kuber\x07netes"]).encode()
    result = extract_bytes(data, "cv.txt")
    assert "Broad experience with Kubernetes" in result.text


def test_blank_pdf_is_not_called_a_scan() -> None:
    blank = intake_files.raw_pdf(b"0 0 1 rg")
    with pytest.raises(IntakeError) as exc:
        extract_bytes(blank, "cv.pdf")
    assert exc.value.code == ErrorCode.BLANK_DOCUMENT


def test_ink_without_text_is_a_scan() -> None:
    # Drawn strokes where letters would be, no text objects: what a scanned page looks like.
    strokes = b"\n".join(b"%d 700 m %d 712 l S" % (x, x + 4) for x in range(60, 500, 6))
    with pytest.raises(IntakeError) as exc:
        extract_bytes(intake_files.raw_pdf(b"2 w " + strokes), "cv.pdf")
    assert exc.value.code == ErrorCode.NO_EXTRACTABLE_TEXT


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_cyrillic_read_as_latin1_is_repaired(encoding: str) -> None:
    text = "\n".join(intake_files.RESUME_TEXT).replace("«", '"').replace("»", '"')
    garbled = text.encode(encoding, errors="replace").decode("latin-1")
    assert "Сидоров" not in garbled
    outcome = parse_resume_bytes(garbled.encode("utf-8"), "cv.txt")
    assert outcome.ok
    assert outcome.profile["full_name"] == "Сидоров Пётр Андреевич"
    assert outcome.profile["city"] == "Москва"


def test_latin_accents_are_not_mojibake() -> None:
    line = "Stage chez Société Générale, Zürich — Müller & Søn"
    assert repair_mojibake(line) == (line, 0)


def test_text_that_stays_unreadable_is_refused() -> None:
    glyph_codes = "".join(chr(0xE000 + (i * 7) % 300) for i in range(400))
    data = ("\n".join(glyph_codes[i : i + 40] for i in range(0, 400, 40)) + "\nivan@example.com").encode()
    with pytest.raises(IntakeError) as exc:
        extract_bytes(data, "cv.txt")
    assert exc.value.code == ErrorCode.UNREADABLE_TEXT
    assert "Текст не читается" in exc.value.message


def test_typographic_ligatures_become_letters() -> None:
    from candidates.intake.extract import normalise_text

    assert normalise_text("Python, tensorﬂow, ﬁle ﬀ") == "Python, tensorflow, file ff"
