"""Evidence files (PDF, images, office documents): size-limited, typed by their bytes, kept by sha256 outside
anything served, every attachment audited, read back only by people allowed to see what they belong to."""

from khlang.evidence.store import (
    EvidenceFile,
    EvidenceRefused,
    evidence_for,
    max_bytes,
    open_evidence,
    record_evidence,
    store_evidence,
)

__all__ = ["EvidenceFile", "EvidenceRefused", "evidence_for", "max_bytes", "open_evidence", "record_evidence",
           "store_evidence"]
