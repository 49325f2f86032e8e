"""Lambda entry point: receives payment-provider webhooks."""
import cgi
import json
import logging

from app import receipts, settings
from app.models import Payment

logger = logging.getLogger(__name__)


def lambda_handler(event, context):
    content_type, params = cgi.parse_header(event["headers"].get("content-type", ""))
    if content_type != "application/json":
        return {"statusCode": 415, "body": "expected JSON"}
    payload = json.loads(event["body"])
    payment = Payment.from_webhook(payload, currency=params.get("charset", "utf-8"))
    receipt = receipts.render(payment, settings.load())
    logger.info("stored payment %s", payment.id)
    return {"statusCode": 200, "body": json.dumps({"receipt": receipt})}
