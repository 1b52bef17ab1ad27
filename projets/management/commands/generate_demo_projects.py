"""``python manage.py generate_demo_projects --count N``: deterministic synthetic projects for benchmarks.

Never loaded by default. Every project is marked ``synthetic`` and titled « [Synthétique] … ».
Pages are saved without revisions, with search and reference-index signals muted, child rows
created in bulk, and the search index updated in bulk at the end.
"""

import random
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.search.backends import get_search_backend

from core.purge import purge
from home.cadres import Cadre
from home.schooling import schooling_year
from projets.models import (
    Collectivite,
    CollectiviteType,
    ProjectAuthor,
    ProjectIndexPage,
    ProjectPage,
    ProjectTutor,
    Promotion,
    Thematique,
)
from search.query import analyze_after_bulk_write

SEED = 2021
CHUNK = 500
REGIONS = [
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Grand Est",
    "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur", "La Réunion",
]  # fmt: skip
VERBS = ["Repenser", "Piloter", "Accompagner", "Évaluer", "Concerter", "Préfigurer", "Moderniser", "Mutualiser"]
SUBJECTS = [
    "la relation usager", "le télétravail", "la stratégie numérique", "la transition écologique",
    "la politique jeunesse", "l'offre de mobilité", "le budget climat", "la commande publique",
    "la lecture publique", "l'attractivité touristique", "la revitalisation commerciale", "l'alimentation durable",
]  # fmt: skip
FIRST = ["Camille", "Dominique", "Claude", "Alix", "Sacha", "Maxime", "Lou", "Noa", "Andrea", "Charlie"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
TYPES = [choice.value for choice in CollectiviteType]
CADRES = [choice.value for choice in Cadre]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number, steplen=4):
    out = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        out = ALPHABET[rest] + out
    return out.rjust(steplen, "0")


class Command(BaseCommand):
    help = "Crée N projets collectifs synthétiques (déterministes) pour les tests de charge."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("--count doit être au moins 1.")
        index_page = ProjectIndexPage.objects.first()
        if index_page is None:
            raise CommandError("Créez d'abord la page « Projets collectifs » (load_demo_content).")
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        post_save.disconnect(post_save_signal_handler, sender=ProjectPage)
        try:
            with transaction.atomic():
                created = self._generate(index_page, count, rng)
        finally:
            post_save.connect(post_save_signal_handler, sender=ProjectPage)
        indexed = self._index(created)
        analyze_after_bulk_write(ProjectPage, ProjectPage.themes.through, ProjectPage.promotions.through)
        purge()  # the pages were written in bulk, below the signals that purge
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(created)} projet(s) synthétique(s) créé(s), {indexed} indexé(s) en {elapsed:.1f} s."
            )
        )

    def _generate(self, index_page, count, rng):
        themes = list(Thematique.objects.all()) or [
            Thematique.objects.create(name="Thématique synthétique", slug="thematique-synthetique")
        ]
        promotions = {promotion.cadre: promotion for promotion in Promotion.objects.all()}
        collectivites = []
        for number in range(1, 51):
            collectivite, _ = Collectivite.objects.get_or_create(
                name=f"Collectivité synthétique n° {number}",
                defaults={"type": TYPES[number % len(TYPES)], "region": REGIONS[number % len(REGIONS)]},
            )
            collectivites.append(collectivite)
        existing = set(ProjectPage.objects.filter(synthetic=True).values_list("slug", flat=True))
        index_page.refresh_from_db()
        numchild = index_page.numchild
        last = index_page.get_last_child()
        next_step = (int(last.path[-4:], 36) + 1) if last else 1
        now = timezone.now()
        content_type_id = ContentType.objects.get_for_model(ProjectPage).pk
        created, authors, tutors, theme_links, promotion_links = [], [], [], [], []
        for number in range(1, count + 1):
            slug = f"synthetique-{number:05d}"
            if slug in existing:
                continue
            subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
            collectivite = collectivites[rng.randrange(len(collectivites))]
            year = 2010 + rng.randrange(12)
            title = f"[Synthétique] {VERBS[rng.randrange(len(VERBS))]} {subject} n° {number}"
            page = ProjectPage(
                title=title,
                slug=slug,
                path=index_page.path + _step(next_step),
                depth=index_page.depth + 1,
                numchild=0,
                url_path=f"{index_page.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                content_type_id=None,
                locale_id=index_page.locale_id,
                collectivite=collectivite,
                schooling_year=schooling_year(year),
                synthetic=True,
                summary=f"Projet synthétique de démonstration : {subject} pour {collectivite.name}, scolarité {schooling_year(year)}.",
                context=[("paragraph", f"<p>Contexte synthétique sur {subject}.</p>")],
            )
            page.content_type_id = content_type_id
            page.save(clean=False)
            next_step += 1
            numchild += 1
            cadres = [CADRES[rng.randrange(len(CADRES))] for _ in range(4)]
            for position, cadre in enumerate(cadres):
                name = f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}"
                authors.append(ProjectAuthor(page_id=page.pk, sort_order=position, name=name, cadre=cadre))
            tutors.append(ProjectTutor(page_id=page.pk, sort_order=0, name="Tuteur synthétique", function="DGS"))
            theme_links.append(
                ProjectPage.themes.through(projectpage_id=page.pk, thematique_id=themes[number % len(themes)].pk)
            )
            for cadre in sorted(set(cadres)):
                if cadre in promotions:
                    promotion_links.append(
                        ProjectPage.promotions.through(projectpage_id=page.pk, promotion_id=promotions[cadre].pk)
                    )
            created.append(page.pk)
        ProjectAuthor.objects.bulk_create(authors, batch_size=CHUNK)
        ProjectTutor.objects.bulk_create(tutors, batch_size=CHUNK)
        ProjectPage.themes.through.objects.bulk_create(theme_links, batch_size=CHUNK)
        ProjectPage.promotions.through.objects.bulk_create(promotion_links, batch_size=CHUNK)
        type(index_page).objects.filter(pk=index_page.pk).update(numchild=numchild)
        return created

    def _index(self, created):
        search_index = get_search_backend().get_index_for_model(ProjectPage)
        done = 0
        for start in range(0, len(created), CHUNK):
            chunk = list(
                ProjectPage.objects.filter(pk__in=created[start : start + CHUNK])
                .select_related("collectivite")
                .prefetch_related("authors", "tutors", "themes", "promotions")
            )
            search_index.add_items(ProjectPage, chunk)
            done += len(chunk)
        return done
