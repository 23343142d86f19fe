"""The territory pages: the list with the CMs working each territory, and one territory."""
