"""Dates as a grammar: every way people write a job's period, the current job kept."""

from __future__ import annotations

import pytest

from candidates.intake.jobs import parse_jobs, total_months
from candidates.intake.parser import parse_profile

AS_OF = (2026, 11)


def _period(line: str) -> tuple[str | None, str | None]:
    jobs = parse_jobs(["Инженер-программист, ООО «Вектор»", line, "• Поддержка сервисов"])
    assert len(jobs) == 1, line
    return jobs[0].start, jobs[0].end


@pytest.mark.parametrize(
    "end_words",
    [
        "по сегодняшний день",
        "В настоящем",
        "Текущий момент",
        "по настоящее время",
        "настоящее время",
        "н.в.",
        "н/в",
        "сейчас",
        "по текущее время",
        "до настоящего времени",
        "Till Date",
        "till now",
        "Present",
        "pres.",
        "to date",
        "Now",
        "Current",
    ],
)
def test_the_current_job_is_kept_whatever_the_wording(end_words: str) -> None:
    assert _period(f"Март 2019 – {end_words}") == ("2019-03", None)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("15.03.24 - 13.09.24", ("2024-03", "2024-09")),
        ("15.03.2024 — 13.09.2024", ("2024-03", "2024-09")),
        ("03.2019 - 11.2021", ("2019-03", "2021-11")),
        ("3/2019 – 11/2021", ("2019-03", "2021-11")),
        ("2019-03 — 2021-11", ("2019-03", "2021-11")),
        ("апрель – июнь 2024", ("2024-04", "2024-06")),
        ("Ноябрь – февраль 2024", ("2023-11", "2024-02")),
        ("2024-2026 гг.", ("2024-01", "2026-12")),
        ("с 2019 года по 2021 год", ("2019-01", "2021-12")),
        ("сентября 2020 ‒ мая 2022", ("2020-09", "2022-05")),
        ("Sept. 2020 − Jan 2022", ("2020-09", "2022-01")),
        ("March, 2018 ― June, 2020", ("2018-03", "2020-06")),
        ("06.21 – 02.23", ("2021-06", "2023-02")),
        ("01.2020 ~ 12.2020", ("2020-01", "2020-12")),
    ],
)
def test_date_ranges_in_every_common_form(line: str, want: tuple[str, str]) -> None:
    assert _period(line) == want


def test_a_version_number_is_not_a_period() -> None:
    assert parse_jobs(["Обновление macOS 10.15 - 11.2021 на парке ноутбуков"]) == []


def test_a_word_that_starts_like_a_month_is_not_a_month() -> None:
    assert parse_jobs(["Маркетолог 2019 – Мартовская акция"]) == []


def test_total_experience_counts_the_open_job_to_today() -> None:
    text = "\n".join(
        [
            "Пётр Сидоров",
            "Опыт работы",
            "Ведущий инженер, АО «Сталь»",
            "Июнь 2015 — по сегодняшний день",
            "Инженер, ООО «Прокат»",
            "Сентябрь 2010 — Май 2015",
        ]
    )
    profile = parse_profile(text, as_of=AS_OF)
    assert [(j.start, j.end) for j in profile.jobs] == [("2015-06", None), ("2010-09", "2015-05")]
    assert profile.total_experience_months == total_months(profile.jobs, AS_OF) == 195
