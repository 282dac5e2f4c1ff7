"""Cocrea's domain: workshops, roles, phases, permissions, the problem tree.
Standard library and networkx only; no I/O."""
