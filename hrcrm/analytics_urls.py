from django.urls import path

from hrcrm import analytics_views

app_name = "analytics"
urlpatterns = [path("", analytics_views.index, name="index")]
