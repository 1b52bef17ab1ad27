"""Builders shared by the proposal tests: a stage tree under ``home_page`` and a valid submission."""

import datetime

from django.utils import timezone

from offres.models import StageIndexPage, StagePage, StagePeriod

VALID_SIRET = "732 829 320 00074"


def add_stage_page(home_page, stage_type="projet_collectif", deadline_in_days=30, *, periods=None, **values):
    index = StageIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = StageIndexPage(title="Accueillir un élève", slug="accueillir-un-eleve")
        home_page.add_child(instance=index)
    slug = {"projet_collectif": "projet-collectif", "observation": "stage-d-observation"}.get(stage_type, stage_type)
    page = StagePage(
        title=values.pop("title", "Projet collectif" if stage_type == "projet_collectif" else "Stage d'observation"),
        slug=slug,
        stage_type=stage_type,
        accepts_proposals=values.pop("accepts_proposals", True),
        contribution=values.pop("contribution", 4000 if stage_type == "projet_collectif" else None),
        **values,
    )
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=deadline_in_days)
    start = deadline + datetime.timedelta(days=100)
    for cadre, *rest in periods or [("administrateur",), ("conservateur",), ("ingenieur",)]:
        period_deadline = rest[0] if rest else deadline
        page.periods.add(
            StagePeriod(
                cadre=cadre,
                schooling_year=f"{start.year}-{start.year + 1}",
                start_date=start,
                end_date=start + datetime.timedelta(weeks=9, days=-3),
                duration_weeks=9,
                offer_deadline=period_deadline,
            )
        )
    index.add_child(instance=page)
    page.save_revision().publish()
    return StagePage.objects.get(pk=page.pk)


def projet_collectif_data(**overrides):
    data = {
        "collectivite_nom": "Ville de Créteil",
        "siret": VALID_SIRET,
        "collectivite_adresse": "Place Salvador Allende\n94000 Créteil",
        "locaux_adresse": "1 rue de l'Hôtel de ville, 94000 Créteil",
        "rh_contact": "Claire Martin, directrice des ressources humaines",
        "rh_courriel": "rh@ville-creteil.fr",
        "dgs_nom": "Durand",
        "dgs_prenom": "Paul",
        "dgs_courriel": "dgs@ville-creteil.fr",
        "dgs_telephone": "01 49 80 92 94",
        "tuteur_nom": "Lefèvre",
        "tuteur_prenom": "Anne",
        "tuteur_fonction": "Directrice générale adjointe",
        "tuteur_courriel": "dga@ville-creteil.fr",
        "tuteur_telephone": "06 10 53 03 78",
        "intitule": "Repenser l'accueil des usagers",
        "contexte": "La ville réorganise ses guichets.",
        "enjeux": "Qualité du service public et sobriété.",
        "objectifs": "Un diagnostic et un plan d'action.",
        "valeur_ajoutee": "Des regards administratif, culturel et technique.",
        "aspects_pratiques": "Un bureau équipé au 3e étage.",
        "portage_direction_generale": "on",
        "contribution_acceptee": "on",
        "consentement": "on",
        "site_web": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
