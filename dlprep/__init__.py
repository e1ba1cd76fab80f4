"""dlprep: drill deep-learning interview concepts and hand-written code katas.

This module holds the version only and imports nothing, so `dlprep --help` stays fast.
"""

__version__ = "0.1.0"
