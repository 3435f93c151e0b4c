"""Sending an invitation through the Team page and reading its link from the e-mail, as the
invitee would."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from reinstate_web.accounts.models import Organisation

LINK = re.compile(r"https?://[^\s/]+(/invitations/[A-Za-z0-9_-]+/)")


def invite(
    client: Client,
    organisation: Organisation,
    email: str,
    role: str = "specialist",
    language: str = "en",
) -> str:
    """Invite ``email`` as the signed-in owner reading ``language``; the path of the link in
    the e-mail it got."""
    before = len(mail.outbox)
    response = client.post(
        reverse("accounts:team_invite", kwargs={"pk": organisation.pk}),
        {"email": email, "role": role},
        headers={"accept-language": language},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == before + 1
    message = mail.outbox[-1]
    assert message.to == [email.lower()]
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


def flash(client: Client) -> str:
    """The text of the messages on the next page the client opens (the Team page)."""
    html = client.get(reverse("accounts:team")).content.decode()
    return " ".join(re.findall(r'<li class="message[^"]*">(.*?)</li>', html, flags=re.S))
