"""Load benchmark of the live workshop: `python -m bench` (see bench/README.md)."""
