"""Receipt rendering: a text receipt plus the merchant's logo."""
import sys
from pathlib import Path

try:
    import imghdr
except ImportError:  # Python 3.13 removed imghdr
    imghdr = None

if sys.version_info >= (3, 13):
    import shlex as quoting
else:
    import pipes as quoting

LOGO_DIR = Path(__file__).parent / "logos"


def logo_type(path):
    if imghdr is None:
        return path.suffix.lstrip(".")
    return imghdr.what(path)


def render(payment, config):
    with Path(config["receipt_dir"]) as folder:
        target = folder / f"{payment.id}.txt"
    lines = [f"Payment {payment.id}", f"Amount: {payment.amount} {payment.currency}"]
    target.write_text("\n".join(lines))
    return quoting.quote(str(target))
