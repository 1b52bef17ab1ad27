"""Security seen from a real browser with the Content Security Policy enforced (no CSP bypass here).

- public pages run under the strict policy with no violation and their own script still runs;
- an editor logs in to the Wagtail admin and opens the page editor: no violation under the admin policy;
- five wrong passwords lock the account with the French page; another editor still logs in.
"""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, submit_admin_login
from tests.factories import StandardPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def strict_page(browser, live_server):
    """A page that obeys the site's CSP headers and records every violation and console message."""
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", timezone_id="Europe/Paris")
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.base_url = live_server.url
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    yield page
    context.close()


def csp_problems(page):
    violations = page.evaluate("window.__cspViolations")
    console = [text for text in page.console_messages if "Content Security Policy" in text]
    return violations + console


@pytest.fixture
def editors(db):
    user_model = get_user_model()
    redaction = user_model.objects.create_superuser("redaction", "redaction@inet.example.fr", "Bon-mot-de-passe-1")
    autre = user_model.objects.create_superuser("autre", "autre@inet.example.fr", "Autre-mot-de-passe-2")
    return redaction, autre


def test_public_pages_run_under_the_strict_policy_without_violation(strict_page, home_page, axe):
    StandardPageFactory(parent=home_page, title="Les stages", slug="les-stages")
    for path in ["/", "/les-stages/", "/recherche/?q=stage"]:
        response = strict_page.goto(strict_page.base_url + path)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        expect(strict_page.locator("html")).to_have_class(re.compile(r"\bjs\b"))  # site.js ran from /static/
        strict_page.get_by_label("Rechercher sur le site").first.fill("projet collectif")
        assert csp_problems(strict_page) == []
        axe(strict_page)


def test_editor_logs_in_and_opens_the_page_editor_without_csp_violation(strict_page, home_page, editors):
    strict_page.goto(strict_page.base_url + "/admin/")
    submit_admin_login(strict_page, "redaction", "Bon-mot-de-passe-1")
    expect(strict_page).to_have_url(re.compile(r"/admin/$"))
    strict_page.goto(strict_page.base_url + f"/admin/pages/{home_page.pk}/edit/")
    expect(strict_page.get_by_label(re.compile("titre d'accroche", re.IGNORECASE))).to_have_value(
        "Accueillir un élève de l'INET"
    )
    strict_page.wait_for_load_state("networkidle")
    assert csp_problems(strict_page) == []
    strict_page.goto(strict_page.base_url + "/admin/pages/")
    strict_page.wait_for_load_state("networkidle")
    assert csp_problems(strict_page) == []


def test_five_wrong_passwords_lock_the_account_then_another_editor_logs_in(strict_page, settings, editors, home_page):
    settings.AXES_ENABLED = True
    strict_page.goto(strict_page.base_url + "/admin/login/")
    for _ in range(4):
        submit_admin_login(strict_page, "redaction", "mauvais-mot-de-passe")
        expect(strict_page.get_by_role("heading", level=1)).not_to_have_text("Connexion temporairement bloquée")
    submit_admin_login(strict_page, "redaction", "mauvais-mot-de-passe")
    expect(strict_page.get_by_role("heading", level=1)).to_have_text("Connexion temporairement bloquée")
    expect(strict_page.get_by_role("alert")).to_contain_text("bloquée pendant 15 minutes")

    strict_page.goto(strict_page.base_url + "/admin/login/")
    submit_admin_login(strict_page, "redaction", "Bon-mot-de-passe-1")
    expect(strict_page.get_by_role("heading", level=1)).to_have_text("Connexion temporairement bloquée")

    strict_page.goto(strict_page.base_url + "/admin/login/")
    submit_admin_login(strict_page, "autre", "Autre-mot-de-passe-2")
    expect(strict_page).to_have_url(re.compile(r"/admin/$"))
    assert csp_problems(strict_page) == []


def test_two_factor_page_offers_a_working_log_out(strict_page, home_page, editors):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=editors[0], name="Téléphone", confirmed=True)
    strict_page.goto(strict_page.base_url + "/admin/login/")
    submit_admin_login(strict_page, "redaction", "Bon-mot-de-passe-1")
    strict_page.get_by_role("button", name="Se déconnecter").click()
    expect(strict_page).to_have_url(re.compile(r"/admin/login/"))


def test_editor_turns_on_two_factor_then_must_type_the_code_at_next_login(strict_page, home_page, editors):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def code_for(device, drift=0):
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"

    strict_page.goto(strict_page.base_url + "/admin/login/")
    submit_admin_login(strict_page, "redaction", "Bon-mot-de-passe-1")
    strict_page.goto(strict_page.base_url + "/admin/account/")
    strict_page.get_by_role("tab", name=re.compile("Actions|Autres", re.IGNORECASE)).click()
    strict_page.get_by_role("link", name="Activer la double authentification").click()
    expect(strict_page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    expect(strict_page.locator("code.otp-key")).to_be_visible()
    device = TOTPDevice.objects.get(user__username="redaction")
    activation_code = code_for(device)
    strict_page.get_by_label("Code à usage unique").fill(activation_code)
    strict_page.get_by_role("button", name="Activer").click()
    expect(strict_page.get_by_text("Double authentification activée")).to_be_visible()

    strict_page.context.clear_cookies()  # a new visit, as the next morning
    strict_page.goto(strict_page.base_url + "/admin/login/")
    submit_admin_login(strict_page, "redaction", "Bon-mot-de-passe-1")
    expect(strict_page.get_by_role("heading", level=1)).to_have_text("Double authentification")
    expect(strict_page.locator("h1")).to_have_count(1)
    strict_page.get_by_label("Code à usage unique").fill("12ab")
    strict_page.get_by_role("button", name="Valider le code").click()
    expect(strict_page.get_by_text("Saisissez les 6 chiffres du code")).to_be_visible()
    # A code is good once: the one used to activate is refused, the application's next one is accepted.
    # The next one is computed from the last accepted time step, so a 30-second boundary between the two
    # logins cannot turn the replayed code into a fresh one.
    strict_page.get_by_label("Code à usage unique").fill(activation_code)
    strict_page.get_by_role("button", name="Valider le code").click()
    expect(strict_page.get_by_text("Code incorrect ou expiré")).to_be_visible()
    device.refresh_from_db()
    current_step = int((time.time() - device.t0) // device.step)
    next_step = max(device.last_t + 1, current_step)
    strict_page.get_by_label("Code à usage unique").fill(code_for(device, drift=next_step - current_step))
    strict_page.get_by_role("button", name="Valider le code").click()
    expect(strict_page.get_by_text("Trop de codes erronés")).to_be_visible()  # one second of wait after a wrong code
    strict_page.wait_for_timeout(1_500)
    strict_page.get_by_role("button", name="Valider le code").click()
    expect(strict_page).to_have_url(re.compile(r"/admin/$"))
    assert csp_problems(strict_page) == []
