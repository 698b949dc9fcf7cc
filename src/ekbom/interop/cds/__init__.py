"""CDS Hooks 2.0: ekbom's services for EHRs (patient-view cards, the supplement order check)."""
