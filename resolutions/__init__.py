"""Drafting and negotiating United Nations resolutions."""
