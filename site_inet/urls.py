from pathlib import Path

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from exploitation import password_forms
from search import views as search_views

from .api import api_router

# The folders of MEDIA_ROOT anyone may read directly: image renditions and original images, never documents.
PUBLIC_MEDIA_FOLDERS = ("images", "original_images")

urlpatterns = [
    # Wagtail's password forms (pages, documents), throttled: before Wagtail's own URLs, at the same addresses.
    *password_forms.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("alertes/", include("offres.alerts.urls")),
    path("recherche/", search_views.search, name="search"),
    path("recherche/suggestions/", search_views.suggestions, name="search_suggestions"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images only, as the proxy does in production: documents go through Wagtail's view (/documents/…), which
    # checks their collection's privacy.
    for folder in PUBLIC_MEDIA_FOLDERS:
        urlpatterns += static(f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT) / folder)

# Calendar feeds (offres): Wagtail's page URLs allow no dot, so ``<page path>/<name>.ics`` reaches the same
# page routing here, then the page's routable ``.ics`` route.
urlpatterns += [re_path(r"^((?:[\w\-]+/)+[\w\-]+\.ics)$", wagtail_views.serve, name="wagtail_serve_ics")]

urlpatterns += [path("", include(wagtail_urls))]
