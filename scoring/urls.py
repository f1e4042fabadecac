from django.urls import path

from scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.decisions, name="decisions"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/email/", views.decision_email, name="decision_email"),
    path("<int:pk>/reverse/", views.decision_reverse, name="decision_reverse"),
    path("applications/<int:pk>/offer/", views.offer_record, name="offer"),
    path("evaluations/<int:pk>/override/", views.score_override, name="override"),
    path("blind-review/", views.blind_review, name="blind_review"),
]
