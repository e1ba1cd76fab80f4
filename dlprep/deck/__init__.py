"""Question decks: the schema, guarded loading of shipped and user decks, and generated numeric families."""
