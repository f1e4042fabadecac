import subprocess
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from scoring.selectors import evaluation_view
from scoring.services import evaluation_run
from tests.factories import interview_from_corpus


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_scoring_reports")
def test_shot(tmp_path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path
    evaluation = evaluation_run(interview_id=interview_from_corpus("s05_frontend_react", "Кирилл Панелев").pk)
    html = render_to_string("scoring/evaluation/panel.html", {"ev": evaluation_view(evaluation)})
    css = "".join(Path(p).read_text() for p in ["static/css/app.css", "static/css/evaluation.css"] if Path(p).exists())
    Path("/tmp/panel.html").write_text(f"<html><head><meta charset='utf-8'><style>{css}</style></head><body style='max-width:900px;margin:20px'>{html}</body></html>")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 1000, "height": 900})
        page.goto("file:///tmp/panel.html")
        page.screenshot(path="/tmp/panel.png", full_page=True)
        b.close()
    from scoring.services import evaluation_report_generate
    ev = evaluation_report_generate(evaluation_id=evaluation.pk)
    Path("/tmp/report.pdf").write_bytes(Path(ev.report.path).read_bytes())
