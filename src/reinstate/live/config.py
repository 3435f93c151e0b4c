"""Where and as whom Reinstate talks to the Selling Partner API: values passed in, never read
from the environment (python-amazon-sp-api would otherwise look at ``SP_API_*``/``LWA_*``
variables and config files; the client below switches that off).

>>> account = Connection(Credentials("amzn1.application-oa2-client.abc", "secret", "Atzr|x"), "US")
>>> account.endpoint_url
'https://sellingpartnerapi-na.amazon.com'
>>> account                                      # doctest: +ELLIPSIS
Connection(marketplace='US', endpoint_url='https://sellingpartnerapi-na.amazon.com', ...)
"""

from __future__ import annotations

from dataclasses import dataclass

from reinstate.errors import InputError

# Amazon's three regional SP-API hosts and the Login with Amazon token endpoint (developer docs,
# "SP-API endpoints" and "Connecting to the Selling Partner API"). Written here rather than taken
# from sp_api's Marketplaces enum, whose URLs change with the AWS_ENV environment variable.
REGION_ENDPOINTS: dict[str, str] = {
    "na": "https://sellingpartnerapi-na.amazon.com",
    "eu": "https://sellingpartnerapi-eu.amazon.com",
    "fe": "https://sellingpartnerapi-fe.amazon.com",
}
TOKEN_URL = "https://api.amazon.com/auth/o2/token"  # noqa: S105 - a URL, not a secret
# sp_api names AWS regions; the SP-API host follows from them.
_REGION_OF_AWS = {"us-east-1": "na", "eu-west-1": "eu", "us-west-2": "fe"}


@dataclass(frozen=True, slots=True)
class Credentials:
    """The three values a seller copies from Seller Central's Developer Central (an app's LWA
    client identifier and secret, and the refresh token from authorising the app). Never
    printed: ``repr`` shows only the end of the app id."""

    lwa_app_id: str
    lwa_client_secret: str
    refresh_token: str

    def __repr__(self) -> str:
        return f"Credentials(lwa_app_id='…{self.lwa_app_id[-4:]}', secrets hidden)"

    def as_sp_api(self) -> dict[str, str]:
        """The credentials dict python-amazon-sp-api takes."""
        return {
            "lwa_app_id": self.lwa_app_id,
            "lwa_client_secret": self.lwa_client_secret,
            "refresh_token": self.refresh_token,
        }


@dataclass(frozen=True, slots=True)
class Marketplace:
    """One Amazon marketplace as SP-API knows it."""

    code: str  # the country code Reinstate uses ("US", "UK", "DE" ...)
    marketplace_id: str  # Amazon's id ("ATVPDKIKX0DER")
    region: str  # "na", "eu" or "fe"


def marketplace(code: str) -> Marketplace:
    """The marketplace for a country code (``UK`` and ``GB`` are the same), from
    python-amazon-sp-api's table of marketplace ids.

    >>> marketplace("de").marketplace_id
    'A1PA6795UKMFR9'
    """
    from sp_api.base import Marketplaces

    wanted = code.strip().upper()
    try:
        entry = Marketplaces[wanted]
    except KeyError:
        raise InputError(f"unknown Amazon marketplace {code!r}", code="marketplace") from None
    region = _REGION_OF_AWS.get(str(entry.region))
    if region is None:  # a region python-amazon-sp-api added after this table
        raise InputError(f"no SP-API region known for marketplace {code!r}", code="marketplace")
    return Marketplace(wanted, str(entry.marketplace_id), region)


@dataclass(frozen=True, slots=True)
class Connection:
    """A seller account reachable through SP-API. ``endpoint`` and ``token_url`` replace
    Amazon's hosts (a sandbox, or a local server that plays Amazon in tests); empty means
    Amazon's own for the marketplace's region."""

    credentials: Credentials
    marketplace: str
    endpoint: str = ""
    token_url: str = ""
    timeout: float = 30.0  # seconds for one HTTP request
    # Largest report document kept, after decompression (bigger ones are refused, not cut).
    max_document_bytes: int = 1024 * 1024 * 1024

    def __repr__(self) -> str:
        return (
            f"Connection(marketplace={self.marketplace!r}, endpoint_url={self.endpoint_url!r}, "
            f"token_endpoint={self.token_endpoint!r}, {self.credentials!r})"
        )

    @property
    def market(self) -> Marketplace:
        return marketplace(self.marketplace)

    @property
    def endpoint_url(self) -> str:
        chosen = self.endpoint.strip() or REGION_ENDPOINTS[self.market.region]
        return chosen.rstrip("/")

    @property
    def token_endpoint(self) -> str:
        return self.token_url.strip() or TOKEN_URL
