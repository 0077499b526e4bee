"""Sign-in through OpenID Connect against a real provider on 127.0.0.1 (oidc-provider-mock):
linking by verified e-mail then by subject, every refusal, tampered state and nonce, logout."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from sqlalchemy import func, select

from app.models import AuditEvent, ExternalIdentity, User, UserSession
from tests.conftest import make_test_app
from tests.support.auth import csrf_token
from tests.support.databases import empty_all_tables
from tests.support.factories import make_user
from tests.support.oidc_provider import Provider

START = "/login/oidc/entra"
SUB = "entra-7f3a"
NATIONAL_ID = "01017012345"
ENGLISH = {"Accept-Language": "en"}
# The provider (a test double built on Authlib's server side) uses Authlib APIs that Authlib has
# deprecated; its thread sees the test's warning filters, where a warning would be an error.
pytestmark = [
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning"),
]


@pytest.fixture(scope="module")
def provider():
    running = Provider()
    yield running
    running.stop()


@pytest.fixture
def app(database_url, tmp_path, provider):
    app = make_test_app(
        database_url,
        tmp_path,
        OIDC_PROVIDERS="entra",
        OIDC_ENTRA_ISSUER=provider.issuer,
        OIDC_ENTRA_CLIENT_ID="tettpaa",
        OIDC_ENTRA_CLIENT_SECRET="not-so-secret",
    )
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        empty_all_tables(engine)
    yield app
    engine.dispose()


@pytest.fixture
def kari(db_session):
    user = make_user(db_session, "kari.nordmann@example.no", "observer")
    db_session.commit()
    return user


def start(client) -> str:
    """Press the provider's button; return the provider's authorisation address."""
    answer = client.get(START)
    assert answer.status_code == 302
    return answer.location


def sign_in(client, provider, sub: str = SUB, **claims):
    """The whole flow: the app, the provider's sign-in as `sub`, back to the app's callback."""
    if claims:
        provider.set_user(sub, **claims)
    return client.get(provider.authorise(start(client), sub), headers=ENGLISH)


def verified(email: str = "Kari.Nordmann@example.no", **more) -> dict:
    # ID-porten-style national identity number: the app must ignore it.
    return {"email": email, "email_verified": True, "pid": NATIONAL_ID, **more}


def signed_in(client) -> bool:
    return client.get("/home/observer").status_code == 200


def identities(db_session) -> list:
    db_session.expire_all()
    return db_session.scalars(select(ExternalIdentity)).all()


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def refusal(answer) -> str:
    page = answer.get_data(as_text=True)
    return page.split('data-refusal="')[1].split('"')[0]


def test_the_login_page_shows_one_button_per_provider_labelled_by_its_name(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'data-provider="entra"' in page and "Microsoft Entra ID" in page
    assert f'href="{START}"' in page


def test_the_flow_uses_pkce_s256_a_state_and_a_nonce(client, provider):
    address = start(client)
    assert address.startswith(f"{provider.issuer}/oauth2/authorize?")
    query = parse_qs(urlsplit(address).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://localhost/login/oidc/entra/callback"]
    assert "openid" in query["scope"][0].split()


def test_first_sign_in_links_an_active_user_by_verified_email(client, db_session, provider, kari):
    answer = sign_in(client, provider, **verified())
    assert answer.status_code == 302 and answer.location == "/"
    assert signed_in(client)
    [identity] = identities(db_session)
    assert (identity.user_id, identity.provider, identity.subject) == (kari.id, "entra", SUB)
    [session_row] = db_session.scalars(select(UserSession)).all()
    assert session_row.provider == "entra" and session_row.user_id == kari.id
    audit = db_session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "external_identity")
    ).all()
    assert {(event.field, event.new_value) for event in audit} >= {("subject", SUB)}


def test_no_national_identity_number_is_stored(client, db_session, provider, kari):
    sign_in(client, provider, **verified())
    assert signed_in(client)
    stored = [row.subject for row in identities(db_session)]
    stored += [e.new_value for e in db_session.scalars(select(AuditEvent)).all()]
    assert not any(NATIONAL_ID in (value or "") for value in stored)


def test_a_later_sign_in_matches_the_subject_even_if_the_email_changed(
    client, app, db_session, provider, kari
):
    sign_in(client, provider, **verified())
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home/observer")})
    assert not signed_in(client)
    # At the provider the person now has another address, and it is not even verified.
    answer = sign_in(client, provider, email="kari@elsewhere.example", email_verified=False)
    assert answer.status_code == 302
    assert signed_in(client)
    assert len(identities(db_session)) == 1


@pytest.mark.parametrize("claims", [{"email_verified": False}, {}], ids=["false", "absent"])
def test_an_unverified_email_is_refused(client, db_session, provider, kari, claims):
    answer = sign_in(client, provider, email=kari.email, **claims)
    assert answer.status_code == 403 and refusal(answer) == "unverified"
    assert not signed_in(client) and identities(db_session) == []


def test_an_unknown_email_gets_a_page_saying_whom_to_ask_and_no_account(
    client, db_session, provider, kari
):
    answer = sign_in(client, provider, **verified("stranger@example.no"))
    assert answer.status_code == 403 and refusal(answer) == "unknown"
    assert "project lead" in answer.get_data(as_text=True)
    assert not signed_in(client)
    assert db_session.scalar(select(func.count()).select_from(User)) == 1
    assert identities(db_session) == []


def test_a_deactivated_user_is_refused_by_email_and_by_subject(client, db_session, provider, kari):
    sign_in(client, provider, **verified())  # linked while active
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home/observer")})
    db_session.get(User, kari.id).active = False
    db_session.commit()
    answer = sign_in(client, provider)
    assert answer.status_code == 403 and refusal(answer) == "deactivated"
    assert not signed_in(client)
    other = sign_in(client, provider, "entra-other", **verified())  # a new subject, by e-mail
    assert other.status_code == 403 and refusal(other) == "deactivated"
    assert len(identities(db_session)) == 1


def test_a_second_account_at_the_same_provider_is_not_linked(client, db_session, provider, kari):
    sign_in(client, provider, **verified())
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home/observer")})
    answer = sign_in(client, provider, "entra-second", **verified())
    assert answer.status_code == 403 and refusal(answer) == "taken"


def test_a_tampered_state_is_refused(client, db_session, provider, kari):
    provider.set_user(SUB, **verified())
    callback = provider.authorise(start(client), SUB)
    answer = client.get(with_query(callback, state="forged-state"), headers=ENGLISH)
    assert answer.status_code == 400 and refusal(answer) == "failed"
    assert not signed_in(client) and identities(db_session) == []


def test_a_tampered_nonce_is_refused(client, db_session, provider, kari):
    provider.set_user(SUB, **verified())
    address = with_query(start(client), nonce="attacker-chosen-nonce")
    answer = client.get(provider.authorise(address, SUB), headers=ENGLISH)
    assert answer.status_code == 400 and refusal(answer) == "failed"
    assert not signed_in(client) and identities(db_session) == []


def test_an_id_token_of_another_flow_is_refused_by_its_nonce(client, db_session, provider, kari):
    provider.set_user(SUB, **verified())
    first = provider.authorise(start(client), SUB)  # an earlier flow's code, never delivered
    second = provider.authorise(start(client), SUB)
    replayed = with_query(first, state=parse_qs(urlsplit(second).query)["state"][0])
    answer = client.get(replayed, headers=ENGLISH)
    assert answer.status_code == 400 and refusal(answer) == "failed"
    assert not signed_in(client) and identities(db_session) == []


def test_a_replayed_callback_is_refused(client, app, provider, kari):
    provider.set_user(SUB, **verified())
    callback = provider.authorise(start(client), SUB)
    assert client.get(callback).status_code == 302
    stranger = app.test_client()  # the same address again, in another browser
    answer = stranger.get(callback, headers=ENGLISH)
    assert answer.status_code == 400 and refusal(answer) == "failed"


def test_an_error_from_the_provider_is_a_clear_page(client, provider):
    start(client)
    answer = client.get(f"{START}/callback?error=access_denied&state=x", headers=ENGLISH)
    assert answer.status_code == 400 and refusal(answer) == "failed"


def test_logout_ends_the_session_and_goes_to_the_providers_end_session(client, provider, kari):
    sign_in(client, provider, **verified())
    answer = client.post("/logout", data={"csrf_token": csrf_token(client, "/home/observer")})
    assert answer.status_code == 302
    assert answer.location.startswith(f"{provider.issuer}/oauth2/end_session?")
    query = parse_qs(urlsplit(answer.location).query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/login"]
    assert query["client_id"] == ["tettpaa"] and query["id_token_hint"][0].count(".") == 2
    assert requests.get(answer.location, timeout=10).status_code == 200
    assert not signed_in(client)


def test_a_local_sign_in_logs_out_locally(client, kari):
    from tests.support.auth import login

    login(client, kari.email)
    answer = client.post("/logout", data={"csrf_token": csrf_token(client, "/home/observer")})
    assert answer.location == "/login"


def test_an_unknown_provider_is_404_and_an_unreachable_one_a_clear_page(
    client, database_url, tmp_path
):
    assert client.get("/login/oidc/feide").status_code == 404
    assert client.get("/login/oidc/feide/callback").status_code == 404
    down = make_test_app(
        database_url,
        tmp_path / "down",
        OIDC_PROVIDERS="feide",
        OIDC_FEIDE_ISSUER="http://127.0.0.1:9",  # the discard port: nobody answers
        OIDC_FEIDE_CLIENT_ID="tettpaa",
        OIDC_FEIDE_CLIENT_SECRET="x",
    )
    answer = down.test_client().get("/login/oidc/feide", headers=ENGLISH)
    assert answer.status_code == 502 and refusal(answer) == "unreachable"
    down.extensions["db_engine"].dispose()


def test_the_routes_are_open_to_anyone_and_a_signed_in_user_goes_home(client, provider, kari):
    assert client.get(START).status_code == 302  # to the provider, without signing in
    sign_in(client, provider, **verified())
    assert client.get(START).location == "/"
