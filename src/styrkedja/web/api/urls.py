"""The read-only JSON API (issue: web). Placeholder until the API module lands."""

urlpatterns: list = []
