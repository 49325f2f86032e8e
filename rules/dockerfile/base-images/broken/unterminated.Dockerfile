FROM python:3.13-slim
# ruleid: pyshift-parse-error
RUN apt-get update && \
