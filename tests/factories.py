"""Factories for the page tree; each test builds the pages it needs under ``home_page``."""

import factory
import wagtail_factories

from home.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"
    hero_title = "Accueillir un élève de l'INET"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page standard {n}")
    summary = "Un résumé de page."

    class Meta:
        model = StandardPage
