# syntax=docker/dockerfile:1
# dataset-gateway as a container image: compiled in a build stage, run from production
# dependencies only, as a non-root user, with the built bin as PID 1 (it handles SIGTERM itself:
# /ready turns 503, the listener drains, in-flight requests finish within the grace period).
#
#   docker build -t dataset-gateway .
#   docker run --rm -p 4000:4000 -e HOST=0.0.0.0 dataset-gateway          # demo mode
#
# Real AWS: see README › Deploy (region, cursor secret, auth mode, credentials).

ARG NODE_VERSION=20.19

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schema ./schema
COPY resolvers ./resolvers
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# V8's heap, stated rather than guessed from the host (README › Performance). On a large host V8
# lets the old generation grow to ~3-4x what is live before a full collection (~300 MB RSS at 100
# connections); under a container memory limit it sizes the heap from the limit (under 384Mi: a
# 259 MB heap limit, a 2 MB young generation). An old-generation cap of at most 256 MB makes V8
# collect at ~1.5x live (~200 MB RSS at 100 connections); 32 MB semi-spaces let requests in flight
# die young, which is what keeps those collections cheap (with 16 MB, V8's size on a large host,
# CPU per request was 1.4x). The cap must hold GATEWAY_CACHE_MEMORY_BYTES and
# GATEWAY_DOCUMENT_CACHE_BYTES (64 + 32 MiB by default; the gateway warns at start when they take
# over half the heap): raise it with them. `npm run bench` runs its servers with these flags.
ENV NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=32"
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# The gateway's own graceful shutdown; Docker's default is SIGTERM too, named for clarity.
STOPSIGNAL SIGTERM
# Liveness. Orchestrators should also probe /ready (503 while draining), see deploy/kubernetes.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/main.js"]
