"""Yjs sync over WebSocket: protocol, rooms, room manager, endpoint."""
