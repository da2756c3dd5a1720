"""Services: use cases that combine the domain core with the store (no Flask here)."""
