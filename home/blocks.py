"""The editorial StreamField shared by every page type (facts stay in model fields)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text stays accessible: headings come from the heading block, no colours, no inline images.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (niveau 2)")), ("h3", _("Sous-titre (niveau 3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading.html"
        description = _("Un titre de section ; la page a déjà son titre principal.")
        preview_value = {"text": "Les objectifs du stage", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif"),
        max_length=250,
        help_text=_("Décrit l'image pour les personnes qui ne la voient pas. Obligatoire."),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"
        description = _("Une image avec son texte alternatif et une légende facultative.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(label=_("Auteur ou autrice"), required=False, max_length=120)
    role = blocks.CharBlock(label=_("Fonction"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote.html"
        description = _("Un témoignage, avec son auteur et sa fonction.")
        preview_value = {
            "text": "Le projet collectif a permis de renouveler notre regard.",
            "author": "Une directrice générale des services",
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False, max_length=300)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    url = blocks.URLBlock(label=_("Ou adresse externe"), required=False)
    link_label = blocks.CharBlock(label=_("Texte du lien"), max_length=80)

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "blocks/call_to_action.html"
        description = _("Un encadré qui mène vers une page du site ou une adresse externe.")
        preview_value = {
            "title": "Accueillir un élève",
            "text": "Découvrez les stages et leurs calendriers.",
            "url": "https://example.org/",
            "link_label": "Voir les stages",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": blocks.BlockValidationError(_("Choisissez une page ou saisissez une adresse."))}
            )
        return value


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label=_("Chiffre"), max_length=30, help_text=_("Par exemple « 4 000 € » ou « 9 semaines ».")
    )
    label = blocks.CharBlock(label=_("Libellé"), max_length=160)

    class Meta:
        icon = "order"
        label = _("Chiffre clé")


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Chiffres"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Chiffres clés")
        template = "blocks/key_figures.html"
        description = _("Quelques chiffres mis en valeur, chacun avec son libellé.")
        preview_value = {"title": "En bref", "figures": [{"number": "9", "label": "semaines"}]}


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Intitulé du lien"), max_length=160)

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "blocks/document_link.html"
        description = _("Un lien vers un document, avec son format et son poids.")


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraphe"),
        icon="pilcrow",
        template="blocks/paragraph.html",
        description=_("Du texte mis en forme : gras, italique, listes et liens."),
        preview_value="<p>L'INET forme les cadres dirigeants des collectivités territoriales.</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    key_figures = KeyFiguresBlock()
    document = DocumentLinkBlock()
