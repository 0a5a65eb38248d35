"""Inviting a person: one admin form (name, e-mail, role) makes a staff account in the role's
group and e-mails a link where the person chooses a password; the link works once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.admin_forms import form_fields
from tests.html_inspection import find_all
from tests.workflow_fixtures import admin_messages, client_for, member, page_text

pytestmark = pytest.mark.django_db

INVITE_URL = "/admin/accounts/user/add/"
LINK = re.compile(r"http://testserver(/admin/password/[^/\s]+/[^/\s]+/)")


def invite(client, name="Carl Contributor", email="Carl@Example.org", role="Contributor"):
    return client.post(INVITE_URL, {"name": name, "email": email, "role": role}, follow=True)


def link_in(message):
    [path] = LINK.findall(message.body)
    return path


def test_the_add_user_page_is_one_form_of_name_email_and_role(admin_client):
    response = admin_client.get(INVITE_URL)

    assert response.status_code == 200
    fields = form_fields(response.content, "invite_form")
    # A browser sends no role until one is chosen.
    assert set(fields) == {"csrfmiddlewaretoken", "name", "email"}
    roles = find_all(response.content, "input", name="role", type="radio")
    assert [radio.get("value") for radio in roles] == ["Contributor", "Editor"]
    text = page_text(response)
    assert "Contributor: writes drafts and submits them for review" in text
    assert "Editor: reviews, schedules and publishes; edits any issue" in text


@pytest.mark.parametrize("role", ["Contributor", "Editor"])
def test_inviting_makes_a_staff_account_in_the_role_without_a_password(admin_client, role):
    response = invite(admin_client, role=role)

    assert response.redirect_chain[-1][0] == reverse("admin:accounts_user_changelist")
    assert admin_messages(response) == [
        "Carl Contributor is invited: a link to choose a password went to carl@example.org."
    ]
    user = get_user_model().objects.get(email="carl@example.org")
    assert user.username == "carl@example.org"
    assert user.display_name == "Carl Contributor"
    assert user.is_staff and user.is_active and not user.is_superuser
    assert [group.name for group in user.groups.all()] == [role]
    assert not user.has_usable_password()


def test_the_invited_person_gets_a_link_to_choose_a_password(admin_client):
    invite(admin_client)

    [message] = mail.outbox
    assert message.to == ["carl@example.org"]
    assert message.subject == "Your account on Digest"
    assert "boss invited you to write for Digest as Contributor." in message.body
    assert "the link works once, for 3 days" in message.body
    assert "with the user name carl@example.org" in message.body
    assert "http://testserver/admin/login/" in message.body


def test_following_the_link_sets_the_password_and_the_person_can_sign_in_and_write(
    admin_client,
):
    invite(admin_client)
    browser = Client()

    page = browser.get(link_in(mail.outbox[0]), follow=True)
    assert "Your user name is carl@example.org." in page_text(page)
    form_url = page.redirect_chain[-1][0]
    done = browser.post(
        form_url,
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
        follow=True,
    )

    assert "Your password is set" in page_text(done)
    assert browser.login(username="carl@example.org", password="a long new passphrase")
    assert browser.get(reverse("admin:digest_issue_add")).status_code == 200


def test_the_link_works_once(admin_client):
    invite(admin_client)
    link = link_in(mail.outbox[0])
    browser = Client()
    form_url = browser.get(link, follow=True).redirect_chain[-1][0]
    browser.post(
        form_url, {"new_password1": "first passphrase!", "new_password2": "first passphrase!"}
    )

    again = Client().get(link, follow=True)

    assert "This link does not work any more" in page_text(again)
    assert "new_password1" not in page_text(again)


def test_an_address_that_already_has_an_account_is_refused(admin_client):
    get_user_model().objects.create_user("carl", "carl@example.org", "pw")

    response = invite(admin_client, email="CARL@example.org")

    assert "Someone with this e-mail address already has an account." in page_text(response)
    assert get_user_model().objects.filter(email__iexact="carl@example.org").count() == 1
    assert mail.outbox == []


def test_name_email_and_role_are_required(admin_client):
    response = admin_client.post(
        INVITE_URL, {"name": "", "email": "not-an-address", "role": "Boss"}
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "This field is required." in text
    assert "Enter a valid email address." in text
    assert "Select a valid choice. Boss is not one of the available choices." in text
    assert get_user_model().objects.count() == 1  # the superuser


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_people_who_may_not_add_users_cannot_invite(role):
    client = client_for(member(role))

    assert client.get(INVITE_URL).status_code == 403
    assert invite(client).status_code == 403
    assert not get_user_model().objects.filter(email="carl@example.org").exists()


def test_when_the_email_cannot_be_sent_the_account_is_kept_and_the_admin_says_so(
    admin_client, settings
):
    settings.EMAIL_BACKEND = "tests.test_what_waits.UnreachableMailServer"

    response = invite(admin_client)

    assert admin_messages(response) == [
        "The account of Carl Contributor is ready, but the e-mail could not be sent: try "
        "“Send a new set-password link” later."
    ]
    assert get_user_model().objects.filter(email="carl@example.org").exists()


def test_a_new_link_can_be_sent_to_people_who_have_not_chosen_a_password(admin_client):
    invite(admin_client)
    invited = get_user_model().objects.get(email="carl@example.org")
    settled = member("editor", username="erika")
    mail.outbox.clear()

    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_new_invitation", "_selected_action": [invited.pk, settled.pk]},
        follow=True,
    )

    assert admin_messages(response) == [
        "A set-password link went to 1 person who has not chosen a password yet."
    ]
    [message] = mail.outbox
    assert message.to == ["carl@example.org"]


def test_the_user_list_shows_each_persons_role(admin_client):
    member("editor", username="erika")

    response = admin_client.get(reverse("admin:accounts_user_changelist"))

    rows = [" ".join(row.split()) for row in re.findall(r"<tr.*?</tr>", page_text(response), re.S)]
    assert any("erika" in row and "Editor" in row for row in rows)
