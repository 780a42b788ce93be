"""Hostile and broken inputs: injected instructions, damaged caches, failing endpoints, inward fetches, fuzz."""
