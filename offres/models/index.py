"""``/accueillir-un-eleve/``: every stage type, filterable by cadre d'emplois, with the schooling timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField

from core.visibility import public
from home.blocks import BodyStreamBlock
from home.models import BasePage
from search.mixins import FrenchSearchMixin

from ..alerts.forms import AlertForm
from ..calendar import build_calendar, feed_cadre, feed_links, ics_response
from ..forms import StageFilterForm
from ..timeline import build_timeline, default_schooling_year, schooling_years
from .periods import periods_prefetch
from .stages import StagePage

INP_NOTE = (
    "Les stages des élèves conservateurs territoriaux du patrimoine sont gérés par l'INP "
    "(Institut national du patrimoine), dans le cadre du partenariat avec l'INET."
)


class StageIndexPage(RoutablePageMixin, FrenchSearchMixin, BasePage):
    """``/accueillir-un-eleve/``: every stage type, filterable by cadre d'emplois, with the schooling timeline."""

    introduction = StreamField(BodyStreamBlock(), verbose_name=_("introduction"), blank=True)
    inp_note = models.TextField(
        _("note sur les conservateurs du patrimoine"),
        blank=True,
        default=INP_NOTE,
        help_text=_("Affichée sous l'introduction : les stages des conservateurs du patrimoine relèvent de l'INP."),
    )

    max_count = 1
    search_kind = "stages"  # its kind among the site search's results
    parent_page_types = ["home.HomePage"]
    subpage_types = ["offres.StagePage"]

    search_fields = [*BasePage.search_fields, *FrenchSearchMixin.french_search_fields]
    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("inp_note")]

    class Meta:
        verbose_name = _("index des stages")
        verbose_name_plural = _("index des stages")

    def stage_pages(self, cadre=None):
        """Live stage pages, with their periods, in one query plus one per prefetch (constant)."""
        pages = public(StagePage.objects.child_of(self).live()).prefetch_related(periods_prefetch(), "steps")
        if cadre:
            pages = pages.filter(periods__cadre=cadre).distinct()
        return list(pages.order_by("path"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_pages = self.stage_pages()
        all_periods = [p for page in all_pages for p in page.periods.all()]
        years = schooling_years(all_periods)
        default_year = default_schooling_year(all_periods)
        form = StageFilterForm(request.GET or None, schooling_years=years, default=default_year)
        cadre, year = form.selected()
        pages = [page for page in all_pages if not cadre or page.has_cadre(cadre)]
        context.update(
            filter_form=form,
            selected_cadre=cadre,
            cards=[page.card(cadre=cadre) for page in pages],
            calendar=feed_links(request, self.url + "echeances.ics", cadre),
            alert_form=AlertForm(stage_types={page.stage_type for page in all_pages}, auto_id="alerte-%s"),
            timeline=build_timeline(all_pages, year or default_year, cadre=cadre),
        )
        return context

    @re_path(r"^echeances\.ics/?$", name="calendar_feed")
    def calendar_feed(self, request):
        cadre = feed_cadre(request)
        pages = self.stage_pages(cadre or None)
        suffix = f"-{cadre}" if cadre else ""
        return ics_response(build_calendar(pages, request, cadre), f"inet-echeances-stages{suffix}.ics")
