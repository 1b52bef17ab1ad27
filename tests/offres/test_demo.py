"""Demo content: seed dates on their pages, the derived next projet collectif, and a re-run changes nothing."""

import datetime

import pytest

from offres import demo
from offres.models import StageCadreContent, StageIndexPage, StagePage, StagePeriod, StageStep

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("today", "deadline", "start", "end", "year"),
    [
        # The seed cycles themselves: 24 June 2022 for 10 October – 9 December 2022.
        (datetime.date(2022, 1, 10), "2022-06-24", "2022-10-10", "2022-12-09", "2022-2023"),
        # 21 June 2024 for a start on 14 October 2024 (the seed's end, 20 December, had a break week).
        (datetime.date(2024, 6, 21), "2024-06-21", "2024-10-14", "2024-12-13", "2024-2025"),
        # The day after a deadline, the next year's cycle.
        (datetime.date(2024, 6, 22), "2025-06-20", "2025-10-13", "2025-12-12", "2025-2026"),
        (TODAY, "2027-06-18", "2027-10-11", "2027-12-10", "2027-2028"),
    ],
)
def test_next_projet_collectif_cycle_follows_the_seed_pattern(today, deadline, start, end, year):
    cycle = demo.next_projet_collectif_cycle(today)
    assert cycle["offer_deadline"].isoformat() == deadline
    assert cycle["offer_deadline"].weekday() == 4  # a Friday
    assert cycle["start_date"].isoformat() == start
    assert cycle["end_date"].isoformat() == end
    assert cycle["schooling_year"] == year
    assert cycle["indicative"] is True
    assert cycle["duration_weeks"] == 9


@pytest.mark.django_db
def test_demo_loads_every_stage_and_a_second_run_changes_nothing(home_page):
    assert demo.load(home_page, today=TODAY) == 7
    periods = {p.pk: (p.start_date, p.cadre) for p in StagePeriod.objects.all()}
    counts = (StagePeriod.objects.count(), StageCadreContent.objects.count(), StageStep.objects.count())
    assert demo.load(home_page, today=TODAY) == 0
    assert (StagePeriod.objects.count(), StageCadreContent.objects.count(), StageStep.objects.count()) == counts
    assert {p.pk: (p.start_date, p.cadre) for p in StagePeriod.objects.all()} == periods
    index = StageIndexPage.objects.get()
    assert index.url_path.endswith("/accueillir-un-eleve/") and index.show_in_menus
    slugs = set(StagePage.objects.values_list("slug", flat=True))
    assert slugs == {
        "stage-observation",
        "stage-thematique",
        "projet-collectif",
        "stage-ouverture",
        "stage-perfectionnement",
        "stage-professionnalisation",
    }
    accepting = set(StagePage.objects.filter(accepts_proposals=True).values_list("slug", flat=True))
    assert accepting == {"projet-collectif", "stage-observation", "stage-thematique"}
    # Another day changes only the derived cycles, in place (one per cadre d'emplois, never more rows).
    assert demo.load(home_page, today=datetime.date(2027, 6, 19)) >= 1
    assert StagePeriod.objects.count() == counts[0]
    assert StageStep.objects.count() == counts[2]


@pytest.mark.django_db
def test_every_demo_row_passes_its_clean(home_page):
    demo.load(home_page, today=TODAY)
    for model in (StagePeriod, StageCadreContent, StageStep):
        for row in model.objects.all():
            row.clean()


SEED_DATES = {
    "stage-observation": [
        "2022-03-14",
        "2022-04-08",
        "2021-11-29",
        "2022-05-16",
        "2022-06-10",
        "2022-02-18",
        "2022-03-28",
    ],
    "stage-thematique": ["2022-05-30", "2022-07-13", "2022-01-28"],
    "projet-collectif": [
        "2022-10-10",
        "2022-12-09",
        "2022-06-24",
        "2024-10-14",
        "2024-12-20",
        "2024-06-21",
        "2024-08-28",
        "2024-08-30",
        "2024-09-06",
        "2024-09-12",
        "2027-06-18",
    ],
    "stage-ouverture": ["2023-02-06", "2023-03-03", "2023-01-30", "2023-02-17"],
    "stage-perfectionnement": ["2023-02-20", "2023-03-24"],
    "stage-professionnalisation": ["2023-04-24", "2023-07-21", "2023-05-09"],
}


@pytest.mark.django_db
def test_each_seed_date_is_on_its_page_inside_time(client, home_page):
    demo.load(home_page, today=TODAY)
    for slug, dates in SEED_DATES.items():
        html = client.get(f"/accueillir-un-eleve/{slug}/").content.decode()
        for iso in dates:
            assert f'<time datetime="{iso}">' in html, (slug, iso)
    projet = client.get("/accueillir-un-eleve/projet-collectif/").content.decode()
    for text in (
        "12 semaines effectives",
        "4\u202f000\u00a0€",
        "40\u202f000 habitants",
        "Constitution définitive des équipes",
    ):
        assert text in client.get("/accueillir-un-eleve/stage-professionnalisation/").content.decode() or text in projet
    ouverture = client.get("/accueillir-un-eleve/stage-ouverture/").content.decode()
    assert '<time datetime="2022-03">mars 2022</time>' in ouverture  # the 2021-2022 calendar, month level
    assert "Pas de dépôt d" not in ouverture
