# The PyShift GitHub App image.
#   docker build -t pyshift .
#   docker run --env-file .env -p 3000:3000 pyshift
# Build stage: tree-sitter and tree-sitter-python compile native addons from source (node-gyp), which needs
# python3, make and g++; the runtime stage gets only the compiled production dependencies.

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build validates the rule catalogue and writes lib/catalogue/rules-snapshot.json from it.
COPY rules ./rules
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/lib ./lib
# The engine loads the rule catalogue (and its data tables) at runtime from lib/../rules.
COPY --chown=node:node rules ./rules
COPY --chown=node:node package.json app.yml ./
COPY --chown=node:node bin ./bin
USER node
EXPOSE 3000
# Probot serves GET /ping -> 200 "PONG". node:*-slim has no curl, so Node's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs (probot run ./lib/index.js), without npm in between so that signals reach Node.
CMD ["node", "node_modules/probot/bin/probot.js", "run", "./lib/index.js"]
