"""The sentences that say why: portfolio reasons and what-if lines, in the user's language."""
