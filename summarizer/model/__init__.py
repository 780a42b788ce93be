"""Talking to a model: the client (modes, retries, re-asks), the answer store, prompts, the local server."""
