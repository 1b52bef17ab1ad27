"""SIRET numbers: 14 digits, Luhn-checked, with La Poste's known exception (python-stdnum)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siret as stdnum_siret


def normalise_siret(value):
    """The 14 digits of a SIRET typed with spaces, dots or dashes; raises a French ValidationError."""
    compact = "".join(ch for ch in str(value or "") if ch not in " .-\u00a0\u202f\t")
    if compact and not compact.isdigit():
        raise ValidationError(_("Le numéro de SIRET ne doit contenir que des chiffres (les espaces sont acceptés)."))
    if len(compact) != 14:
        raise ValidationError(
            _("Le numéro de SIRET doit comporter 14 chiffres (vous en avez saisi %(count)d).") % {"count": len(compact)}
        )
    try:
        return stdnum_siret.validate(compact)
    except stdnum_exceptions.ValidationError as error:
        raise ValidationError(
            _("Ce numéro de SIRET n'est pas valide : vérifiez les 14 chiffres (la clé de contrôle ne correspond pas).")
        ) from error


def format_siret(value):
    """'732 829 320 00074': SIREN in groups of three, then the NIC."""
    return stdnum_siret.format(value) if value and len(value) == 14 else value
