"""Factories for the *Accueillir un élève* section, built under ``home_page`` by each test."""

import datetime

import factory
import wagtail_factories

from offres.models import StageCadreContent, StageIndexPage, StagePage, StagePeriod, StageStep


class StageIndexPageFactory(wagtail_factories.PageFactory):
    title = "Accueillir un élève"
    slug = "accueillir-un-eleve"
    show_in_menus = True

    class Meta:
        model = StageIndexPage


class StagePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Stage {n}")
    summary = "Un stage en collectivité."

    class Meta:
        model = StagePage


class StagePeriodFactory(factory.django.DjangoModelFactory):
    cadre = "administrateur"
    schooling_year = "2022-2023"
    start_date = datetime.date(2022, 3, 14)
    end_date = datetime.date(2022, 4, 8)
    duration_weeks = 4

    class Meta:
        model = StagePeriod


class StageStepFactory(factory.django.DjangoModelFactory):
    label = "Constitution définitive des équipes"
    date = datetime.date(2024, 9, 6)

    class Meta:
        model = StageStep


class StageCadreContentFactory(factory.django.DjangoModelFactory):
    cadre = "administrateur"
    objectives = "<p>Appréhender les enjeux de la collectivité.</p>"

    class Meta:
        model = StageCadreContent
