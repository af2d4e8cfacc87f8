"""GTA report builder: regenerates WeProtect Global Alliance's Global Threat Assessment from data."""

__version__ = "0.1.0"
