"""Every field and block an editor sees in the admin has a French label, and every model field says what it is.

A label counts as French when it goes through ``gettext_lazy``: our own strings are written in French, and a
label inherited from Wagtail must have a French translation (it differs from its English rendering). A label
Django derives from the field name (``collectivite nom``) is a plain string, so it is caught.
"""

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, PanelGroup, get_edit_handler
from wagtail.fields import StreamField
from wagtail.models import Page

OUR_APPS = ("home", "offres", "projets")


def editor_models():
    """Page types, inlines' parents, snippets and settings of our apps: every model with an admin form."""
    models = [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]
    return [model for model in models if issubclass(model, Page) or hasattr(model, "panels")]


def field_panels(panel):
    if isinstance(panel, InlinePanel):
        yield from field_panels(panel.child_edit_handler)
    elif isinstance(panel, FieldPanel):
        yield panel
    elif isinstance(panel, PanelGroup):
        for child in panel.children:
            yield from field_panels(child)


def edit_handler(model):
    return model.get_edit_handler() if issubclass(model, Page) else get_edit_handler(model)


def translated(label):
    """A lazy string that renders differently in French: a third-party label with a French translation."""
    if not isinstance(label, Promise):
        return False
    with translation.override("en"):
        english = str(label)
    with translation.override("fr"):
        french = str(label)
    return french != english


def label_problem(panel):
    """Why the panel's label is not French, or None. Our labels are written in French and only need to be
    translatable; a label that Wagtail provides must have a French translation."""
    label = panel.heading or panel.db_field.verbose_name
    ours = panel.db_field.model._meta.app_label in OUR_APPS or bool(panel.heading)
    if not isinstance(label, Promise):
        return f"libellé {str(label)!r} non traduisible"
    if not ours and not translated(label):
        return f"libellé {str(label)!r} non traduit en français"
    return None


def block_problems(block, path):
    """Child blocks with a label Django or Wagtail derived from their name, or an untranslatable help text."""
    problems = []
    children = []
    if isinstance(block, blocks.StreamBlock | blocks.StructBlock):
        children = list(block.child_blocks.items())
    elif isinstance(block, blocks.ListBlock):
        children = [("(élément)", block.child_block)]
    for name, child in children:
        where = f"{path}.{name}"
        if not isinstance(child.meta.label, Promise):
            problems.append(f"{where}: label {child.label!r}")
        help_text = getattr(child.meta, "help_text", None)
        if help_text and not isinstance(help_text, Promise):
            problems.append(f"{where}: help_text non traduisible")
        problems += block_problems(child, where)
    return problems


@pytest.mark.parametrize("model", editor_models(), ids=lambda model: model.__name__)
def test_every_field_in_the_admin_form_has_a_french_label(model):
    problems = []
    for panel in field_panels(edit_handler(model)):
        if panel.db_field is None:
            continue
        problem = label_problem(panel)
        if problem:
            problems.append(f"{panel.db_field.model.__name__}.{panel.field_name}: {problem}")
        help_text = panel.help_text or panel.db_field.help_text
        if help_text and not isinstance(help_text, Promise):
            problems.append(f"{panel.field_name}: help_text non traduisible")
        if isinstance(panel.db_field, StreamField):
            problems += block_problems(panel.db_field.stream_block, panel.field_name)
    assert not problems, "Libellés à franciser :\n" + "\n".join(problems)


def framework_fields(model):
    """Fields a Wagtail or Django base class declares (``sort_order``, ``site``, the page tree): not ours to name."""
    names = set()
    for base in model.__mro__[1:]:
        meta = getattr(base, "_meta", None)
        if meta is not None and base.__module__.split(".")[0] not in OUR_APPS:
            names |= {field.name for field in meta.get_fields() if getattr(field, "concrete", False)}
    return names


@pytest.mark.parametrize("app", OUR_APPS)
def test_every_model_field_has_an_explicit_translatable_name(app):
    """Also the fields shown only in listings, exports and the proposals' inspect view."""
    problems = []
    for model in apps.get_app_config(app).get_models():
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.auto_created or field.name in framework_fields(model):
                continue
            if not isinstance(field.verbose_name, Promise):
                problems.append(f"{model.__name__}.{field.name}: {field.verbose_name!r}")
    assert not problems, "verbose_name manquant :\n" + "\n".join(problems)


def test_the_check_catches_an_untranslated_label():
    """The audit itself can fail: a derived name and an untranslated Wagtail label are refused."""
    from offres.models import StagePeriod

    derived = FieldPanel("schooling_year").bind_to_model(StagePeriod)
    derived.db_field = StagePeriod._meta.get_field("schooling_year").clone()
    derived.db_field.verbose_name = "schooling year"  # what Django derives when no verbose_name is given
    derived.db_field.model = StagePeriod
    assert label_problem(derived)
    assert not translated(Page._meta.get_field("slug").verbose_name)  # Wagtail's « slug » stays « slug »
    assert label_problem(FieldPanel("slug").bind_to_model(Page))
    assert translated(Page._meta.get_field("title").verbose_name)  # « title » becomes « titre »
    assert label_problem(FieldPanel("title").bind_to_model(Page)) is None
    assert label_problem(FieldPanel("offer_deadline").bind_to_model(StagePeriod)) is None


def test_image_blocks_require_alternative_text():
    from home.blocks import BodyStreamBlock, ImageBlock
    from projets.blocks import IMAGE_BLOCKS

    for image_block in (BodyStreamBlock().child_blocks["image"], dict(IMAGE_BLOCKS)["image"]):
        assert isinstance(image_block, ImageBlock)
        assert image_block.child_blocks["alt_text"].required
    with pytest.raises(blocks.StructBlockValidationError) as error:
        ImageBlock().clean({"image": None, "alt_text": "", "caption": ""})
    assert "alt_text" in error.value.block_errors
