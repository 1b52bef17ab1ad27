"""`make run`'s local superuser: created once, printed with the address the site is served on, refused in production."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_dev_superuser_is_created_once_and_its_link_uses_the_served_address():
    out = io.StringIO()
    call_command("create_dev_superuser", "--address", "127.0.0.1:8799", stdout=out)
    call_command("create_dev_superuser", "--address", "127.0.0.1:8799", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    assert "http://127.0.0.1:8799/admin/" in out.getvalue() and "changeme" in out.getvalue()


@override_settings(DEBUG=False)
def test_the_dev_superuser_is_refused_outside_development():
    with pytest.raises(CommandError, match="développement local"):
        call_command("create_dev_superuser")
    assert not get_user_model().objects.filter(username="admin").exists()
