"""Services between the web/CLI edges and the pure core: load rules and clauses, call the core."""
