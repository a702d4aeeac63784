"""The catalogue's pages (`manage`) and the live steps' endpoints (`live`)."""
