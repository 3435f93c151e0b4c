"""Words for the mailbox: what each failure means and what to do, per provider where it
differs, and how each provider's password for programs is obtained."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ERRORS: dict[str, Promise] = {
    "wrong_password": _(
        "The mail server refused the user name or password. Check both (the user name is "
        "usually the whole e-mail address), then connect again."
    ),
    "app_password_needed": _(
        "This mailbox does not accept its web password from other programs: it needs an app "
        "password or authorisation code. Create one in the mailbox's web settings and use it "
        "as the password here."
    ),
    "imap_disabled": _(
        "IMAP is turned off for this mailbox. Turn it on in the mailbox's web settings, then "
        "connect again."
    ),
    "unsafe_login": _(
        "The mail server refused the sign-in as unsafe. Turn on IMAP in the mailbox's web "
        "settings and use the authorisation code it gives you as the password."
    ),
    "web_login_needed": _(
        "The provider wants you to sign in once in a web browser first (it saw a new device). "
        "Sign in to your mailbox on its website, confirm it was you, then connect again."
    ),
    "oauth_needed": _(
        "This provider no longer accepts passwords from programs: it needs the sign-in with "
        "Google or Microsoft, which the person who runs Reinstate has not set up yet."
    ),
    "oauth_refused": _(
        "The sign-in with Google or Microsoft has expired or was withdrawn. Sign in again."
    ),
    "unreachable": _(
        "Reinstate could not reach the mail server. Check the server name and the port; the "
        "server or the network may also be down for a while."
    ),
    "timeout": _(
        "The mail server did not answer in time. If SSL is off while the port is 993, turn it "
        "on; otherwise the server is slow or down: Reinstate tries again on its own."
    ),
    "tls": _(
        "The secure (SSL/TLS) connection to the mail server failed. Port 993 needs SSL on; port "
        "143 needs it off. The server's certificate may also not be trusted."
    ),
    "folder_missing": _(
        "This folder does not exist in the mailbox. Use INBOX, or the exact name of the folder "
        "where Amazon's mail arrives."
    ),
    "server_error": _("The mail server answered with an error. Reinstate tries again on its own."),
    "protocol": _(
        "The mail server sent an answer Reinstate cannot read. Reinstate tries again on its own."
    ),
    "secret_unreadable": _(
        "The stored password can no longer be read (the encryption key changed). Connect the "
        "mailbox again."
    ),
    "unexpected": _("The check stopped on an unexpected error. Reinstate tries again on its own."),
}

# What to do, where a provider's own steps differ from the general sentence above.
PROVIDER_HINTS: dict[tuple[str, str], Promise] = {
    ("qq", "app_password_needed"): _(
        "QQ Mail needs its authorisation code (授权码), not your QQ password: in QQ Mail open "
        "Settings → Account → POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV service, turn on "
        "“IMAP/SMTP service”, then generate an authorisation code and paste it here."
    ),
    ("qq", "wrong_password"): _(
        "For QQ Mail, the password here is the authorisation code (授权码) from Settings → "
        "Account, not your QQ password; IMAP must also be turned on there."
    ),
    ("qq", "imap_disabled"): _(
        "In QQ Mail open Settings → Account and turn on “IMAP/SMTP service”, then generate an "
        "authorisation code and paste it here as the password."
    ),
    ("netease163", "app_password_needed"): _(
        "163 Mail needs its authorisation code (客户端授权密码), not your web password: in 163 "
        "Mail open Settings → POP3/SMTP/IMAP, turn on “IMAP/SMTP service” and add an "
        "authorisation code."
    ),
    ("netease163", "wrong_password"): _(
        "For 163 Mail, the password here is the authorisation code from Settings → "
        "POP3/SMTP/IMAP, not your web password; IMAP must also be turned on there."
    ),
    ("netease163", "imap_disabled"): _(
        "In 163 Mail open Settings → POP3/SMTP/IMAP, turn on “IMAP/SMTP service” and add an "
        "authorisation code; paste it here as the password."
    ),
    ("gmail", "app_password_needed"): _(
        "Gmail needs an app password: turn on 2-Step Verification for the Google account, "
        "create an app password at myaccount.google.com/apppasswords and paste its 16 letters "
        "here, or use “Sign in with Google”."
    ),
    ("gmail", "imap_disabled"): _(
        "In Gmail open Settings → See all settings → Forwarding and POP/IMAP and enable IMAP."
    ),
    ("outlook", "wrong_password"): _(
        "Outlook.com and Hotmail no longer accept passwords from other programs (since "
        "September 2024): use “Sign in with Microsoft”."
    ),
    ("outlook", "app_password_needed"): _(
        "Outlook.com and Hotmail no longer accept passwords from other programs (since "
        "September 2024): use “Sign in with Microsoft”."
    ),
}

# What goes in the password field, per provider (shown beside the form).
PASSWORD_HELP: dict[str, Promise] = {
    "qq": _(
        "QQ Mail: the authorisation code (授权码). In QQ Mail: Settings → Account → turn on "
        "“IMAP/SMTP service” → generate an authorisation code."
    ),
    "netease163": _(
        "163 Mail: the authorisation code (客户端授权密码). In 163 Mail: Settings → "
        "POP3/SMTP/IMAP → turn on “IMAP/SMTP service” → add an authorisation code."
    ),
    "gmail": _(
        "Gmail: an app password (with 2-Step Verification on: myaccount.google.com/apppasswords), "
        "or “Sign in with Google” when it is offered below."
    ),
    "outlook": _(
        "Outlook.com and Hotmail accept only “Sign in with Microsoft”; a password does not work "
        "for other programs any more."
    ),
    "other": _("Your mail server's IMAP password (ask whoever runs it if unsure)."),
}

MATCH_RULES: dict[str, Promise] = {
    "thread": _("a reply in the case's e-mail thread"),
    "asin": _("it names the case's ASIN"),
    "merchant_token": _("it names the seller account's merchant token"),
    "subject": _("the same subject as the case's notice"),
    "only_waiting": _("the only case waiting for Amazon's answer"),
    "new_case": _("a new notice: a new case was opened"),
    "unmatched": _("it fits no case: a new case was opened; move it if it belongs elsewhere"),
    "already_on_case": _("it was already on the case"),
    "not_attached": _("not about an enforcement: not added to a case"),
}


def error_message(code: str, provider: str = "") -> str:
    """One line in the user's language for a mailbox error code (with the provider's own
    steps where they differ)."""
    hint = PROVIDER_HINTS.get((provider, code))
    base = ERRORS.get(code, ERRORS["unexpected"])
    return f"{base!s} {hint!s}" if hint is not None else str(base)


def match_rule(code: str) -> str:
    return str(MATCH_RULES.get(code, ""))
