"""Evaluation report URLs; the project URLconf mounts them, e.g.
``path("evaluations/", include("scoring.report_urls"))``."""

from django.urls import path

from scoring import report_views

app_name = "scoring_reports"
urlpatterns = [path("<int:pk>/report.pdf", report_views.evaluation_report, name="evaluation_report")]
