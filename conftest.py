"""The test suite's shared fixtures live in coprod.testing (one plugin, read by every app)."""

pytest_plugins = [
    "coprod.testing.plugin",
    "coprod.testing.browser",
    "coprod.testing.scenarios",
]
