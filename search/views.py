from django import forms
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from .french import MAX_QUERY_LENGTH, clean_query
from .query import SearchUnavailable, search_queryset

RESULTS_PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(label="Rechercher sur le site", required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q"))

    def clean_page(self):
        return self.cleaned_data.get("page") or 1


def search(request):
    form = SearchForm(request.GET)
    form.is_valid()  # bad values fall back to defaults below; the page always answers
    query = form.cleaned_data.get("q", "")
    page_number = form.cleaned_data.get("page") or 1
    unavailable = False
    results = []
    if query:
        try:
            results = search_queryset(Page.objects.live().public().specific(), query)
        except SearchUnavailable:
            unavailable = True
    paginator = Paginator(results, RESULTS_PER_PAGE)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": paginator.get_page(page_number),
            "paginator": paginator,
            "unavailable": unavailable,
            "max_length": MAX_QUERY_LENGTH,
        },
    )
