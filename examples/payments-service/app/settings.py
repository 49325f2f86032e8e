"""Settings from settings.ini, with the locale the receipts are printed in."""
import configparser as cp
import locale
import os


def load(path=os.environ.get("PAYMENTS_SETTINGS", "settings.ini")):
    parser = cp.SafeConfigParser()
    with open(path) as handle:
        parser.readfp(handle)
    locale.resetlocale()
    return dict(parser["payments"])
