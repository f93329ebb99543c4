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
