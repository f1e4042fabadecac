from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from hrcrm import views
from integrations.api import public_urls as api_v1_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch works before login too (login page, candidate pages).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("health/", views.health, name="health"),
    path("candidates/", include("candidates.urls")),
    path("intake/", include("candidates.intake.urls")),
    path("vacancies/", include("vacancies.urls")),
    path("interviews/", include("interviews.urls")),
    path("matching/", include("matching.urls")),
    path("decisions/", include("scoring.urls")),
    path("evaluations/", include("scoring.report_urls")),
    path("analytics/", include("analytics.urls")),
    path("monitor/", include("monitor.urls")),
    path("privacy/", include("privacy.urls")),
    path("pool/", include("pool.urls")),
    path("", include("notifications.urls")),  # /profile/ and /telegram/webhook/
    path("admin/", admin.site.urls),
    # The screening API for other company systems (integrations/api.py): /api/v1/docs.
    path("api/v1/", api_v1_urls()),
    # Candidate-facing pages reached by token: /i/<token>/ and /apply/<token>/.
    path("", include("vacancies.public_urls")),
    path("", include("privacy.public_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "hrcrm.views.permission_denied"
handler404 = "hrcrm.views.page_not_found"
handler500 = "hrcrm.views.server_error"
