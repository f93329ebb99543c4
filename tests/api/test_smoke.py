import base64
import hashlib
import re

from tests.conftest import PASSWORD, REGISTER, sign_in


async def test_register_login_me(gql):
    data = await gql.ok(
        REGISTER,
        {"input": {"email": "Ann@Example.com", "password": PASSWORD, "firstName": "Ann"}},
    )
    assert data["register"]["user"]["firstName"] == "Ann"
    await sign_in(gql, "ann@example.com")
    me = await gql.ok("{ me { email displayName roles } }")
    assert me["me"] == {"email": "ann@example.com", "displayName": "Ann", "roles": ["GUEST"]}


async def test_graphiql_loads_nothing_from_other_hosts(client):
    """GraphiQL works offline: every script and stylesheet it loads is served from the package."""
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "GraphiQL" in page.text
    loaded = []
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", page.text):
        url = re.search(r'\b(?:src|href)="([^"]+)"', tag)
        if url is None or url.group(1).startswith("data:"):  # an inline script, the inline icon
            continue
        loaded.append(url.group(1))
        assert url.group(1).startswith("/static/graphiql/"), url.group(1)  # not http(s)://, not //cdn
        asset = await client.get(url.group(1))
        assert asset.status_code == 200, url.group(1)
        assert asset.headers["content-type"].split(";")[0] in {"text/javascript", "text/css"}
        integrity = re.search(r'integrity="sha384-([^"]+)"', tag).group(1)  # the bytes are the published ones
        assert base64.b64encode(hashlib.sha384(asset.content).digest()).decode() == integrity
    assert len(loaded) == 6, loaded  # React, ReactDOM, GraphiQL (JS, CSS), its explorer plugin (JS, CSS)
