"""The index (cards, filter, timeline), the stage page, the .ics feeds and the home deadlines, through HTTP."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from offres.models import StageType

from .factories import StageCadreContentFactory, StagePageFactory, StagePeriodFactory, StageStepFactory

pytestmark = pytest.mark.django_db

INDEX = "/accueillir-un-eleve/"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_stages(index, count):
    """``count`` more stage pages, each with periods for three tracks, track prose and steps."""
    stage_types = [t for t in StageType if not index.get_children().filter(stagepage__stage_type=t).exists()]
    for stage_type in stage_types[:count]:
        page = StagePageFactory(parent=index, stage_type=stage_type, slug=stage_type.replace("_", "-"))
        for year in (2021, 2022, 2023):
            for cadre in ("administrateur", "conservateur", "ingenieur"):
                StagePeriodFactory(
                    page=page,
                    cadre=cadre,
                    schooling_year=f"{year}-{year + 1}",
                    start_date=datetime.date(year, 3, 14),
                    end_date=datetime.date(year, 4, 8),
                    offer_deadline=datetime.date(year - 1, 11, 29),
                )
        StageCadreContentFactory(page=page, cadre="conservateur")
        StageStepFactory(page=page)


def test_index_shows_a_card_per_stage_with_tracks_status_and_time(client, projet_collectif, observation):
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "2 types de stage." in html
    assert 'href="/accueillir-un-eleve/projet-collectif/"' in html
    # The projet collectif's indicative cycle is the next call, in words, with its days left.
    assert "Prochain appel : dépôt des offres jusqu&#x27;au" in html
    assert "(dans 60 jours), dates indicatives, à confirmer" in html
    # The observation's 2021 deadlines are past: said with its date, and what comes next (never a bare « clos »).
    assert "Dépôt des offres clos le 29 novembre 2021. Prochain appel : dates à venir" in html
    assert '<time datetime="2022-03-28">28 mars 2022</time>' in html  # the observation card: its last period
    assert "Les stages des élèves conservateurs territoriaux du patrimoine sont gérés par l&#x27;INP" in html
    assert 'href="/accueillir-un-eleve/echeances.ics"' in html


def test_filter_by_track_keeps_only_stages_with_a_period_for_it(client, projet_collectif, observation):
    html = client.get(INDEX, {"cadre": "ingenieur"}).content.decode()
    assert "1 type de stage pour ce cadre d'emplois." in html
    assert 'href="/accueillir-un-eleve/projet-collectif/"' in html
    assert 'href="/accueillir-un-eleve/stage-observation/"' not in html
    assert "Retirer le filtre" in html
    html = client.get(INDEX, {"cadre": "conservateur"}).content.decode()
    assert "2 types de stage" in html


@pytest.mark.parametrize(
    "query",
    [
        {"cadre": "patrimoine"},
        {"cadre": "<script>"},
        {"scolarite": "1999-2000"},
        {"scolarite": "x" * 500, "cadre": "ingenieur"},
    ],
)
def test_bad_query_values_give_a_french_message_and_a_200(client, projet_collectif, observation, query):
    response = client.get(INDEX, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert ("Ce cadre d&#x27;emplois n&#x27;existe pas" in html) or (
        "Cette scolarité n&#x27;est pas au calendrier" in html
    )
    assert "<script>" not in html.split("</header>")[1]


def test_repeated_cadre_uses_the_last_value(client, projet_collectif, observation):
    html = client.get(INDEX, {"cadre": ["administrateur", "ingenieur"]}).content.decode()
    assert "1 type de stage pour ce cadre d'emplois." in html


def test_timeline_opens_on_the_next_schooling_with_a_visible_table_and_deadlines(client, projet_collectif, observation):
    html = client.get(INDEX).content.decode()
    upcoming = next(p for p in projet_collectif.periods.all() if p.indicative).schooling_year
    assert f"Les opportunités de stages au cours de la scolarité {upcoming}" in html
    # The year list is in chronological order.
    options = re.findall(r'<option value="(\d{4}-\d{4})"', html)
    assert options == sorted(options) and options[0] == "2022-2023"
    html = client.get(INDEX, {"scolarite": "2022-2023"}).content.decode()
    assert "Les opportunités de stages au cours de la scolarité 2022-2023" in html
    assert '<svg class="timeline__svg"' in html and 'aria-hidden="true"' in html
    # The table is for everyone, behind « Voir le tableau » (a <details>: no JavaScript needed).
    assert "<summary>Voir le tableau</summary>" in html and 'class="visually-hidden">{# ' not in html
    table = html[html.index('<caption id="frise-tableau-titre">Périodes de stage de la scolarité 2022-2023') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr>") == 1 + 5  # header + 2 observation periods + 3 projet collectif periods
    assert '<time datetime="2022-10-10">10 octobre 2022</time>' in table
    assert 'jusqu&#x27;au <time datetime="2022-06-24">' in table or 'jusqu\'au <time datetime="2022-06-24">' in table
    # Offers deadlines are marked on the chart, one per period that takes offers.
    assert html.count('<path class="timeline__deadline"') == 1 + 5
    # Coordinates are written unlocalised (a French decimal comma would break the SVG).
    assert not re.search(r'x="\d+,\d', html)
    # The timeline follows the track filter too.
    html = client.get(INDEX, {"cadre": "ingenieur", "scolarite": "2022-2023"}).content.decode()
    table = html[html.index('<caption id="frise-tableau-titre">') : html.index("</table>")]
    assert table.count("<tr>") == 1 + 1


def test_stage_page_shows_periods_deadline_status_facts_and_folded_past_cycles(client, projet_collectif):
    StageStepFactory(
        page=projet_collectif,
        label="Réunions visio",
        date=datetime.date(2024, 8, 28),
        end_date=datetime.date(2024, 8, 30),
    )
    StageCadreContentFactory(
        page=projet_collectif, cadre="", missions="<ul><li>Préfiguration du service public de la donnée.</li></ul>"
    )
    response = client.get(projet_collectif.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "4\u202f000\u00a0€" in html
    assert "plus de 40\u202f000 habitants" in html
    assert "4 élèves" in html
    assert "Dates indicatives, à confirmer" in html
    assert "Prochain appel : dépôt des offres jusqu&#x27;au" in html
    current = html[: html.index("Sessions précédentes")]
    past = html[html.index("Sessions précédentes") :]
    assert '<time datetime="2022-06-24">24 juin 2022</time>' in past
    assert "2022-06-24" not in current
    assert '<details class="past-schoolings">' in html
    assert (
        'du <time datetime="2024-08-28">28 août 2024</time> au <time datetime="2024-08-30">30 août 2024</time>' in html
    )
    assert "Exemples de missions" in html and "Préfiguration du service public de la donnée." in html
    assert "stages.inet@cnfpt.fr" in html
    assert 'href="/accueillir-un-eleve/projet-collectif/echeances.ics"' in html


def test_stage_page_precision_and_no_current_cycle(client, observation):
    html = client.get(observation.url).content.decode()
    assert "(du 28 ou 29 mars au 15 ou 16 avril 2022)" in html
    assert "Les dates de la prochaine session seront publiées ici." in html
    assert '<time datetime="2021-11-29">29 novembre 2021</time>' in html


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_index_calendar_has_one_event_per_period_and_per_deadline(client, projet_collectif, observation):
    calendar = parse_ics(client.get(INDEX + "echeances.ics"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    events = list(calendar.walk("VEVENT"))
    # One event per real date: the projet collectif's 2 cycles (3 tracks each, same days) and their 2 deadlines;
    # the observation's 2 periods (different days) and their shared deadline.
    assert len(events) == 7
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == 7
    deadline = next(
        e
        for e in events
        if str(e["SUMMARY"]).startswith(
            "Dépôt des offres : Stage d'observation – élèves administrateurs, élèves conservateurs"
        )
    )
    assert deadline.decoded("DTSTART") == datetime.date(2021, 11, 29)
    assert deadline.decoded("DTEND") == datetime.date(2021, 11, 30)
    stage = next(e for e in events if str(e["SUMMARY"]).startswith("Stage d'observation – élèves administrateurs"))
    assert stage.decoded("DTSTART") == datetime.date(2022, 3, 14)
    assert stage.decoded("DTEND") == datetime.date(2022, 4, 9)  # DTEND is exclusive
    assert str(stage["URL"]).endswith("/accueillir-un-eleve/stage-observation/")
    # UIDs are stable from one download to the next.
    again = [str(e["UID"]) for e in parse_ics(client.get(INDEX + "echeances.ics")).walk("VEVENT")]
    assert again == uids


def test_stage_calendar_only_has_its_own_events(client, projet_collectif, observation):
    response = client.get(observation.url + "echeances.ics")
    assert 'filename="inet-stage-observation.ics"' in response["Content-Disposition"]
    events = list(parse_ics(response).walk("VEVENT"))
    assert len(events) == 3
    assert all("Stage d'observation" in str(e["SUMMARY"]) for e in events)
    assert client.get(INDEX + "inconnu.ics").status_code == 404


def test_month_only_periods_stay_out_of_the_calendar_but_show_their_months(client, observation):
    StagePeriodFactory(
        page=observation,
        schooling_year="2021-2022",
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2021, 4, 30),
        month_only=True,
    )
    html = client.get(observation.url).content.decode()
    assert '<time datetime="2021-03">mars 2021</time> – <time datetime="2021-04">avril 2021</time>' in html
    events = list(parse_ics(client.get(observation.url + "echeances.ics")).walk("VEVENT"))
    assert len(events) == 3


def test_index_query_count_is_constant(
    client, projet_collectif, observation, stage_index, django_assert_max_num_queries
):
    client.get(INDEX)  # warm the site root cache
    small = count_queries(client, INDEX)
    add_stages(stage_index, 4)
    client.get(INDEX)  # the shared data (menu, private sections...) read again after the new pages
    with django_assert_max_num_queries(small):
        response = client.get(INDEX)
    assert response.status_code == 200
    assert "6 types de stage" in response.content.decode()
    assert count_queries(client, INDEX + "?cadre=ingenieur") <= small
    assert count_queries(client, INDEX + "echeances.ics") <= small


def test_stage_page_query_count_is_constant(client, observation, django_assert_max_num_queries):
    client.get(observation.url)
    small = count_queries(client, observation.url)
    for year in range(2010, 2020):
        StagePeriodFactory(
            page=observation,
            schooling_year=f"{year}-{year + 1}",
            start_date=datetime.date(year, 3, 14),
            end_date=datetime.date(year, 4, 8),
            offer_deadline=datetime.date(year - 1, 11, 29),
        )
        StageCadreContentFactory(page=observation, cadre="ingenieur")
        StageStepFactory(page=observation, date=datetime.date(year, 9, 6))
    with django_assert_max_num_queries(small):
        response = client.get(observation.url)
    assert "Scolarité 2010-2011" in response.content.decode()


def test_home_lists_next_open_deadlines_grouped_by_stage(
    client, home_page, projet_collectif, observation, django_assert_max_num_queries
):
    client.get("/")
    small = count_queries(client, "/")
    html = client.get("/").content.decode()
    section = html[html.index('id="prochaines-echeances"') :]
    section = section[: section.index("</section>")]
    assert 'href="/accueillir-un-eleve/projet-collectif/"' in section
    assert "élèves administrateurs, conservateurs de bibliothèques, ingénieurs en chef" in section
    assert "Dépôt des offres ouvert" in section
    assert "stage-observation" not in section  # its deadlines are past
    add_stages(projet_collectif.get_parent(), 3)
    client.get("/")  # the shared data read again after the new pages
    with django_assert_max_num_queries(small):
        client.get("/")


def test_home_without_open_deadline_says_so(client, home_page, observation):
    html = client.get("/").content.decode()
    assert "Aucun dépôt d'offre n'est ouvert en ce moment." in html
