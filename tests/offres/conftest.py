import datetime

import pytest

from offres.deadlines import paris_today
from offres.models import StageType

from .factories import StageIndexPageFactory, StagePageFactory, StagePeriodFactory


@pytest.fixture
def stage_index(home_page):
    return StageIndexPageFactory(parent=home_page)


@pytest.fixture
def projet_collectif(stage_index):
    """A projet collectif with a past 2022-2023 cycle and an open cycle whose deadline is 60 days ahead."""
    page = StagePageFactory(
        parent=stage_index,
        title="Projet collectif",
        slug="projet-collectif",
        stage_type=StageType.PROJET_COLLECTIF,
        contribution=4000,
        min_population=40000,
        team_size=4,
    )
    for cadre in ("administrateur", "conservateur", "ingenieur"):
        StagePeriodFactory(
            page=page,
            cadre=cadre,
            start_date=datetime.date(2022, 10, 10),
            end_date=datetime.date(2022, 12, 9),
            duration_weeks=9,
            offer_deadline=datetime.date(2022, 6, 24),
        )
    today = paris_today()
    start = today + datetime.timedelta(days=120)
    for cadre in ("administrateur", "conservateur", "ingenieur"):
        StagePeriodFactory(
            page=page,
            cadre=cadre,
            schooling_year=f"{start.year}-{start.year + 1}",
            start_date=start,
            end_date=start + datetime.timedelta(weeks=8, days=4),
            duration_weeks=9,
            offer_deadline=today + datetime.timedelta(days=60),
            indicative=True,
        )
    return page


@pytest.fixture
def observation(stage_index):
    page = StagePageFactory(
        parent=stage_index, title="Stage d'observation", slug="stage-observation", stage_type=StageType.OBSERVATION
    )
    StagePeriodFactory(page=page, cadre="administrateur", offer_deadline=datetime.date(2021, 11, 29))
    StagePeriodFactory(
        page=page,
        cadre="conservateur",
        start_date=datetime.date(2022, 3, 28),
        end_date=datetime.date(2022, 4, 15),
        duration_weeks=3,
        precision="du 28 ou 29 mars au 15 ou 16 avril 2022",
        offer_deadline=datetime.date(2021, 11, 29),
    )
    return page
