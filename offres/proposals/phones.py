"""French phone numbers, parsed by libphonenumber (phonenumberslite)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Metropolitan France first, then the overseas territories with their own numbering plan
# (a Réunion number written "0262 …" is only valid when read as a Réunion number).
FRENCH_REGIONS = ["FR", "RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF", "NC", "PF", "WF"]


def _parse(text):
    try:
        first = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("Saisissez un numéro de téléphone, par exemple 03 88 15 53 69.")) from error
    if phonenumbers.is_valid_number(first) or text.startswith(("+", "00")):
        return first
    for region in FRENCH_REGIONS[1:]:
        number = phonenumbers.parse(text, region)
        if phonenumbers.is_valid_number(number):
            return number
    return first


def normalise_phone(value):
    """A French number in its usual written form ('03 88 15 53 69'); raises a French ValidationError."""
    number = _parse(str(value or "").strip())
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Ce numéro de téléphone n'est pas valide : vérifiez le nombre de chiffres."))
    region = phonenumbers.region_code_for_number(number)
    if region not in FRENCH_REGIONS:
        raise ValidationError(_("Indiquez un numéro de téléphone français (métropole ou outre-mer)."))
    if region == "FR":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
