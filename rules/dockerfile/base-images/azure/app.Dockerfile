# Azure Functions' Python images: host version, Python version, variant.
# ruleid: docker-base-image-outdated
FROM mcr.microsoft.com/azure-functions/python:4-python3.11
# ruleid: docker-base-image-outdated
FROM mcr.microsoft.com/azure-functions/python:4-python3.10-appservice
# ok: docker-base-image-outdated, docker-base-image-unpinned
FROM mcr.microsoft.com/azure-functions/python:4-python3.13
