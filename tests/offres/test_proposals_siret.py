"""SIRET and phone validation with real numbers."""

import pytest
from django.core.exceptions import ValidationError

from offres.proposals.phones import normalise_phone
from offres.proposals.siret import format_siret, normalise_siret


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("73282932000074", "73282932000074"),  # python-stdnum's reference company
        ("732 829 320 00074", "73282932000074"),  # spaces as printed on a Kbis
        ("216 704 825 00019", "21670482500019"),  # Ville de Strasbourg
        ("356 000 000 00048", "35600000000048"),  # La Poste, head office: Luhn holds
        ("35600000049837", "35600000049837"),  # La Poste establishment: Luhn fails, digit sum is a multiple of 5
    ],
)
def test_valid_siret_is_stored_as_14_digits(typed, stored):
    assert normalise_siret(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("73282932000079", "clé de contrôle"),  # one digit changed
        ("35600000049838", "clé de contrôle"),  # La Poste number whose digit sum is not a multiple of 5
        ("7328293200007", "14 chiffres (vous en avez saisi 13)"),
        ("732829320000745", "14 chiffres (vous en avez saisi 15)"),
        ("7328293200007A", "que des chiffres"),
        ("", "14 chiffres"),
    ],
)
def test_invalid_siret_explains_why_in_french(typed, message):
    with pytest.raises(ValidationError) as error:
        normalise_siret(typed)
    assert message in error.value.messages[0]


def test_siret_is_shown_in_groups():
    assert format_siret("73282932000074") == "732 829 320 00074"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("03 88 15 53 69", "03 88 15 53 69"),
        ("0388155369", "03 88 15 53 69"),
        ("+33 6 10 53 03 78", "06 10 53 03 78"),
        ("03.88.15.53.69", "03 88 15 53 69"),
        ("0262 12 34 56", "+262 262 12 34 56"),  # La Réunion, dialled from France
    ],
)
def test_french_phone_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("03 88 15 53", "pas valide"),
        ("bonjour", "Saisissez un numéro"),
        ("+44 20 7946 0958", "numéro de téléphone français"),
    ],
)
def test_bad_phone_numbers_are_refused_in_french(typed, message):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)
    assert message in error.value.messages[0]
