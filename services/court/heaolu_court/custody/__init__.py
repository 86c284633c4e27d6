"""Custody-restriction applications after a separation (LasteKS §33, TsMS §563²) and rulings."""
