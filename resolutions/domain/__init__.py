"""Pure Python: the resolution model and the rules of its text. No adapters here."""
