"""Admin sign-in protection (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords a client
is locked out, even with the right password, until the cool-off time has passed. Clients are
told apart by their address; behind a trusted reverse proxy that is the forwarded address,
and without one a client cannot pick its own address with a forged X-Forwarded-For.
"""

import ast
import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.processes import clean_environment, manage

pytestmark = pytest.mark.django_db

LOCKED_OUT = "Too many failed sign-ins"
CLIENT_ADDRESS = "198.51.100.10"
OTHER_ADDRESS = "198.51.100.20"
PROXY_ADDRESS = "10.0.0.1"


@pytest.fixture(autouse=True)
def axes_on(settings):
    """The test settings switch the lockout off; these tests switch it on, with no state left
    over from other tests."""
    settings.AXES_ENABLED = True
    reset()
    yield
    reset()


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "right-pw")


def login_url():
    return reverse("admin:login")


def sign_in(client, password, **meta):
    """POST the admin sign-in form as a browser at `meta` (REMOTE_ADDR, headers) would."""
    meta.setdefault("REMOTE_ADDR", CLIENT_ADDRESS)
    return client.post(
        f"{login_url()}?next={reverse('admin:index')}",
        {"username": "boss", "password": password},
        **meta,
    )


def fail(times, **meta):
    """`times` wrong passwords, each from a fresh browser; the responses."""
    return [sign_in(Client(), "wrong-pw", **meta) for _ in range(times)]


def recorded_addresses():
    """The client addresses django-axes counted failures for."""
    return sorted(AccessAttempt.objects.values_list("ip_address", flat=True), key=str)


def is_locked_out(response):
    return response.status_code == 429 and LOCKED_OUT in response.content.decode()


def is_signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_limit_and_cool_off_are_the_documented_defaults():
    assert settings.AXES_FAILURE_LIMIT == settings.LOGIN_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_wrong_passwords_below_the_limit_show_the_form_again(boss):
    for response in fail(settings.LOGIN_FAILURE_LIMIT - 1):
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()

    assert is_signed_in(sign_in(Client(), "right-pw"))


def test_after_the_limit_even_the_right_password_is_refused(boss):
    fail(settings.LOGIN_FAILURE_LIMIT)

    response = sign_in(Client(), "right-pw")

    assert is_locked_out(response), (response.status_code, response.content[:300])
    assert recorded_addresses() == [CLIENT_ADDRESS]


def test_the_lockout_shows_the_locked_out_page_not_the_form(boss):
    fail(settings.LOGIN_FAILURE_LIMIT)

    html = sign_in(Client(), "right-pw").content.decode()

    assert f"<h1>{LOCKED_OUT}</h1>" in html
    assert 'name="password"' not in html


def test_another_client_address_is_not_locked_out(boss):
    fail(settings.LOGIN_FAILURE_LIMIT)

    assert is_signed_in(sign_in(Client(), "right-pw", REMOTE_ADDR=OTHER_ADDRESS))


def test_the_right_password_works_again_after_the_cool_off_time(boss):
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        fail(settings.LOGIN_FAILURE_LIMIT)
        assert is_locked_out(sign_in(Client(), "right-pw"))

    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, 10, tzinfo=datetime.UTC)):
        assert is_locked_out(sign_in(Client(), "right-pw")), "still cooling off after 10 min"

    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, 26, tzinfo=datetime.UTC)):
        assert is_signed_in(sign_in(Client(), "right-pw"))


def test_the_cool_off_time_ends_16_minutes_after_the_last_failure(boss):
    start = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        fail(settings.LOGIN_FAILURE_LIMIT)

    with time_machine.travel(start + datetime.timedelta(minutes=16)):
        assert is_signed_in(sign_in(Client(), "right-pw"))


def test_a_successful_sign_in_resets_the_failure_count(boss):
    fail(settings.LOGIN_FAILURE_LIMIT - 1)
    assert is_signed_in(sign_in(Client(), "right-pw"))

    fail(settings.LOGIN_FAILURE_LIMIT - 1)

    assert is_signed_in(sign_in(Client(), "right-pw"))


# --- Behind a reverse proxy ------------------------------------------------------------------


DEV = "config.settings.dev"


@pytest.fixture
def behind_one_proxy(settings):
    """The client-address settings exactly as the settings module makes them with
    DJANGO_PROXY_COUNT=1 (read in a fresh process)."""
    script = (
        "from django.conf import settings as s; "
        "print(repr((s.AXES_IPWARE_PROXY_COUNT, s.AXES_IPWARE_META_PRECEDENCE_ORDER)))"
    )
    output = manage(
        "shell",
        "-c",
        script,
        env=clean_environment(DJANGO_PROXY_COUNT="1", DJANGO_SETTINGS_MODULE="config.settings.dev"),
    ).stdout
    count, order = ast.literal_eval(output.strip().splitlines()[-1])
    settings.AXES_IPWARE_PROXY_COUNT = count
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = order


def through_proxy(forwarded_for):
    return {"REMOTE_ADDR": PROXY_ADDRESS, "HTTP_X_FORWARDED_FOR": forwarded_for}


def test_behind_a_proxy_the_forwarded_client_is_locked_out(boss, behind_one_proxy):
    fail(settings.LOGIN_FAILURE_LIMIT, **through_proxy("203.0.113.7"))

    assert is_locked_out(sign_in(Client(), "right-pw", **through_proxy("203.0.113.7")))
    assert recorded_addresses() == ["203.0.113.7"]


def test_behind_a_proxy_other_clients_of_the_same_proxy_are_not_locked_out(boss, behind_one_proxy):
    fail(settings.LOGIN_FAILURE_LIMIT, **through_proxy("203.0.113.7"))

    response = sign_in(Client(), "right-pw", **through_proxy("203.0.113.8"))

    assert is_signed_in(response), (response.status_code, recorded_addresses())


def test_without_a_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(boss):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(Client(), "wrong-pw", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")

    response = sign_in(Client(), "right-pw", HTTP_X_FORWARDED_FOR="192.0.2.200")

    assert is_locked_out(response)
    assert recorded_addresses() == [CLIENT_ADDRESS]


def test_behind_a_proxy_a_client_cannot_escape_by_prepending_forged_addresses(
    boss, behind_one_proxy
):
    # The proxy appends the address it sees to whatever X-Forwarded-For the client sent.
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(Client(), "wrong-pw", **through_proxy(f"192.0.2.{n + 1}, 203.0.113.7"))

    response = sign_in(Client(), "right-pw", **through_proxy("192.0.2.200, 203.0.113.7"))

    assert is_locked_out(response), (response.status_code, recorded_addresses())
