"""``/alertes/…``: the alert form's endpoint and the links of its e-mails (included by ``site_inet/urls.py``)."""

from django.urls import path

from . import views

app_name = "offres_alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("demande-envoyee/", views.sent, name="sent"),
    path("confirmer/<str:key>/", views.confirm, name="confirm"),
    path("desinscription/<str:key>/", views.unsubscribe, name="unsubscribe"),
]
