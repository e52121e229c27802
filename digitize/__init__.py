"""digitize: scanned administrative dossiers to validated, searchable records."""
__version__ = "0.1.0"
