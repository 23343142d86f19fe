"""The customer-manager pages: the list and a CM with their profile, reviews and history."""
