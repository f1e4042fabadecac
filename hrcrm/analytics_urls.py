# Kept so hrcrm/urls.py (shared with other branches) needs no edit; the code lives in hrcrm.analytics.
from hrcrm.analytics.urls import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
