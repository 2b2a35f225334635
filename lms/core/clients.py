"""The address a request comes from, for rate limits and sign-in throttling alike."""

import ipaddress


def client_address(request, header=""):
    """The client's address: from ``header`` (the META key a trusted proxy sets), else REMOTE_ADDR.

    Only the first entry of the header counts, and anything that is not an address falls back to
    REMOTE_ADDR, so a forged header cannot pick an arbitrary counter.
    """
    candidate = (request.META.get(header, "") if header else "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return request.META.get("REMOTE_ADDR", "")
