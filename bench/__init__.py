"""The benchmark: the product served as in production, driven over loopback by wrk."""
