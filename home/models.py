from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.text import plain_text
from core.wagtail_site import SharedPageMixin
from search.mixins import FrenchSearchMixin

from .blocks import BodyStreamBlock


class BasePage(SharedPageMixin, Page):
    """Fields every public page shares: a summary and an image for cards, and SEO fields; routing, addresses and
    restrictions read from shared data (``core.wagtail_site.SharedPageMixin``)."""

    summary = models.TextField(
        _("résumé"),
        blank=True,
        max_length=400,
        help_text=_("Deux ou trois phrases, reprises dans les listes, les résultats de recherche et les partages."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de vignette"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Affichée sur les cartes et lors des partages sur les réseaux sociaux."),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug", heading=_("Adresse de la page (slug)")),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading=_("Référencement"),
        ),
        MultiFieldPanel(
            [FieldPanel("show_in_menus"), FieldPanel("listing_image")],
            heading=_("Menus et vignette"),
        ),
    ]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.summary


class HomePage(FrenchSearchMixin, BasePage):
    hero_title = models.CharField(
        _("titre d'accroche"), max_length=160, help_text=_("La grande phrase en haut de la page d'accueil.")
    )
    hero_text = models.TextField(
        _("texte d'accroche"),
        blank=True,
        max_length=500,
        help_text=_("Une ou deux phrases affichées sous le titre d'accroche."),
    )
    actions = StreamField(
        [("call_to_action", BodyStreamBlock.base_blocks["call_to_action"])],
        verbose_name=_("appels à l'action"),
        blank=True,
        max_num=3,
        help_text=_("Les trois portes d'entrée du site, sous l'accroche."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("body"),
        *FrenchSearchMixin.french_search_fields,
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Accroche")),
        FieldPanel("actions"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def search_body_parts(self):
        return [self.summary, self.hero_title, self.hero_text, plain_text(self.body)]


class StandardPage(FrenchSearchMixin, BasePage):
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)
    date = models.DateField(
        _("date de publication affichée"),
        null=True,
        blank=True,
        help_text=_("Pour une actualité : la date affichée sous le titre."),
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    search_fields = [*BasePage.search_fields, index.SearchField("body"), *FrenchSearchMixin.french_search_fields]

    content_panels = [*BasePage.content_panels, FieldPanel("date"), FieldPanel("body")]

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")

    def search_body_parts(self):
        return [self.summary, self.search_description, plain_text(self.body)]


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """The contact shown in the footer and on stage pages, editable by INET communications."""

    name = models.CharField(_("nom"), max_length=120, default="Ingrid Vibet")
    role = models.CharField(
        _("fonction"),
        max_length=200,
        blank=True,
        default="Responsable des stages des élèves, conseillère formation en charge de la coordination des stages",
    )
    email = models.EmailField(_("courriel"), default="stages.inet@cnfpt.fr")
    phone = models.CharField(_("téléphone"), max_length=30, blank=True, default="03 88 15 53 69")
    address = models.TextField(
        _("adresse postale"),
        blank=True,
    )
    footer_text = models.TextField(
        _("texte du pied de page"),
        blank=True,
        max_length=400,
        default="L'INET, institut du CNFPT, forme les cadres dirigeants des collectivités territoriales.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact stages"),
        ),
        FieldPanel("address"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("coordonnées et pied de page")

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        if digits.startswith("0") and len(digits) == 10:
            return "tel:+33" + digits[1:]
        return "tel:" + digits
