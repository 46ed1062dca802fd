"""The window's light and dark themes: colours by meaning, and putting a theme on the app."""
