"""Payments webhook service."""
