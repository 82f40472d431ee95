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
# What `npm ci` needs for its postinstall (prisma generate).
COPY package.json package-lock.json prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY server ./server
COPY scripts ./scripts

FROM base AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM base AS production-deps
RUN npm ci --omit=dev --no-audit --no-fund
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
COPY --from=build /app/package.json /app/prisma.config.ts /app/tsconfig.json ./
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
# Sources the server and `npm run credits` load at run time (with the
# generated Prisma clients under app/generated).
COPY --from=build /app/app ./app
COPY --from=build /app/server ./server
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Applies pending migrations, then serves on $PORT.
CMD ["npm", "start"]
