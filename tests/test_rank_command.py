"""``manage.py rank``: plumbing, order, failures after ranked rows, read-only, missing parser."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from candidates.models import Candidate, Resume
from hrcrm.models import AIAuditLog
from matching.engine import loading


@pytest.fixture(autouse=True)
def _corpus_month(settings):
    settings.INTAKE_AS_OF = "2026-11"  # open-ended jobs end here, whatever today's date is


VACANCY = {
    "title": "QA Automation Engineer (Python), Middle",
    "must_have": ["Python", "pytest", "SQL"],
    "nice_to_have": ["Allure"],
    "min_experience_years": 2,
    "seniority": "middle",
    "location": None,
    "work_format": "remote",
    "salary_from": 180000,
    "salary_to": 250000,
    "currency": "RUB",
}


def _resume(title: str, bullets: str, skills: list[str], start: str = "2021-01") -> tuple[dict, str]:
    data = {
        "desired_position": title,
        "city": "Казань",
        "jobs": [{"company": "ООО «Тест»", "title": title, "start": start, "end": None}],
        "skills": skills,
    }
    text = f"{title}\nОпыт работы\n{title}, ООО «Тест»\n{bullets}\nНавыки\n{', '.join(skills)}\n"
    return data, text


PARSED = {
    "strong.pdf": _resume(
        "QA Automation Engineer",
        "• Автотесты API на Python + pytest, проверки в SQL, Allure.",
        ["Python", "pytest", "SQL", "Allure"],
    ),
    "manual.docx": _resume("Тестировщик", "• Ручное тестирование по чек-листам.", ["Тест-дизайн", "SQL"]),
    "junior.txt": _resume(
        "Junior QA Automation Engineer",
        "• Автотесты на pytest под присмотром наставника.",
        ["Python", "pytest", "SQL"],
        start="2026-05",
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "vacancy.docx").write_bytes(b"vacancy")
    resumes = tmp_path / "resumes"
    resumes.mkdir()
    for name in [*PARSED, "broken.pdf"]:
        (resumes / name).write_bytes(b"resume " + name.encode())
    (resumes / "notes.json").write_text("{}")  # not a resume: ignored
    return tmp_path


@pytest.fixture
def fake_intake(monkeypatch):
    seen: list[str] = []

    def parse_files(paths, *, kind="resume"):
        out = []
        for p in paths:
            seen.append(Path(p).name)
            if kind == "vacancy":
                out.append(
                    loading.ParsedFile(
                        file=p.name, ok=True, data=VACANCY, text="QA Automation Engineer, Python, pytest"
                    )
                )
            elif p.name in PARSED:
                data, text = PARSED[p.name]
                out.append(loading.ParsedFile(file=p.name, ok=True, data=data, text=text, flags={"injection": False}))
            else:
                out.append(
                    loading.ParsedFile(
                        file=p.name, ok=False, error_code="no_extractable_text", error_message="нет текста"
                    )
                )
        return out

    monkeypatch.setattr(loading, "parse_files", parse_files)
    return seen


def _run(folder: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "rank", "--vacancy", str(folder / "vacancy.docx"), "--resumes", str(folder / "resumes"), *extra, stdout=out
    )
    return out.getvalue()


@pytest.mark.django_db
def test_rank_json_best_first_with_failures_last(folder, fake_intake):
    before = {p: p.read_bytes() for p in (folder / "resumes").iterdir()}
    rows = json.loads(_run(folder, "--json", "--no-semantic"))
    assert [r["file"] for r in rows] == ["strong.pdf", "junior.txt", "manual.docx", "broken.pdf"]
    ranked = rows[:3]
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    for row in ranked:
        assert set(row) >= {"file", "score", "breakdown", "explanation"}
        assert abs(sum(part["points"] for part in row["breakdown"].values()) - row["score"]) < 0.1
    assert rows[0]["explanation"].startswith("3 из 3 обязательных навыков")
    assert rows[-1] == {
        "file": "broken.pdf",
        "ok": False,
        "error": {"code": "no_extractable_text", "message": "нет текста"},
    }
    assert "notes.json" not in fake_intake
    # Read-only: the folder is unchanged and nothing was stored.
    assert {p: p.read_bytes() for p in (folder / "resumes").iterdir()} == before
    assert Candidate.objects.count() == 0 and Resume.objects.count() == 0
    assert not AIAuditLog.objects.exists()


@pytest.mark.django_db
def test_rank_english_and_table_output(folder, fake_intake):
    rows = json.loads(_run(folder, "--json", "--no-semantic", "--lang", "en"))
    assert rows[0]["explanation"].startswith("3 of 3 must-have skills")
    assert rows[0]["breakdown"]["must_have"]["label"] == "Must-have skills"
    table = _run(folder, "--no-semantic")
    assert "strong.pdf" in table.splitlines()[0]


@pytest.mark.django_db
def test_rank_says_clearly_when_the_parser_is_missing(folder, monkeypatch):
    monkeypatch.setitem(sys.modules, "candidates.intake.process", None)  # import fails
    with pytest.raises(CommandError, match="candidates.intake"):
        _run(folder, "--json")


def test_rank_rejects_missing_paths(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("rank", "--vacancy", str(tmp_path / "nope.pdf"), "--resumes", str(tmp_path))


@pytest.mark.django_db
def test_rank_with_the_real_parser_and_embeddings_writes_nothing(tmp_path):
    """The real intake parser and the real embedding model: the AI layer audits every
    call, but not inside ``rank``, which must leave the database as it was."""
    (tmp_path / "resumes").mkdir()
    (tmp_path / "vacancy.txt").write_text(
        "Python-разработчик\n\nТребования:\n- Python\n- PostgreSQL\n\nУсловия:\n- Москва, офис\n", encoding="utf-8"
    )
    (tmp_path / "resumes" / "dev.txt").write_text(
        "Иван Петров\nМосква\nivan@example.com\n\nОпыт работы\nPython-разработчик, ООО «Ромашка»\n"
        "Январь 2020 — по настоящее время\nСервисы на Python и PostgreSQL.\n\nНавыки\nPython, PostgreSQL\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command(
        "rank", "--vacancy", str(tmp_path / "vacancy.txt"), "--resumes", str(tmp_path / "resumes"), "--json", stdout=out
    )
    [row] = json.loads(out.getvalue())
    assert row["file"] == "dev.txt" and "косинус" in row["breakdown"]["semantic"]["detail"]
    assert not AIAuditLog.objects.exists()


@pytest.mark.django_db
def test_rank_a_folder_with_poisoned_files_gives_each_its_own_row(tmp_path):
    """Real parser, real embeddings: an emoji outside the BMP (two UTF-16 halves in the PDF
    text layer), a corrupt PDF, an empty file and an unreadable text sit next to two good
    resumes; the good ones are ranked, every other file gets its own error row."""
    from tests import intake_files

    resumes = tmp_path / "resumes"
    resumes.mkdir()
    (tmp_path / "vacancy.txt").write_text(
        "Python-разработчик\n\nТребования:\n- Python\n- PostgreSQL\n", encoding="utf-8"
    )
    good = "Иван Петров\nМосква\nivan@example.com\n\nОпыт работы\nPython-разработчик, ООО «Ромашка»\n"
    good += "Январь 2020 — по настоящее время\n\nНавыки\nPython, PostgreSQL\n"
    (resumes / "good.txt").write_text(good, encoding="utf-8")
    to_unicode = {code: chr(code) for code in range(0x20, 0x7E)} | {0x7E: "\U0001f680"}
    content = b"BT /F1 11 Tf 60 780 Td (Anna Smirnova ~ Python developer, anna@example.com) Tj"
    content += b" 0 -16 Td (Skills: Python, PostgreSQL, Docker) Tj ET"
    (resumes / "emoji.pdf").write_bytes(intake_files.raw_pdf(content, to_unicode))
    (resumes / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj broken")
    (resumes / "empty.docx").write_bytes(b"")
    (resumes / "glyphs.txt").write_text("".join(chr(0xE000 + i % 200) for i in range(600)), encoding="utf-8")
    out = io.StringIO()
    call_command("rank", "--vacancy", str(tmp_path / "vacancy.txt"), "--resumes", str(resumes), "--json", stdout=out)
    rows = {row["file"]: row for row in json.loads(out.getvalue())}
    assert set(rows) == {"good.txt", "emoji.pdf", "corrupt.pdf", "empty.docx", "glyphs.txt"}
    assert rows["good.txt"]["ok"] and rows["emoji.pdf"]["ok"]
    assert rows["emoji.pdf"]["score"] > 0
    assert {name: rows[name]["error"]["code"] for name in ["corrupt.pdf", "empty.docx", "glyphs.txt"]} == {
        "corrupt.pdf": "corrupt_file",
        "empty.docx": "empty_file",
        "glyphs.txt": "unreadable_text",
    }
