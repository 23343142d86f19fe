"""The organisation pages: the branch list and a unit with its CM and territory counts."""
