"""Middleware of the practice core."""

from pghistory.middleware import HistoryMiddleware

from physio.access_log import client_address


class TrailMiddleware(HistoryMiddleware):
    """pghistory's request context (user, URL) plus the address the request came from."""

    def get_context(self, request):
        return {**super().get_context(request), "ip": client_address(request)}
