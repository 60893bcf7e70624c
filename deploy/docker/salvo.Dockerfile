# syntax=docker/dockerfile:1
# A Salvo runner: the `salvo` command and nothing else, so one image serves every use:
#   docker run salvo-lab/salvo:0.1.0 run /tests/test.ts --out json=/results/run.json
#   docker run salvo-lab/salvo:0.1.0 run examples/blog/load/blog.ts   (the blog's load test, carried as a demo)
# and the cluster mode's runners as it lands (`salvo runner --redis …`, issue #20).
# Build from the repository's root:
#   docker build -f deploy/docker/salvo.Dockerfile -t salvo-lab/salvo:0.1.0 .
ARG NODE_IMAGE=node:24.21.0-trixie-slim

# Production dependencies of packages/salvo only (manifests of every workspace: npm ci checks
# the lock file against all of them).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/salvo/package.json packages/salvo/
COPY packages/instrument/package.json packages/instrument/
COPY examples/llm-sim/package.json examples/llm-sim/
COPY examples/blog/package.json examples/blog/
COPY bench/package.json bench/
RUN npm ci --omit=dev --workspace packages/salvo --ignore-scripts --no-audit --no-fund

# The command's sources (Node runs them as they are) and the demo test, without tests.
FROM ${NODE_IMAGE} AS sources
WORKDIR /app
COPY packages/salvo/package.json packages/salvo/
COPY packages/salvo/bin packages/salvo/bin
COPY packages/salvo/src packages/salvo/src
COPY examples/blog/load examples/blog/load
RUN find . -name '*.test.ts' -delete

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=sources /app ./
RUN ln -s /app/packages/salvo/bin/salvo.js /usr/local/bin/salvo
USER node
# 5665: the live dashboard and /metrics (--dashboard); 9464: the port the lab scrapes (--dashboard=9464)
EXPOSE 5665 9464
ENTRYPOINT ["salvo"]
CMD ["help"]
