"""Small views that exercise the page cache's rules, served beside the site's own URLs in tests."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import path
from django.views.decorators.cache import cache_control, never_cache

from site_inet.urls import urlpatterns as site_urlpatterns

FORM_PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% block title %}Proposer un projet{% endblock %}
{% block content %}<div class="container prose"><h1>Proposer un projet</h1>
{% if done %}<p role="status">Merci, votre proposition pour « {{ done }} » est enregistrée.</p>{% endif %}
<form method="post" action="/test-cache/formulaire/">{% csrf_token %}
<label for="id_intitule">Intitulé du projet collectif</label>
<input id="id_intitule" name="intitule" required>
<button type="submit" class="button">Envoyer</button></form>
<form method="post" action="/test-cache/formulaire/">{% csrf_token %}<button type="submit">Autre</button></form>
</div>{% endblock %}"""
)


class ProposalForm(forms.Form):
    intitule = forms.CharField(max_length=200)


def form_page(request):
    done = ""
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            done = form.cleaned_data["intitule"]
    return HttpResponse(FORM_PAGE.render({"done": done}, request))


def hidden_token(request):
    """Uses the CSRF token without showing it: the cache cannot make it per-visitor, so it must not store."""
    get_token(request)
    return HttpResponse("<!DOCTYPE html><p>Jeton utilisé hors de la page</p>")


def sets_cookie(request):
    response = HttpResponse("<!DOCTYPE html><p>Préférence enregistrée</p>")
    response.set_cookie("preference", "contraste")
    return response


def writes_session(request):
    request.session["vu"] = True
    return HttpResponse("<!DOCTYPE html><p>Session écrite</p>")


def adds_message(request):
    messages.success(request, "Votre préférence est enregistrée.")
    return HttpResponse("<!DOCTYPE html><p>Message ajouté</p>")


@never_cache
def private_page(request):
    return HttpResponse("<!DOCTYPE html><p>Privé</p>")


@cache_control(max_age=0)
def stale_at_once(request):
    return HttpResponse("<!DOCTYPE html><p>Toujours frais</p>")


def json_view(request):
    return HttpResponse('{"ok": true}', content_type="application/json")


urlpatterns = [
    path("test-cache/formulaire/", form_page),
    path("test-cache/jeton-cache/", hidden_token),
    path("test-cache/cookie/", sets_cookie),
    path("test-cache/session/", writes_session),
    path("test-cache/message/", adds_message),
    path("test-cache/prive/", private_page),
    path("test-cache/json/", json_view),
    path("test-cache/max-age-0/", stale_at_once),
    *site_urlpatterns,
]
