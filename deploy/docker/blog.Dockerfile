# syntax=docker/dockerfile:1
# The blog (examples/blog): the reference service under test, instrumented with
# packages/instrument (/metrics) and with /health/live and /health/ready.
# Build from the repository's root (deploy/compose.yaml does):
#   docker build -f deploy/docker/blog.Dockerfile -t salvo-lab/blog:0.1.0 .
# Node runs the TypeScript sources as they are (type stripping), so there is no build step.
# The base is pinned to the Node release the repository pins (the `node` devDependency).
ARG NODE_IMAGE=node:24.21.0-trixie-slim

# Production dependencies of the blog's workspace only. npm ci checks the lock file against
# every workspace's manifest, so all of them are copied (manifests only, no sources).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/salvo/package.json packages/salvo/
COPY packages/instrument/package.json packages/instrument/
COPY examples/llm-sim/package.json examples/llm-sim/
COPY examples/blog/package.json examples/blog/
COPY bench/package.json bench/
RUN npm ci --omit=dev --workspace examples/blog --ignore-scripts --no-audit --no-fund

# The sources the blog runs, its workspace dependencies' included, without their tests.
FROM ${NODE_IMAGE} AS sources
WORKDIR /app
COPY packages/instrument/package.json packages/instrument/
COPY packages/instrument/src packages/instrument/src
COPY examples/llm-sim/package.json examples/llm-sim/
COPY examples/llm-sim/src examples/llm-sim/src
COPY examples/blog/package.json examples/blog/
COPY examples/blog/src examples/blog/src
RUN find . -name '*.test.ts' -delete

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DB_PATH=/data/blog.db
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=sources /app ./
# the SQLite file lives in a volume the unprivileged user owns
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "examples/blog/src/main.ts"]
