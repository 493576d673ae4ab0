import pytest
from django.test import RequestFactory, override_settings

from healthcontent.clients import client_address

PROXY = "127.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy: whatever the client writes in the header is ignored.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # One proxy appends the address it saw; entries before it are the client's claim.
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, PROXY, "198.51.100.1, 203.0.113.7,10.0.0.2", "203.0.113.7"),
        # Fewer entries than proxies: the outermost entry there is.
        (2, PROXY, "203.0.113.7", "203.0.113.7"),
        # A request that reached the app without the header: the connection's address.
        (1, "203.0.113.7", None, "203.0.113.7"),
        (1, PROXY, "", PROXY),
        # Not an address (a proxy misconfigured): never recorded, the connection counts.
        (1, PROXY, "198.51.100.1, not-an-address", PROXY),
        (1, PROXY, "203.0.113.7,", PROXY),
        # IPv6 written in one way whatever the proxy's spelling.
        (1, PROXY, "2001:DB8:0::1", "2001:db8::1"),
    ],
)
def test_the_client_is_found_the_configured_number_of_proxies_back(
    proxies, remote, forwarded, expected
):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)

    with override_settings(API_NUM_PROXIES=proxies):
        assert client_address(request) == expected
