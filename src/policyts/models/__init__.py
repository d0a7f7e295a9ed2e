"""policyts.models"""
