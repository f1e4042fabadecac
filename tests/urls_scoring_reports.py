"""The project URLconf plus the evaluation report URLs (until the lead mounts them)."""

from django.urls import include, path

from hrcrm.urls import handler403, handler404, handler500  # noqa: F401
from hrcrm.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("evaluations/", include("scoring.report_urls"))]
