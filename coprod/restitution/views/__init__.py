"""Restitution pages: the facilitator's document page and downloads (`documents`)."""
