import unittest
from decimal import Decimal

from app.models import Payment


class PaymentTest(unittest.TestCase):
    def test_from_webhook(self):
        payment = Payment.from_webhook({"id": "p1", "amount": "9.99"}, currency="EUR")
        self.assertEquals(payment.amount, Decimal("9.99"))
        self.assertEqual(payment.currency, "EUR")


def suite():
    return unittest.makeSuite(PaymentTest)


if __name__ == "__main__":
    unittest.main()
