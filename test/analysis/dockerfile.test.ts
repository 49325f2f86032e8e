// The Dockerfile analyzer, case by case (hadolint style): tag parsing, ARG substitution, multi-stage
// builds, guards, severities, exact columns and bad input. The rule packs' fixtures cover the rest.

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { analyzeFiles, memoryFile } from '../../src/analysis/engine.js';
import { loadRuleset, selectRules } from '../../src/analysis/ruleset.js';
import { ProjectIndex } from '../../src/analysis/project.js';
import { parseTarget } from '../../src/analysis/versions.js';
import { dockerfileAnalyzer, isDockerfilePath } from '../../src/analysis/analyzers/dockerfile.js';
import { parseImage, substituteArgs, type ArgValue } from '../../src/analysis/analyzers/dockerfile-images.js';
import { instructionScript, parseCommands } from '../../src/analysis/analyzers/dockerfile-shell.js';
import type { Finding, RuleSetting } from '../../src/analysis/types.js';

const ruleset = loadRuleset();

async function scan(text: string, opts: { path?: string; target?: string; settings?: Record<string, RuleSetting> } = {}): Promise<Finding[]> {
  const result = await analyzeFiles({
    files: [memoryFile(opts.path ?? 'Dockerfile', text)],
    ruleset,
    target: parseTarget(opts.target ?? '3.13'),
    ...(opts.settings ? { settings: opts.settings } : {}),
  });
  expect(result.errors).toEqual([]);
  return result.findings;
}

const ids = async (text: string, target?: string): Promise<string[]> =>
  (await scan(text, target ? { target } : {})).map((f) => f.rule).sort();

describe('base image tags', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  it.each([
    ['FROM python:3.11-slim', ['docker-base-image-outdated']],
    ['FROM python:3.13-slim', []],
    ['FROM python:3.12', ['docker-base-image-outdated']],
    ['FROM python:3.14.0a1-slim', []],
    ['FROM python:3.9.18-alpine3.18', ['docker-base-image-outdated']],
    ['FROM python:2.7', ['docker-base-image-outdated']],
    ['FROM docker.io/library/python:3.11', ['docker-base-image-outdated']],
    ['FROM library/python:3.11', ['docker-base-image-outdated']],
    ['FROM localhost:5000/python:3.11', ['docker-base-image-outdated']],
    ['FROM registry.example.com:5000/library/python:3.13', []],
    [`FROM python:3.11@${digest}`, ['docker-base-image-outdated']],
    [`FROM python@${digest}`, []],
    [`FROM python:latest@${digest}`, []],
    ['FROM python:3-slim', ['docker-base-image-unpinned']],
    ['FROM python:3', ['docker-base-image-unpinned']],
    ['FROM python:latest', ['docker-base-image-unpinned']],
    ['FROM python:slim', ['docker-base-image-unpinned']],
    ['FROM python', ['docker-base-image-unpinned']],
    ['FROM public.ecr.aws/lambda/python:3.11', ['docker-base-image-outdated']],
    ['FROM public.ecr.aws/lambda/python:3.11.2024.11.22.15', ['docker-base-image-outdated']],
    ['FROM public.ecr.aws/lambda/python:3.13-arm64', []],
    ['FROM public.ecr.aws/lambda/python:3.13.2025.01.10.12-x86_64', []],
    ['FROM amazon/aws-lambda-python:3.12', ['docker-base-image-outdated']],
    ['FROM mcr.microsoft.com/azure-functions/python:4-python3.11', ['docker-base-image-outdated']],
    ['FROM mcr.microsoft.com/azure-functions/python:4-python3.13-appservice', []],
    ['FROM mcr.microsoft.com/azure-functions/python:4', ['docker-base-image-unpinned']],
    ['FROM ghcr.io/acme/python:3.11', []],
    ['FROM node:20', []],
    ['FROM scratch', []],
    ['FROM Python:3.11', []],
  ])('%s -> %j', async (line, expected) => {
    expect(await ids(line)).toEqual(expected);
  });

  it.each([
    ['FROM python:3.11-slim', 'Use `FROM python:3.13-slim`.'],
    ['FROM python:3.11.4-slim-bookworm', 'Use `FROM python:3.13-slim-bookworm`.'],
    ['FROM localhost:5000/python:3.11', 'Use `FROM localhost:5000/python:3.13`.'],
    ['FROM public.ecr.aws/lambda/python:3.11', 'Use `FROM public.ecr.aws/lambda/python:3.13`.'],
    ['FROM public.ecr.aws/lambda/python:3.12.2024.11.22.15-arm64', 'Use `FROM public.ecr.aws/lambda/python:3.13-arm64`.'],
    ['FROM mcr.microsoft.com/azure-functions/python:4-python3.11-appservice', 'Use `FROM mcr.microsoft.com/azure-functions/python:4-python3.13-appservice`.'],
    ['FROM python:3-slim', 'Pin the version the project is moving to: `FROM python:3.13-slim`.'],
    ['FROM python:slim-bookworm', 'Pin the version the project is moving to: `FROM python:3.13-slim-bookworm`.'],
    ['FROM python', 'Pin the version the project is moving to: `FROM python:3.13`.'],
    ['FROM mcr.microsoft.com/azure-functions/python:4', 'Pin the version the project is moving to: `FROM mcr.microsoft.com/azure-functions/python:4-python3.13`.'],
    [`FROM python:3.11@sha256:${'b'.repeat(64)}`, 'Use `FROM python:3.13` and pin the digest of the new image, since the current digest is the old image.'],
  ])('%s: the fix names the image to use', async (line, fix) => {
    expect((await scan(line)).map((f) => f.fix)).toEqual([fix]);
  });

  it.each([
    ['FROM python:3', 'the newest Python 3.x release at build time'],
    ['FROM python:latest', 'the newest stable Python release at build time'],
  ])('%s says what the floating tag means', async (line, meaning) => {
    expect((await scan(line))[0]!.message).toContain(meaning);
  });

  it.each([
    ['3.12', 'FROM python:3.12-slim', []],
    ['3.12', 'FROM python:3.11-slim', ['docker-base-image-outdated']],
    ['3.14', 'FROM python:3.13-slim', ['docker-base-image-outdated']],
  ])('the target comes from the scan (%s): %s -> %j', async (target, line, expected) => {
    expect(await ids(line, target)).toEqual(expected);
  });
});

describe('ARG defaults in FROM', () => {
  it.each([
    ['ARG V=3.11\nFROM python:${V}-slim', ['docker-base-image-outdated']],
    ['ARG V=3.11\nFROM python:$V', ['docker-base-image-outdated']],
    ['ARG V\nFROM python:${V:-3.11}', ['docker-base-image-outdated']],
    ['ARG V=\nFROM python:${V:-3.11}', ['docker-base-image-outdated']],
    ['ARG V=\nFROM python:3.1${V-3}', ['docker-base-image-outdated']],
    ['ARG V=3.13\nFROM python:${V:-3.11}', []],
    ['ARG V\nFROM python:${V}', []],
    ['FROM python:${UNDECLARED:-3.11}', ['docker-base-image-outdated']],
    ['ARG SLIM=1\nFROM python:3.11${SLIM:+-slim}', ['docker-base-image-outdated']],
    ['ARG PY=3.11\nARG IMAGE=python:${PY}\nFROM ${IMAGE} AS base', ['docker-base-image-outdated']],
    ['FROM python:3.13\nARG V=3.11\nFROM python:${V}', []],
    ['ARG V=3.13\nFROM python:3.13\nARG V=3.11\nFROM python:${V}', []],
  ])('%j -> %j', async (text, expected) => {
    expect(await ids(text)).toEqual(expected);
  });

  it('says which ARG to change', async () => {
    const [f] = await scan('ARG PYTHON_VERSION=3.11\nFROM python:${PYTHON_VERSION}-slim');
    expect(f!.fix).toBe('Use `FROM python:3.13-slim` (the image comes from `ARG PYTHON_VERSION` on line 1: change its default).');
    expect(f!.message).toContain('`python:3.11-slim` runs Python 3.11');
  });

  it.each([
    ['${A}', { A: 'x' }, 'x'],
    ['${A:-d}', {}, 'd'],
    ['${A:-d}', { A: '' }, 'd'],
    ['${A-d}', { A: '' }, ''],
    ['${A:+alt}', { A: '1' }, 'alt'],
    ['${A:+alt}', {}, ''],
    ['${A:-${B}}', { B: 'b' }, 'b'],
    ['$A-$B', { A: 'a', B: 'b' }, 'a-b'],
    ['${A}', {}, undefined],
  ])('substituteArgs(%j, %j) = %j', (text, values, expected) => {
    const args = new Map<string, ArgValue>(Object.entries(values).map(([k, v]) => [k, { value: v, line: 1 }]));
    expect(substituteArgs(text, args)).toBe(expected);
  });
});

describe('image references', () => {
  const span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  it.each([
    ['python:3.11-slim', 'python', 'docker.io', 'library/python', '3.11-slim', undefined],
    ['localhost:5000/python:3.11', 'localhost:5000/python', 'localhost:5000', 'python', '3.11', undefined],
    [`localhost:5000/python:3.11@sha256:${'c'.repeat(64)}`, 'localhost:5000/python', 'localhost:5000', 'python', '3.11', `sha256:${'c'.repeat(64)}`],
    [`python@sha256:${'c'.repeat(64)}`, 'python', 'docker.io', 'library/python', undefined, `sha256:${'c'.repeat(64)}`],
    ['public.ecr.aws/lambda/python:3.13-arm64', 'public.ecr.aws/lambda/python', 'public.ecr.aws', 'lambda/python', '3.13-arm64', undefined],
  ])('%s', (text, name, domain, repository, tag, digest) => {
    const image = parseImage(text, span);
    expect(image && { name: image.name, domain: image.domain, repository: image.repository, tag: image.tag, digest: image.digest }).toEqual({ name, domain, repository, tag, digest });
  });

  it.each(['Python:3.11', 'python:', ':3.11'])('%s is not a reference', (text) => {
    expect(parseImage(text, span)).toBeUndefined();
  });
});

describe('multi-stage builds', () => {
  it.each([
    ['FROM public.ecr.aws/lambda/python:3.13 AS base\nFROM base\nRUN yum install -y gcc', ['docker-lambda-yum']],
    ['FROM public.ecr.aws/lambda/python:3.13 AS Base\nFROM base AS final\nRUN yum install -y gcc', ['docker-lambda-yum']],
    ['FROM public.ecr.aws/lambda/python:3.13 AS base\nFROM amazonlinux:2\nRUN yum install -y gcc', []],
    ['FROM amazonlinux:2 AS build\nRUN yum install -y gcc\nFROM public.ecr.aws/lambda/python:3.13\nRUN dnf install -y gcc', []],
    ['FROM python:3.11 AS build\nFROM python:3.13-slim\nCOPY --from=build /a /a', ['docker-base-image-outdated']],
  ])('%j -> %j', async (text, expected) => {
    expect(await ids(text)).toEqual(expected);
  });
});

describe('yum on Lambda images', () => {
  const lambda = 'FROM public.ecr.aws/lambda/python:3.13\n';
  it.each([
    ['RUN yum install -y gcc', ['docker-lambda-yum']],
    ['RUN sudo yum -y install gcc', ['docker-lambda-yum']],
    ['RUN amazon-linux-extras enable postgresql14', ['docker-lambda-yum']],
    ['RUN dnf install -y gcc && dnf clean all', []],
    ['RUN microdnf install -y gcc', []],
    ['RUN if command -v dnf; then dnf install -y gcc; else yum install -y gcc; fi', []],
    ['RUN if [ -x /usr/bin/yum ]; then yum install -y gcc; fi', []],
    ['RUN command -v dnf && dnf install -y gcc || yum install -y gcc', []],
    ['RUN { command -v dnf && dnf install -y gcc; } || yum install -y gcc', []],
    ['RUN yum install -y gcc || dnf install -y gcc', []],
    ['RUN which dnf || yum install -y gcc', []],
    ['RUN yum install -y gcc || true', ['docker-lambda-yum']],
    ['RUN yum install -y gcc && yum clean all', ['docker-lambda-yum']],
    ['RUN yum install -y gcc && \\\n    yum clean all', ['docker-lambda-yum', 'docker-lambda-yum']],
    ['RUN command -v yum && yum install -y gcc', ['docker-lambda-yum']],
    ['RUN dnf install -y gcc; yum clean all || echo skipped', ['docker-lambda-yum']],
    ['RUN echo yum; rpm -q yum', []],
    ['RUN ["yum", "install", "-y", "gcc"]', ['docker-lambda-yum']],
    ['RUN <<EOF\nset -e\nyum install -y gcc\nEOF', ['docker-lambda-yum']],
  ])('%s -> %j', async (run, expected) => {
    expect(await ids(lambda + run)).toEqual(expected);
  });

  it.each([
    ['3.13', 'FROM public.ecr.aws/lambda/python:3.13\nRUN yum install -y gcc', 'error'],
    ['3.12', 'FROM public.ecr.aws/lambda/python:3.12\nRUN yum install -y gcc', 'error'],
    ['3.13', 'FROM public.ecr.aws/lambda/python:3.11\nRUN yum install -y gcc', 'warning'],
    ['3.12', 'FROM public.ecr.aws/lambda/python:3.11\nRUN yum install -y gcc', 'warning'],
  ])('on target %s, %j is a(n) %s', async (target, text, severity) => {
    const findings = (await scan(text, { target })).filter((f) => f.rule === 'docker-lambda-yum');
    expect(findings.map((f) => f.severity)).toEqual([severity]);
  });

  it('a Lambda image below 3.12 says that the upgrade breaks the line', async () => {
    const [f] = (await scan('FROM public.ecr.aws/lambda/python:3.11-arm64\nRUN yum install -y gcc')).filter((x) => x.rule === 'docker-lambda-yum');
    expect(f!.message).toContain('`yum` does not exist on `public.ecr.aws/lambda/python:3.13-arm64`');
    expect(f!.message).toContain('The stage is `public.ecr.aws/lambda/python:3.11-arm64` (Amazon Linux 2), where yum still works');
  });
});

describe('experimental free-threading and JIT switches', () => {
  it.each([
    ['ENV PYTHON_GIL=0', ['docker-free-threading']],
    ['ENV PYTHON_GIL 0', ['docker-free-threading']],
    ['ENV PYTHON_GIL=1', []],
    ['ARG PYTHON_GIL=0', ['docker-free-threading']],
    ['ENV PYTHON_JIT=1', ['docker-jit-enabled']],
    ['ENV PYTHON_JIT=0', []],
    ['RUN PYTHON_GIL=0 python app.py', ['docker-free-threading']],
    ['RUN env PYTHON_JIT=1 python app.py', ['docker-jit-enabled']],
    ['CMD python -X gil=0 app.py', ['docker-free-threading']],
    ['CMD python3.13 -Xgil=0 app.py', ['docker-free-threading']],
    ['CMD python -X gil=1 app.py', []],
    ['CMD ["python3.13t", "-m", "app"]', ['docker-free-threading']],
    ['RUN /usr/local/bin/python3.13t -m pip install -r requirements.txt', ['docker-free-threading']],
    ['RUN uv venv --python 3.13t', ['docker-free-threading']],
    ['RUN ./configure --disable-gil', ['docker-free-threading']],
    ['CMD python -X jit app.py', ['docker-jit-x-option']],
    ['CMD python -X perf_jit app.py', []],
    ['CMD python -X importtime -X jit app.py', ['docker-jit-x-option']],
    ['CMD python app.py -X jit', []],
    ['CMD python -c "print(1)" -X jit', []],
    ['CMD node -X jit', []],
    ['RUN ./configure --enable-experimental-jit', ['docker-jit-enabled']],
    ['ARG GIL=0\nENV PYTHON_GIL=${GIL}', ['docker-free-threading']],
    ['RUN echo PYTHON_GIL=0', []],
  ])('%s -> %j', async (line, expected) => {
    expect(await ids(`FROM python:3.13-slim\n${line}`)).toEqual(expected);
  });

  it.each([
    ['FROM python:3.13-slim', 'warning'],
    ['FROM public.ecr.aws/lambda/python:3.13', 'error'],
    ['FROM amazon/aws-lambda-python:3.13 AS base\nFROM base', 'error'],
  ])('PYTHON_GIL=0 after %j is a(n) %s', async (from, severity) => {
    const [f] = await scan(`${from}\nENV PYTHON_GIL=0`);
    expect(f!.severity).toBe(severity);
  });

  it('keeps a severity the repository chose instead of raising it on Lambda', async () => {
    const [f] = await scan('FROM public.ecr.aws/lambda/python:3.13\nENV PYTHON_JIT=1', { settings: { 'docker-jit-enabled': 'notice' } });
    expect(f!.severity).toBe('notice');
  });

  it.each([['3.12', []], ['3.13', ['docker-free-threading']]])('on target %s the switch is %j', async (target, expected) => {
    expect(await ids('FROM python:3.13-slim\nENV PYTHON_GIL=0', target)).toEqual(expected);
  });
});

describe('Azure Functions settings', () => {
  it.each([
    ['ENV PYTHON_ENABLE_INIT_INDEXING=1', ['docker-azure-init-indexing']],
    ['ENV FUNCTIONS_WORKER_SHARED_MEMORY_DATA_TRANSFER_ENABLED=1', ['docker-azure-shared-memory']],
    ['ARG PYTHON_ISOLATE_WORKER_DEPENDENCIES=1', ['docker-azure-isolate-dependencies']],
    ['ARG PYTHON_ISOLATE_WORKER_DEPENDENCIES', ['docker-azure-isolate-dependencies']],
    ['RUN export PYTHON_ENABLE_WORKER_EXTENSIONS=1', ['docker-azure-worker-extensions']],
    ['RUN PYTHON_ENABLE_INIT_INDEXING=1 func start', ['docker-azure-init-indexing']],
    ['ENV AzureWebJobsScriptRoot=/home/site/wwwroot', []],
    ['RUN echo PYTHON_ENABLE_INIT_INDEXING', []],
  ])('%s -> %j', async (line, expected) => {
    expect(await ids(`FROM mcr.microsoft.com/azure-functions/python:4-python3.13\n${line}`)).toEqual(expected);
  });

  it('applies from target 3.13', async () => {
    expect(await ids('FROM mcr.microsoft.com/azure-functions/python:4-python3.12\nENV PYTHON_ENABLE_INIT_INDEXING=1', '3.12')).toEqual([]);
  });
});

describe('python3-distutils', () => {
  it.each([
    ['FROM debian:trixie-slim', 'RUN apt-get install -y python3-distutils', 'error'],
    ['FROM debian:13', 'RUN apt-get install -y python3-distutils', 'error'],
    ['FROM ubuntu:24.04', 'RUN apt-get install -y python3-distutils', 'error'],
    ['FROM ubuntu:noble', 'RUN apt-get install -y python3-distutils', 'error'],
    ['FROM python:3.13-slim-trixie', 'RUN apt-get install -y python3-distutils', 'error'],
    ['FROM debian:bookworm', 'RUN apt-get install -y python3-distutils', 'warning'],
    ['FROM ubuntu:22.04', 'RUN apt-get install -y python3-distutils:amd64', 'warning'],
    ['FROM ubuntu:22.04', 'RUN apt-get install -y python3.13-distutils', 'warning'],
    ['FROM ubuntu:22.04', 'RUN apt-get install -y python3-distutils-extra', undefined],
    ['FROM ubuntu:24.04', 'RUN apt-get remove -y python3-distutils', undefined],
    ['FROM ubuntu:24.04', 'RUN pip install python3-distutils', undefined],
    ['FROM ubuntu:24.04\nENV APT_INSTALL="apt-get install -y --no-install-recommends"', 'RUN $APT_INSTALL python3-distutils', 'error'],
    ['FROM ubuntu:24.04', 'RUN APT_INSTALL="apt-get install -y" && apt-get update && $APT_INSTALL python3-distutils', 'error'],
    ['FROM ubuntu:24.04', 'RUN $APT_INSTALL python3-distutils', undefined],
  ])('%s + %s -> %s', async (from, run, severity) => {
    const findings = await scan(`${from}\n${run}`);
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });
});

describe('pip install in RUN', () => {
  it.each([
    ['RUN pip install numpy==1.26.4', ['req-pin-below-313-support']],
    ['RUN pip3 install -U numpy==1.26.4', ['req-pin-below-313-support']],
    ['RUN pip3.13 --no-cache-dir install numpy==1.26.4', ['req-pin-below-313-support']],
    ['RUN python3 -m pip install "numpy==1.26.4"', ['req-pin-below-313-support']],
    ['RUN uv pip install numpy==1.26.4', ['req-pin-below-313-support']],
    ['RUN pip wheel --wheel-dir /wheels numpy==1.26.4', ['req-pin-below-313-support']],
    ['RUN ["pip", "install", "numpy==1.26.4"]', ['req-pin-below-313-support']],
    ['RUN pip install numpy==2.1.3', []],
    ['RUN pip install -r numpy==1.26.4', []],
    ['RUN pip install --requirement=requirements.txt numpy>=2.1', []],
    ['RUN pip uninstall -y numpy==1.26.4', []],
    ['RUN pip download numpy==1.26.4', ['req-pin-below-313-support']],
    ['RUN echo pip install numpy==1.26.4', []],
    ['RUN uv add numpy==1.26.4', []],
    ['RUN pip install ${PKG}==1.26.4', []],
    ['RUN pip install nose', ['req-package-no-313-release']],
  ])('%s -> %j', async (run, expected) => {
    expect(await ids(`FROM python:3.13-slim\n${run}`)).toEqual(expected);
  });

  it.each([
    ['FROM python:3.13-slim\nARG NUMPY=1.26.4\nRUN pip install "numpy==$NUMPY"', ['req-pin-below-313-support']],
    ['FROM python:3.13-slim\nENV NUMPY_VERSION=1.26.4\nRUN pip install numpy==${NUMPY_VERSION}', ['req-pin-below-313-support']],
    ['ARG NUMPY=1.26.4\nFROM python:3.13-slim\nARG NUMPY\nRUN pip install numpy==${NUMPY}', ['req-pin-below-313-support']],
    ['ARG NUMPY=1.26.4\nFROM python:3.13-slim\nRUN pip install numpy==${NUMPY}', []],
    ['FROM python:3.13-slim AS base\nENV V=1.26.4\nFROM base\nRUN pip install numpy==$V', ['req-pin-below-313-support']],
    ['FROM python:3.13-slim\nARG NUMPY=2.1.3\nRUN pip install numpy==${NUMPY}', []],
    ['FROM python:3.13-slim\nARG WHEEL=./numpy.whl\nRUN pip install ${WHEEL}', []],
  ])('ARG/ENV values in the stage: %j -> %j', async (text, expected) => {
    expect(await ids(text)).toEqual(expected);
  });

  it('a substituted requirement is reported on the whole word', async () => {
    const [f] = await scan('FROM python:3.13-slim\nARG V=1.26.4\nRUN pip install numpy==${V} flask');
    expect(f).toMatchObject({ rule: 'req-pin-below-313-support', line: 3, column: 17, endLine: 3, endColumn: 28 });
  });

  it('a pin keeps its requirement-rule message and points at the requirement', async () => {
    const [f] = await scan('FROM python:3.13-slim\nRUN pip install --no-cache-dir "numpy==1.26.4" flask');
    expect(f).toMatchObject({ rule: 'req-pin-below-313-support', line: 2, column: 33, endColumn: 46 });
    expect(f!.message).toContain('numpy');
  });
});

describe('positions', () => {
  it.each([
    ['FROM python:3.11-slim AS build', 'docker-base-image-outdated', [1, 6, 1, 22]],
    ['FROM --platform=$BUILDPLATFORM python:3.11', 'docker-base-image-outdated', [1, 32, 1, 43]],
    ['FROM public.ecr.aws/lambda/python:3.13\nRUN dnf install -y git && yum install -y gcc', 'docker-lambda-yum', [2, 27, 2, 30]],
    ['FROM public.ecr.aws/lambda/python:3.13\nRUN set -eux; \\\n    dnf install -y git; \\\n# a comment\n    yum install -y gcc', 'docker-lambda-yum', [5, 5, 5, 8]],
    ['FROM public.ecr.aws/lambda/python:3.13\nRUN ["yum", "install"]', 'docker-lambda-yum', [2, 7, 2, 10]],
    ['FROM public.ecr.aws/lambda/python:3.13\nRUN --mount=type=cache,target=/var/cache \\\n  yum install -y gcc', 'docker-lambda-yum', [3, 3, 3, 6]],
    ['FROM python:3.13\nENV A=1 PYTHON_GIL=0', 'docker-free-threading', [2, 9, 2, 21]],
    ['FROM python:3.13\nCMD python3 -X  jit app.py', 'docker-jit-x-option', [2, 13, 2, 20]],
    ['FROM python:3.13\nRUN PYTHON_GIL="0" python -V', 'docker-free-threading', [2, 5, 2, 19]],
    ['FROM ubuntu:24.04\nRUN apt-get install -y \\\n      curl python3-distutils', 'docker-apt-python3-distutils', [3, 12, 3, 29]],
    ['# escape=`\nFROM public.ecr.aws/lambda/python:3.13\nRUN dnf install -y git && `\n    yum install -y gcc', 'docker-lambda-yum', [4, 5, 4, 8]],
  ])('%j: %s at %j', async (text, rule, [line, column, endLine, endColumn]) => {
    const f = (await scan(text)).find((x) => x.rule === rule);
    expect(f && [f.line, f.column, f.endLine, f.endColumn]).toEqual([line, column, endLine, endColumn]);
  });
});

describe('bad input', () => {
  it.each([
    ['FROM python:3.13\nFROOM python:3.11\nRUN true', 2, '`FROOM` is not a Dockerfile instruction'],
    ['FROM python:3.13\nRUN apt-get update && \\\n', 2, 'the `RUN` instruction ends with a line continuation (`\\`) but the file ends'],
    ['FROM python:3.13\nRUN apt-get update && \\\n# trailing comment\n\n', 2, 'ends with a line continuation'],
    ['FROM\nRUN true', 1, '`FROM` names no image'],
    ['FROM python:3.13\nFROOM a\nBOGUS b\nRUN x \\', 2, '`FROOM`'],
  ])('%j: one error-level pyshift-parse-error on line %d', async (text, line, message) => {
    const problems = (await scan(text)).filter((f) => f.rule === 'pyshift-parse-error');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line, severity: 'error' });
    expect(problems[0]!.message).toContain(message);
  });

  it('the rest of the file and the other files are still analysed', async () => {
    const result = await analyzeFiles({
      files: [memoryFile('Dockerfile', 'FROOM x\nFROM python:3.11'), memoryFile('app/Containerfile', 'FROM python:3.10-slim')],
      ruleset,
      target: parseTarget('3.13'),
    });
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual([
      'Dockerfile:1 pyshift-parse-error',
      'Dockerfile:2 docker-base-image-outdated',
      'app/Containerfile:1 docker-base-image-outdated',
    ]);
  });

  it.each([['', []], ['# only a comment\n', []], ['\uFEFFFROM python:3.11', ['docker-base-image-outdated']]])('%j -> %j', async (text, expected) => {
    expect(await ids(text)).toEqual(expected);
  });
});

describe('Python versions in paths and commands', () => {
  it.each([
    ['RUN python3.11 -m pip install -r requirements.txt', ['docker-python-version-in-path']],
    ['RUN pip3.12 install flask', ['docker-python-version-in-path']],
    ['COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages', ['docker-python-version-in-path', 'docker-python-version-in-path']],
    ['ENV PYTHONPATH=/var/lang/lib/python3.10/site-packages', ['docker-python-version-in-path']],
    ['RUN apt-get install -y python3.11-venv', ['docker-python-version-in-path']],
    ['ENV PATH=/opt/python3.11/bin:$PATH', ['docker-python-version-in-path']],
    ['RUN python3.13 -m pip install flask', []],
    ['RUN python3.14 -V', []],
    ['RUN python3 -m pip install flask', []],
    ['RUN curl -O https://www.python.org/ftp/python/3.11.9/Python-3.11.9.tgz', []],
    ['RUN echo cpython3.11 mypython3.11', []],
    ['RUN pip install python3.11.4', []],
    ['LABEL runtime="python3.11"', []],
    ['WORKDIR /opt/python3.11', ['docker-python-version-in-path']],
    ['ONBUILD RUN python3.11 -m pip install .', ['docker-python-version-in-path']],
  ])('%s -> %j', async (line, expected) => {
    expect(await ids(`FROM python:3.13-slim\n${line}`)).toEqual(expected);
  });

  it.each([['3.12', 'RUN python3.11 -V', ['docker-python-version-in-path']], ['3.12', 'RUN python3.12 -V', []]])('on target %s: %s -> %j', async (target, line, expected) => {
    expect(await ids(`FROM python:3.12-slim\n${line}`, target)).toEqual(expected);
  });

  it('says what to write instead and points at the version', async () => {
    const [f] = await scan('FROM python:3.13-slim\nCOPY --from=b /usr/local/lib/python3.11/site-packages /x');
    expect(f).toMatchObject({ line: 2, column: 30, endColumn: 40 });
    expect(f!.fix).toContain('Write `python3.13`');
  });

  it('ignores FROM lines and comment lines inside a continuation', async () => {
    expect(await ids('FROM python:3.13-slim\nRUN true \\\n# python3.11 was here\n  && true')).toEqual([]);
  });
});

describe('suppressions', () => {
  const lambda = 'FROM public.ecr.aws/lambda/python:3.13\n';
  it.each([
    ['# pyshift: ignore[docker-base-image-outdated]\nFROM python:3.11', []],
    ['# pyshift: ignore\nFROM python:3.11', []],
    ['# legacy stage, kept on purpose\n# pyshift: ignore[docker-base-image-outdated]\nFROM python:3.11 AS legacy', []],
    ['# pyshift: ignore[docker-lambda-yum]\nFROM python:3.11', ['docker-base-image-outdated', 'pyshift-unused-suppression']],
    ['# pyshift: ignore[docker-base-image-outdated]\n\nFROM python:3.11', ['docker-base-image-outdated', 'pyshift-unused-suppression']],
    [`${lambda}# pyshift: ignore[docker-lambda-yum]\nRUN set -eux; \\\n    yum install -y gcc`, []],
    [`${lambda}RUN set -eux; \\\n# pyshift: ignore[docker-lambda-yum]\n    yum install -y gcc; \\\n    yum install -y git`, ['docker-lambda-yum']],
    [`${lambda}RUN yum install -y gcc # pyshift: ignore[docker-lambda-yum]`, []],
    ['FROM python:3.13\nENV PYTHON_GIL=0\n# pyshift: ignore[docker-free-threading]\nENV PYTHON_JIT=1', ['docker-free-threading', 'docker-jit-enabled', 'pyshift-unused-suppression']],
  ])('%j -> %j', async (text, expected) => {
    expect(await ids(text)).toEqual(expected);
  });
});

describe('which files are Dockerfiles', () => {
  it.each([
    ['Dockerfile', true],
    ['services/api/Dockerfile', true],
    ['Dockerfile.lambda', true],
    ['docker/Dockerfile.prod', true],
    ['app.Dockerfile', true],
    ['build/app.dockerfile', true],
    ['Containerfile', true],
    ['Containerfile.dev', true],
    ['Dockerfile.dockerignore', false],
    ['Dockerfile.j2', false],
    ['Dockerfile.template', false],
    ['docs/Dockerfile.md', false],
    ['MyDockerfile', false],
    ['Dockerfiles/README', false],
    ['dockerfile', false],
  ])('%s -> %s', (path, expected) => {
    expect(isDockerfilePath(path)).toBe(expected);
  });
});

describe('shell words and commands', () => {
  const commands = (script: string) =>
    parseCommands(instructionScript({ lines: script.split('\n'), firstLine: 1, argumentsColumn: 0, escapeChar: '\\' })).map((c) => ({
      words: c.words.map((w) => w.value),
      assignments: c.assignments.map((w) => w.value),
      conditional: c.conditional,
      fallback: c.list.hasFallback,
    }));

  it.each([
    ['pip install "requests==2.31" \'x y\'', [{ words: ['pip', 'install', 'requests==2.31', 'x y'], assignments: [], conditional: false, fallback: false }]],
    ['A=1 B="2 3" run', [{ words: ['run'], assignments: ['A=1', 'B=2 3'], conditional: false, fallback: false }]],
    ['a && b || c; d', [
      { words: ['a'], assignments: [], conditional: false, fallback: true },
      { words: ['b'], assignments: [], conditional: false, fallback: true },
      { words: ['c'], assignments: [], conditional: false, fallback: true },
      { words: ['d'], assignments: [], conditional: false, fallback: false },
    ]],
    ['if t; then x; fi; y', [
      { words: ['t'], assignments: [], conditional: true, fallback: false },
      { words: ['x'], assignments: [], conditional: true, fallback: false },
      { words: ['y'], assignments: [], conditional: false, fallback: false },
    ]],
    ['echo $(yum list) > /tmp/out 2>&1', [{ words: ['echo', '$(yum list)'], assignments: [], conditional: false, fallback: false }]],
    ['a \\\n  b # comment\nc', [
      { words: ['a', 'b'], assignments: [], conditional: false, fallback: false },
    ]],
  ])('%j', (script, expected) => {
    expect(commands(script)).toEqual(expected);
  });
});

describe('any input', () => {
  const fragments = [
    'FROM python:3.11-slim AS a', 'FROM a', 'FROM public.ecr.aws/lambda/python:${V:-3.13}', 'ARG V=3.12', 'ARG V', 'ENV PYTHON_GIL=0',
    'RUN yum install -y gcc \\', 'RUN if command -v dnf; then dnf i; else yum i; fi', '  && apt-get install -y python3-distutils', '# comment',
    'RUN <<EOF', 'EOF', 'CMD ["python", "-X", "jit"', 'RUN pip install "numpy==1.26.4', "RUN echo '", 'RUN $(', '`', '\\', '', 'FROOM x', 'RUN ( { ; ) }',
  ];
  const target = parseTarget('3.13');
  const rules = selectRules(ruleset, target).filter((r) => r.kind === 'dockerfile');
  const allRules = selectRules(ruleset, target);

  it('never throws, and every finding and problem lies inside the file', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string()), { maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        const out = dockerfileAnalyzer.analyze({ path: 'Dockerfile', text }, rules, { target, project: new ProjectIndex([]), allRules });
        const count = text.split(/\r\n|\r|\n/).length;
        for (const f of [...out.findings, ...(out.problems ?? [])]) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.line).toBeLessThanOrEqual(count);
          expect(f.column).toBeGreaterThanOrEqual(1);
        }
        expect((out.problems ?? []).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
