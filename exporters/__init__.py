"""Plan documents from domain objects (issue 5)."""
