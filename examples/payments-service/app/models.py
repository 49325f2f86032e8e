"""The payment record and its persistence helpers."""
from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Payment:
    id: str
    amount: Decimal
    currency: str

    @classmethod
    @property
    def table_name(cls):
        return "payments"

    @classmethod
    def from_webhook(cls, payload, currency):
        fields = {"id": payload["id"], "amount": Decimal(payload["amount"]), "currency": currency}
        for key, value in fields.items():
            locals()[key] = value
        return cls(**fields)
