"""policyts: policy-indicator time series."""

__version__ = "0.1.0"
