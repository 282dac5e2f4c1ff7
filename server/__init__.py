"""Cocrea's edge: the Starlette app, WebSocket sync, auth and storage."""
