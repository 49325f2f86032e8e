# Fixture for rules/python/azure-functions.yaml: worker extensions, which the Python 3.13+ runtime no longer loads.
import azure.functions as func
# ruleid: py-azure-functions-worker-extension
from azure.functions import AppExtensionBase
# ruleid: py-azure-functions-opencensus-extension
from opencensus.extension.azure.functions import OpenCensusExtension
# ok: py-azure-functions-worker-extension
from azure.functions import HttpRequest, HttpResponse

OpenCensusExtension.configure()


class TimerExtension(AppExtensionBase):
    pass


# ruleid: py-azure-functions-worker-extension
class FuncTimer(func.FuncExtensionBase):
    pass


# ok: py-azure-functions-worker-extension
app = func.FunctionApp()

# ok: py-azure-functions-opencensus-extension
from opencensus.ext.azure.log_exporter import AzureLogHandler  # the exporter itself is not a worker extension


def main(req: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")
