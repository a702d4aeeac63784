"""coprod: prepare, run and report participatory co-production workshops."""
