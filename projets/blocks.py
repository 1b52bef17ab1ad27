"""Blocks used by project pages only (the shared ones live in home.blocks)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import ImageBlock, KeyFigureBlock, QuoteBlock


class ReferenceBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Référence"), max_length=600)
    url = blocks.URLBlock(label=_("Lien (facultatif)"), required=False)

    class Meta:
        icon = "link"
        label = _("Référence")
        template = "projets/blocks/reference.html"
        preview_value = {"text": "Rapport sur le temps de travail dans la fonction publique, mai 2016."}


class FigureBlock(KeyFigureBlock):
    # A booklet's figures explain themselves at length (up to 187 characters in 2020-2021).
    label = blocks.CharBlock(label=_("Libellé"), max_length=250)

    class Meta:
        icon = "order"
        label = _("Chiffre clé")
        template = "projets/blocks/figure.html"
        preview_value = {"number": "1 240", "label": "agents en télétravail"}


class TestimonialBlock(QuoteBlock):
    class Meta:
        icon = "openquote"
        label = _("Témoignage")
        template = "blocks/quote.html"


FIGURE_BLOCKS = [("figure", FigureBlock())]
TESTIMONIAL_BLOCKS = [("testimonial", TestimonialBlock())]
REFERENCE_BLOCKS = [("reference", ReferenceBlock())]
IMAGE_BLOCKS = [("image", ImageBlock())]
