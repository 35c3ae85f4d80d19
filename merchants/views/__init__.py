"""HTML views of the merchants app, split by audience (officials, imports, claims, merchants)."""
