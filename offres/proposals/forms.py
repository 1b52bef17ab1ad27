"""The proposal form: fixed schema, sections as fieldsets, every check server-side with French messages."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formats import long_date, thousands

from .attachments import REMOVE_FIELD, delete_file_after_commit, validate_pdf
from .models import LONG_TEXT_MAX, PRACTICAL_TEXT_MAX, Proposal
from .phones import normalise_phone
from .siret import normalise_siret

HONEYPOT_FIELD = "site_web"
PHONE_HINT = _("Par exemple 03 88 15 53 69.")
EMAIL_HINT = _("Par exemple prenom.nom@ville.fr.")

TUTOR_FIELDS = ("tuteur_nom", "tuteur_prenom", "tuteur_fonction", "tuteur_courriel", "tuteur_telephone")
COMMITMENT_FIELDS = ("portage_direction_generale", "contribution_acceptee", "consentement")


class Section:
    """A <fieldset>: its legend, the names of its fields and an optional explanation."""

    def __init__(self, key, legend, names, hint=""):
        self.key, self.legend, self.names, self.hint = key, legend, names, hint
        self.fields = []


# The form of each kind of stage, section by section: the projet collectif's asks every field a collectivité
# writes; the other stage types' (observation, thématique) a part of them, with the cadre d'emplois and period wished.
PROJET_COLLECTIF_SECTIONS = (
    Section(
        "collectivite",
        _("Collectivité"),
        ("collectivite_nom", "siret", "collectivite_adresse", "locaux_adresse", "rh_contact", "rh_courriel"),
    ),
    Section("dgs", _("Directeur général des services"), ("dgs_nom", "dgs_prenom", "dgs_courriel", "dgs_telephone")),
    Section(
        "tuteur",
        _("Tuteur du projet collectif"),
        TUTOR_FIELDS,
        hint=_("Le projet doit faire l'objet d'un portage par le ou la DGS ou un ou une DGA."),
    ),
    Section(
        "mission",
        _("Mission"),
        ("intitule", "contexte", "enjeux", "objectifs", "valeur_ajoutee"),
        hint=_("Si la collectivité propose plusieurs missions, une seule sera proposée au choix des élèves."),
    ),
    Section("pratique", _("Aspects pratiques et logistiques"), ("aspects_pratiques",)),
    Section("piece_jointe", _("Pièce jointe"), ("attachment",)),
    Section("engagements", _("Engagements"), COMMITMENT_FIELDS),
)
STAGE_SECTIONS = (
    Section(
        "collectivite",
        _("Collectivité"),
        ("collectivite_nom", "siret", "collectivite_adresse", "rh_contact", "rh_courriel"),
    ),
    Section("tuteur", _("Tuteur ou tutrice"), TUTOR_FIELDS),
    Section("periode", _("Cadre d'emplois et période"), ("periode",)),
    Section("mission", _("Mission"), ("intitule", "contexte", "objectifs")),
    Section("pratique", _("Aspects pratiques et logistiques"), ("aspects_pratiques",)),
    Section("piece_jointe", _("Pièce jointe"), ("attachment",)),
    Section("engagements", _("Engagements"), ("contribution_acceptee", "consentement")),
)
# What a collectivité writes, in the projet collectif form's order, commitments aside: the back office's inspect
# view and exports follow it.
SUBMITTED_FIELDS = tuple(
    name
    for section in PROJET_COLLECTIF_SECTIONS
    for name in section.names
    if name not in COMMITMENT_FIELDS and name != "attachment"
)
# Optional in the model (other stage types leave them out), required in the projet collectif's form.
PROJET_COLLECTIF_REQUIRED = ("locaux_adresse", "dgs_nom", "dgs_prenom", "dgs_courriel", "dgs_telephone")
PROJET_COLLECTIF_REQUIRED += ("enjeux", "objectifs", "valeur_ajoutee")


class AccessibleBoundField(BoundField):
    """Links each widget to its hint, its counter and its error message through aria-describedby."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        ids = []
        if self.help_text:
            ids.append(f"{self.auto_id}_helptext")
        if self.field.widget.attrs.get("data-counter"):
            ids.append(f"{self.auto_id}_counter")
        if self.errors:
            ids.append(f"{self.auto_id}_error")
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        return attrs

    @property
    def is_checkbox(self):
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_file(self):
        return isinstance(self.field, forms.FileField)

    @property
    def current_file(self):
        """The file already stored (personal link), by its name only: private files have no address."""
        if not self.is_file or not self.form.instance.pk:
            return ""
        stored = getattr(self.form, "stored_attachment", "")
        return stored.rsplit("/", 1)[-1] if stored else ""

    @property
    def file_to_choose_again(self):
        """A refused form does not keep the chosen file: the browser must send it again."""
        return self.is_file and self.form.is_bound and bool(self.form.errors) and bool(self.form.files.get(self.name))

    @property
    def is_radio(self):
        return isinstance(self.field.widget, forms.RadioSelect)

    @property
    def counter_limit(self):
        limit = self.field.widget.attrs.get("data-counter")
        return int(limit) if limit else None

    @property
    def counter_limit_display(self):
        return thousands(self.counter_limit)

    @property
    def value_length(self):
        return len(str(self.value() or ""))


def _textarea(max_length, rows=6):
    return forms.Textarea(attrs={"rows": rows, "data-counter": str(max_length)})


class ProposalForm(forms.ModelForm):
    """Built for one stage page: the fields and sections of its stage type, the periods still open."""

    bound_field_class = AccessibleBoundField
    template_name = "offres/includes/proposal_form_fields.html"

    periode = forms.TypedChoiceField(
        label=_("Cadre d'emplois et période souhaités"), coerce=int, widget=forms.RadioSelect, required=True
    )
    site_web = forms.CharField(label=_("Ne remplissez pas ce champ"), required=False)
    attachment = forms.FileField(
        label=_("Document en PDF"),
        required=False,
        help_text=_("Une note, une délibération… un seul fichier PDF, 10 Mo au plus."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"empty": _("Ce fichier est vide : choisissez un PDF.")},
    )
    # Typed with spaces, so longer than the 14 digits stored.
    siret = forms.CharField(
        label=_("N° de SIRET de la collectivité"),
        max_length=30,
        help_text=_("14 chiffres, espaces acceptés, par exemple 732 829 320 00074."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Proposal
        fields = [*SUBMITTED_FIELDS, "attachment", *COMMITMENT_FIELDS]
        labels = {
            "collectivite_nom": _("Nom de la collectivité"),
            "siret": _("N° de SIRET de la collectivité"),
            "collectivite_adresse": _("Adresse complète de la collectivité"),
            "locaux_adresse": _("Adresse des locaux dans lesquels sera accueillie l'équipe"),
            "rh_contact": _("Contact RH pour la transmission de la convention"),
            "rh_courriel": _("Courriel du contact RH"),
            "dgs_nom": _("Nom"),
            "dgs_prenom": _("Prénom"),
            "dgs_courriel": _("Courriel"),
            "dgs_telephone": _("Téléphone"),
            "tuteur_nom": _("Nom"),
            "tuteur_prenom": _("Prénom"),
            "tuteur_fonction": _("Fonction"),
            "tuteur_courriel": _("Courriel"),
            "tuteur_telephone": _("Téléphone"),
            "intitule": _("Intitulé du projet collectif"),
            "contexte": _("Contexte et raisons d'émergence de la mission"),
            "enjeux": _("Enjeux stratégiques pour la collectivité"),
            "objectifs": _("Objectifs opérationnels et résultats attendus"),
            "valeur_ajoutee": _("Valeur ajoutée, pour la mission, d'une approche transversale, en inter-filières"),
            "aspects_pratiques": _("Aspects pratiques et logistiques"),
        }
        help_texts = {
            "siret": _("14 chiffres, espaces acceptés, par exemple 732 829 320 00074."),
            "rh_contact": _("Prénom, nom et fonction de la personne qui recevra la convention."),
            "rh_courriel": _("Impératif : la convention de stage est envoyée à cette adresse."),
            "dgs_courriel": EMAIL_HINT,
            "dgs_telephone": PHONE_HINT,
            "tuteur_courriel": EMAIL_HINT,
            "tuteur_telephone": PHONE_HINT,
            "aspects_pratiques": _("Bureaux, équipement, accès, hébergement, premiers rendez-vous prévus…"),
        }
        widgets = {
            "collectivite_nom": forms.TextInput(attrs={"autocomplete": "organization"}),
            "siret": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "20"}),
            "collectivite_adresse": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "locaux_adresse": forms.Textarea(attrs={"rows": 3}),
            "rh_courriel": forms.EmailInput(attrs={"autocomplete": "email"}),
            "dgs_courriel": forms.EmailInput(),
            "dgs_telephone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "tuteur_courriel": forms.EmailInput(),
            "tuteur_telephone": forms.TextInput(attrs={"type": "tel"}),
            "contexte": _textarea(LONG_TEXT_MAX),
            "enjeux": _textarea(LONG_TEXT_MAX),
            "objectifs": _textarea(LONG_TEXT_MAX),
            "valeur_ajoutee": _textarea(LONG_TEXT_MAX),
            "aspects_pratiques": _textarea(PRACTICAL_TEXT_MAX, rows=4),
        }

    def __init__(self, *args, stage_page, periods, privacy_url="/donnees-personnelles/", **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_attachment = self.instance.attachment.name if self.instance.pk else ""
        self.stage_page = stage_page
        self.stage_type = stage_page.stage_type
        self.periods = {period.pk: period for period in periods}
        self.is_projet_collectif = self.stage_type == "projet_collectif"
        layout = PROJET_COLLECTIF_SECTIONS if self.is_projet_collectif else STAGE_SECTIONS
        kept = {name for section in layout for name in section.names} | {HONEYPOT_FIELD}
        for name in [name for name in self.fields if name not in kept]:
            del self.fields[name]
        self._configure_fields(privacy_url)
        self.sections = self._bind_sections(layout)

    # ------------------------------------------------------------------ set-up
    def _configure_fields(self, privacy_url):
        fields = self.fields
        contribution = self.stage_page.contribution
        if self.is_projet_collectif:
            for name in PROJET_COLLECTIF_REQUIRED:
                fields[name].required = True
            fields["portage_direction_generale"].label = _(
                "Je confirme que le projet est porté par le directeur général des services ou un directeur général adjoint."
            )
        else:
            fields["intitule"].label = _("Intitulé de la mission proposée")
            fields["contexte"].label = _("Description de la mission et de son contexte")
            fields["objectifs"].label = _("Objectifs et résultats attendus")
            fields["periode"].choices = [(pk, period_label(period)) for pk, period in self.periods.items()]
            if self.instance.pk and self.instance.period_id in self.periods:
                self.initial.setdefault("periode", self.instance.period_id)
            elif len(self.periods) == 1:
                self.initial.setdefault("periode", next(iter(self.periods)))
        if contribution:
            fields["contribution_acceptee"].label = _(
                "La collectivité s'engage à verser la participation forfaitaire de %(amount)s €."
            ) % {"amount": thousands(contribution)}
        elif "contribution_acceptee" in fields:
            del fields["contribution_acceptee"]
        fields["consentement"].label = _(
            "J'accepte que les données personnelles saisies soient traitées par l'INET pour instruire cette proposition."
        )
        fields["consentement"].help_text = format_html(
            _("En savoir plus : page {}."), format_html('<a href="{}">Données personnelles</a>', privacy_url)
        )
        self.privacy_url = privacy_url
        required_messages = {
            "portage_direction_generale": _("Le projet doit être porté par le DGS ou un DGA : cochez cette case."),
            "contribution_acceptee": _("Cochez cette case pour accepter la participation forfaitaire."),
            "consentement": _("Cochez cette case pour que l'INET puisse traiter votre proposition."),
            "periode": _("Choisissez le cadre d'emplois et la période souhaités."),
        }
        for name, field in fields.items():
            if isinstance(field.widget, forms.CheckboxInput) and name != HONEYPOT_FIELD:
                field.required = True
            if field.required:
                field.error_messages["required"] = required_messages.get(name, _("Ce champ est obligatoire."))
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = _(
                    "Saisissez une adresse électronique valide, par exemple prenom.nom@ville.fr."
                )
            if getattr(field, "max_length", None) and name != "siret":
                field.error_messages["max_length"] = _(
                    "Ce texte est trop long : %(limit_value)d caractères au plus (vous en avez saisi %(show_value)d)."
                )
            if isinstance(field.widget, forms.Textarea):
                # The counter warns; the server refuses. A maxlength would silently cut a pasted text.
                field.widget.attrs.pop("maxlength", None)
        # The honeypot: hidden from everyone, filled only by robots.
        fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for field in fields.values():
            if isinstance(field.widget, forms.Textarea) and field.widget.attrs.get("data-counter"):
                limit = int(field.widget.attrs["data-counter"])
                limit_text = _("%(limit)s caractères au plus.") % {"limit": thousands(limit)}
                field.help_text = f"{field.help_text} {limit_text}" if field.help_text else limit_text

    def _bind_sections(self, layout):
        sections = []
        for template in layout:
            section = Section(template.key, template.legend, template.names, template.hint)
            section.fields = [self[name] for name in section.names if name in self.fields]
            if section.fields:
                sections.append(section)
        return sections

    # ------------------------------------------------------------- validation
    def clean_siret(self):
        return normalise_siret(self.cleaned_data.get("siret", ""))

    def clean_attachment(self):
        value = self.cleaned_data.get("attachment")
        if value and hasattr(value, "content_type"):  # a new upload, not the stored file
            return validate_pdf(value)
        if self.instance.pk and self.data.get(REMOVE_FIELD):
            return False  # removed from the personal link
        return value

    def _clean_phone(self, name):
        value = self.cleaned_data.get(name, "")
        return normalise_phone(value) if value else value

    def clean_dgs_telephone(self):
        return self._clean_phone("dgs_telephone")

    def clean_tuteur_telephone(self):
        return self._clean_phone("tuteur_telephone")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise ValidationError(
                _("Votre envoi n'a pas pu être enregistré. Si vous êtes une personne, écrivez à stages.inet@cnfpt.fr.")
            )
        return cleaned

    @property
    def chosen_period(self):
        if self.is_projet_collectif:
            return next(iter(self.periods.values()), None)
        return self.periods.get(self.cleaned_data.get("periode"))

    def error_list(self):
        """(field id, label, message) for the error summary, in the order of the form."""
        items = []
        for error in self.non_field_errors():
            items.append(("", "", error))
        for section in self.sections:
            for bound in section.fields:
                for error in bound.errors:
                    anchor = bound.auto_id if not bound.is_radio else f"{bound.auto_id}_0"
                    # A checkbox's label is a whole sentence: its section names it well enough.
                    label = section.legend if bound.is_checkbox else f"{section.legend} – {bound.label}"
                    items.append((anchor, label, error))
        return items

    def save(self, commit=True):
        proposal = super().save(commit=False)
        period = self.chosen_period
        proposal.stage_page = self.stage_page
        proposal.stage_type = self.stage_type
        if period is not None:
            proposal.period = period
            proposal.schooling_year = period.schooling_year
            proposal.offer_deadline = period.offer_deadline
            proposal.cadre = "" if self.is_projet_collectif else period.cadre
        if commit:
            replaced = self.stored_attachment
            if replaced and replaced != proposal.attachment.name:
                delete_file_after_commit(replaced)
            if proposal.pk:
                proposal.save()
                proposal.flag_several_from_siret()
            else:
                proposal.save_new()
        return proposal


def period_label(period):
    label = _("%(cadre)s : du %(start)s au %(end)s (offres jusqu'au %(deadline)s)") % {
        "cadre": period.get_cadre_display(),
        "start": long_date(period.start_date),
        "end": long_date(period.end_date),
        "deadline": long_date(period.offer_deadline),
    }
    if period.precision:
        label = f"{label}, {period.precision}"
    return label
