# ICP filing assistant: `docker build -t icp .` then see compose.yaml (PostgreSQL + S3-compatible store).
# Runs the TypeScript sources through tsx (a runtime dependency), as `npm start` does: no build step.

# 1) Production dependencies only, without install scripts (as .npmrc has it): nothing here needs
#    them (sharp and @napi-rs/canvas ship their Linux binaries as packages of their own,
#    onnxruntime-node ships its binaries inside, Prisma's client is committed). onnxruntime-node
#    carries macOS and Windows binaries too (about 220 MB) that a Linux image never loads.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v*/darwin node_modules/onnxruntime-node/bin/napi-v*/win32

# 2) The runtime image: the sources, the locales, the migrations, and those dependencies.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    METRICS_PORT=9464
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY locales ./locales
COPY prisma ./prisma
# Non-root: the image's `node` user owns only the data folder.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 9464
# Ready = database reachable, migrations applied, storage writable, not stopping (see README "Operating it").
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.METRICS_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node itself is PID 1 (no shell in between): `docker stop`'s SIGTERM reaches the app, which stops
# gracefully and exits 0. Its only child is tsx's esbuild service, which Node itself waits for.
CMD ["node", "bin/icp.js", "start"]
