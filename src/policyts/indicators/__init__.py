"""policyts.indicators"""
