"""The webhook receiver: verifies, records in the inbox, starts work by deployment name."""
