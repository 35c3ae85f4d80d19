"""HTML views of the hotline: `public` (report, track, photos, merchant's tickets) and `official` (queue, stats)."""
