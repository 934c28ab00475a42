# syntax=docker/dockerfile:1
# The gateway as a container: the bundle `npm run build` writes (dist/main.cjs with gateway.cjs,
# graphiql.cjs and tracing.cjs beside it, no node_modules: test/bundle.e2e runs it alone) on Node 24, as the
# unprivileged `node` user. Written where no Docker engine runs, so it has never been
# built here: it is kept deliberately plain. Build and smoke-test it where an engine is available:
#
#   docker build -t connect-chat-gateway .
#   docker run --rm -p 4000:4000 --stop-timeout 15 \
#     -v "$PWD/tenants.json:/config/tenants.json:ro" -e AWS_REGION=eu-west-2 connect-chat-gateway
#
# Quick look with the embedded simulator (no AWS):
#   docker run --rm -p 4000:4000 -e NODE_ENV=development -e TENANTS_FILE=tenants.example.json connect-chat-gateway

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies them (patch-package): see patches/README.md.
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.ts ./scripts/
COPY src ./src
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    TENANTS_FILE=/config/tenants.json
WORKDIR /app
# Owned by root and read-only for the `node` user that runs the gateway.
COPY --from=build /app/dist ./dist
COPY tenants.example.json ./
# V8's compile cache (Node >= 22.1 reads NODE_COMPILE_CACHE itself): filled once here by loading the
# gateway, so that each start reads compiled code instead of compiling 6.5 MB of JavaScript (a
# start ~130 ms shorter on the bench machine, docs/performance.md). Node keys it by the file's
# content, its own version and the user id (hence filled as `node`), and ignores a stale entry.
ENV NODE_COMPILE_CACHE=/app/.compile-cache
RUN mkdir -p /app/.compile-cache && chown node /app/.compile-cache
USER node
RUN node -e "require('./dist/gateway.cjs')"
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (not npm), so SIGTERM reaches the gateway's graceful shutdown.
CMD ["node", "dist/main.cjs"]
