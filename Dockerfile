# syntax=docker/dockerfile:1
# Thumbsmith: one container, SQLite and images under the /data volume.
# Every step is an npm script that the README and CI also run
# (npm ci, npm run build, npm start), so they are exercised without Docker.

FROM node:20-bookworm-slim AS base
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# What `npm ci` needs for its postinstall (plain node, no tsx: prisma
# generate from the committed schema files): the Prisma CLI reads
# prisma.config.ts, compiling it itself, and the two modules it imports.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/generate-prisma-clients.mjs ./scripts/
COPY app/utils/data-paths.server.ts ./app/utils/
COPY server/pg-catalog-types.ts ./server/

# One install, shared by the build and (pruned) by the image: a second
# `npm ci` would download everything and compile better-sqlite3 again.
FROM base AS deps
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# build/ (remix build) and server-build/ (esbuild: server, worker, credits CLI).
RUN npm run build

FROM deps AS production-deps
RUN npm prune --omit=dev --no-audit --no-fund
# The headline engine loads one weight per font family (the heaviest, and
# Anton's only one; app/modules/providers/local/text/fonts.server.ts): the
# other weights and their preview images are about 230 MB of the image.
RUN find node_modules/@expo-google-fonts -type f \( -name '*.png' -o -name '*.ttf' \) \
      ! -name '*_900Black.ttf' ! -name 'Anton_400Regular.ttf' -delete

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    CHECKPOINT_DISABLE=1
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
# Compiled JavaScript only: `npm start`, `npm run worker` and
# `npm run credits` run server-build/*.js with plain node (tsx is a dev
# dependency and is not installed here).
COPY --from=build /app/build ./build
COPY --from=build /app/server-build ./server-build
COPY --from=build /app/public ./public
# Migrations on boot: the Prisma CLI reads prisma/ and prisma.config.ts (it
# compiles that TypeScript itself) with the two modules the config imports.
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/prisma.config.ts ./
COPY --from=build /app/app/utils/data-paths.server.ts ./app/utils/
COPY --from=build /app/server/pg-catalog-types.ts ./server/
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Applies pending migrations, then serves on $PORT.
CMD ["npm", "start"]
