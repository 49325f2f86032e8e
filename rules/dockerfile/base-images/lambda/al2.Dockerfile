# A Lambda image below 3.12 is Amazon Linux 2 and has yum: the call breaks once FROM moves to the
# target, so it is reported as a warning.
# ruleid: docker-base-image-outdated
FROM public.ecr.aws/lambda/python:3.11
# ruleid: docker-lambda-yum
RUN yum install -y gcc
