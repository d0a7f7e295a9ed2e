"""policyts.datasets"""
