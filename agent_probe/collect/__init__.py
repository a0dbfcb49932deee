"""One collector per area. Kept import-free so ``collect.snapshot`` stays stdlib-only for the core."""
