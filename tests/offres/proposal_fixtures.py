"""Builders shared by the proposal tests: a stage tree under ``home_page`` and a valid submission."""

import datetime

from django.utils import timezone

from offres.models import StageIndexPage, StagePage, StagePeriod

from .sample_proposal import VALID_PROJET_COLLECTIF, VALID_SIRET  # noqa: F401 -- re-exported for tests


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
    data = {**VALID_PROJET_COLLECTIF, **overrides}
    return {key: value for key, value in data.items() if value is not None}
