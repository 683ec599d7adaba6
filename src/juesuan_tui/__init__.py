"""juesuan-tui: an offline terminal explorer for Chinese government final-accounts disclosures."""

__version__ = "0.1.0"
