# ICP filing assistant: `docker build -t icp .` then see compose.yaml (PostgreSQL + S3-compatible store).
# Ships the prebuilt bundle (dist/app) and the prepared embedded database (dist/pglite-template)
# that `npm run build` makes, so a start skips compiling the TypeScript and a first start on an
# empty /data skips initdb. Worker threads (OCR, page reading) still run their sources through tsx,
# so src/ and tsx ship too.

# 1) Build: every dependency, without install scripts (npm 11 skips them by package.json's
#    allowScripts; the image's npm 10 needs the flag. Nothing here needs them: sharp and
#    @napi-rs/canvas ship their Linux binaries as packages of their own, onnxruntime-node ships its
#    binaries inside, Prisma's client is committed), then `npm run build`, which must succeed here
#    (no --at-install), then only the production dependencies are kept. The build leaves the
#    template readable by everyone (a first start copies it as `node`); the chmod makes sure of it
#    for the whole of dist/.
#    onnxruntime-node carries macOS and Windows binaries too (about 220 MB) that Linux never loads.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY prisma ./prisma
COPY locales ./locales
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v*/darwin node_modules/onnxruntime-node/bin/napi-v*/win32 \
 && rm -rf scripts package-lock.json \
 && chmod -R a+rX,go-w dist

# 2) The runtime image: the bundle, the template, the sources, the locales, the migrations, and the
#    production dependencies, copied as one folder. bin/icp.js runs the bundle only while no file
#    or folder under src/ and locales/ is newer than dist/app/build-info.json's builtAt: a COPY
#    keeps the times of what it copies except the folder it creates, which gets the time of the
#    COPY, so `COPY src ./src` here would make src/ newer than the bundle and every start would run
#    the sources. Copying /app whole keeps src/ and locales/ with their build-stage times (before
#    the build); the RUN below fails the build if any of them is newer all the same.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    METRICS_PORT=9464
COPY --from=build /app /app
WORKDIR /app
RUN built=$(node -p "require('./dist/app/build-info.json').builtAt / 1000") \
 && newer=$(find src locales -newermt "@$built" -print -quit) \
 && if [ -n "$newer" ]; then echo "$newer is newer than dist/app: bin/icp.js would run the sources" >&2; exit 1; fi \
 && test -f dist/pglite-template.stamp \
 && install -d -o node -g node -m 700 /data
# Non-root: the image's `node` user owns only the data folder (owner-only, as the app makes it).
USER node
VOLUME ["/data"]
EXPOSE 3000 9464
# Ready = database reachable, migrations applied, storage writable, not stopping (see README "Operating it").
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.METRICS_PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node itself is PID 1 (no shell in between): `docker stop`'s SIGTERM reaches the app, which stops
# gracefully and exits 0. Its only child, if any, is the esbuild service of tsx (the worker threads
# run their sources through it), which Node itself waits for.
CMD ["node", "bin/icp.js", "start"]
