"""The chain coordinators' dashboard: a web app beside the webhook API (issue 12)."""
