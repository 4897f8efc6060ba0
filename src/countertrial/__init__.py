"""countertrial: a workbench for commissions of inquiry.

It reads a corpus of testimonies, records and scholarship, extracts dated claims about who was where
and who met whom (with the speaker and the exact passage), and finds the contradictions and the
independent corroborations among them. Every finding cites the passages it rests on.

Stages (one sub-package each): ``ingest`` -> ``extract`` -> ``resolve`` -> ``reason`` -> ``present``,
all reading from and writing to ``store``.
"""

__version__ = "0.1.0"
