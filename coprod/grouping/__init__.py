"""Grouping of close proposals: similarity, clusters and the synthesis draft."""
