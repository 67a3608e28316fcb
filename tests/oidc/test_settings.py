"""Sign-in settings and the claims-to-person mapping (no provider needed)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.auth.oidc import OidcProvider, SignInRefused, require_https
from app.config import Settings
from app.oidc_config import ProviderConfig

BASE = {
    "CASEMAP_OIDC_ISSUER": "https://login.example.gov.uk/tenant/v2.0",
    "CASEMAP_OIDC_CLIENT_ID": "casemap",
    "CASEMAP_OIDC_FACILITATOR_VALUES": "6f1c-group-id",
}


def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return Settings()


def test_without_oidc_settings_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(monkeypatch, CASEMAP_HOST="0.0.0.0")
    assert not s.oidc.enabled and s.oidc.all_providers() == []
    with pytest.raises(RuntimeError, match="board creation open to anyone"):
        s.check_safe()


def test_with_a_provider_creation_is_not_open_so_a_public_host_needs_no_create_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = settings(monkeypatch, CASEMAP_HOST="0.0.0.0", **BASE)
    s.check_safe()
    (p,) = s.oidc.all_providers()
    assert (p.key, p.issuer, p.scopes, p.facilitator_claim) == (
        "oidc",
        BASE["CASEMAP_OIDC_ISSUER"],
        ("openid", "profile", "email"),
        "groups",
    )


def test_nobody_made_facilitator_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(monkeypatch, **{**BASE, "CASEMAP_OIDC_FACILITATOR_VALUES": ""})
    with pytest.raises(RuntimeError, match="CASEMAP_OIDC_FACILITATOR_VALUES"):
        s.check_safe()


def test_an_issuer_without_a_client_id_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(monkeypatch, CASEMAP_OIDC_ISSUER="https://idp.example", CASEMAP_OIDC_FACILITATOR_VALUES="x")
    with pytest.raises(RuntimeError, match="CASEMAP_OIDC_CLIENT_ID"):
        s.check_safe()


@pytest.mark.parametrize("algorithms", ["none", "RS256,HS256", "HS512", ""])
def test_unsigned_and_shared_secret_algorithms_cannot_be_allowed(
    monkeypatch: pytest.MonkeyPatch, algorithms: str
) -> None:
    with pytest.raises((ValidationError, RuntimeError)):
        settings(monkeypatch, **BASE, CASEMAP_OIDC_ALGORITHMS=algorithms).check_safe()


def test_several_providers_from_json_and_no_key_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    more = (
        '[{"key": "police", "label": "Northshire Police", "issuer": "https://kc.police.example/realms/staff",'
        ' "client_id": "casemap", "facilitator_values": "*"}]'
    )
    s = settings(monkeypatch, **BASE, CASEMAP_OIDC_PROVIDERS=more)
    assert [p.key for p in s.oidc.all_providers()] == ["oidc", "police"]
    s.check_safe()
    twice = more.replace('"police"', '"oidc"')
    with pytest.raises(RuntimeError, match="used twice"):
        settings(monkeypatch, **BASE, CASEMAP_OIDC_PROVIDERS=twice).check_safe()


def test_tokens_travel_only_over_tls_except_to_this_machine() -> None:
    require_https("https://login.example/token", "token endpoint")
    require_https("http://127.0.0.1:4000/token", "token endpoint")
    with pytest.raises(SignInRefused):
        require_https("http://login.example/token", "token endpoint")


def provider(**config: object) -> OidcProvider:
    base: dict[str, object] = {"issuer": "https://idp.example", "client_id": "casemap", "facilitator_values": ("fac",)}
    return OidcProvider(ProviderConfig.model_validate({**base, **config}))


def test_claims_become_a_person() -> None:
    claims = {
        "iss": "https://idp.example",
        "sub": "abc",
        "given_name": "Jo",
        "family_name": "Bloggs",
        "email": "Jo.Bloggs@Example.gov.uk",
        "email_verified": True,
        "preferred_username": "jbloggs",
        "groups": ["x", "fac"],
        "org": "Northshire Council",
    }
    person = provider(organisation_claim="org").identity(claims)
    assert person.name == "Jo Bloggs" and person.organisation == "Northshire Council"
    assert person.handles == ("jo.bloggs@example.gov.uk", "jbloggs") and person.is_facilitator
    assert person.identity == "jo.bloggs@example.gov.uk (oidc)"
    # An unverified e-mail names nobody; a group as a plain string counts; a fixed organisation.
    other = provider(organisation="Northshire Police").identity({**claims, "email_verified": False, "groups": "fac"})
    assert other.handles == ("jbloggs",) and other.identity == "jbloggs (oidc)"
    assert other.is_facilitator and other.organisation == "Northshire Police"
    assert provider().identity({**claims, "groups": ["x"]}).is_facilitator is False
    assert provider().identity({**claims, "groups": None}).organisation is None
    assert provider(facilitator_values=("*",)).identity({**claims, "groups": None}).is_facilitator is True
    nameless = provider().identity({"iss": "https://idp.example", "sub": "abc"})
    assert (nameless.name, nameless.identity) == ("Staff member", "subject abc (oidc)")
