# syntax=docker/dockerfile:1
# The LLM simulator (examples/llm-sim): answers the Ollama API with configurable
# time-to-first-token, tokens per second, jitter and errors. No runtime dependencies.
# Build from the repository's root:
#   docker build -f deploy/docker/llm-sim.Dockerfile -t salvo-lab/llm-sim:0.1.0 .
# Flags after the image name go to the simulator: docker run salvo-lab/llm-sim:0.1.0 --error-rate 0.01
ARG NODE_IMAGE=node:24.21.0-trixie-slim

# The sources, without their tests.
FROM ${NODE_IMAGE} AS sources
WORKDIR /app
COPY examples/llm-sim/package.json examples/llm-sim/
COPY examples/llm-sim/src examples/llm-sim/src
RUN find . -name '*.test.ts' -delete

FROM ${NODE_IMAGE}
ENV NODE_ENV=production OLLAMA_SIM_HOST=0.0.0.0 OLLAMA_SIM_PORT=11434
WORKDIR /app
COPY --from=sources /app ./
USER node
EXPOSE 11434
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:11434/api/version').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "examples/llm-sim/src/main.ts"]
