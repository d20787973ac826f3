# syntax=docker/dockerfile:1
# Multi-stage image for the gateway, the worker and the dashboard (one image, three commands).

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json web/package.json
COPY scripts/prisma-generate.js scripts/prisma-generate.js
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund

FROM deps AS web-build
# The dashboard imports the gateway's ticket code and the types of the workflow contracts.
COPY core core
COPY workflows workflows
COPY api api
COPY web web
ENV NEXT_TELEMETRY_DISABLED=1
ARG NEXT_PUBLIC_GATEWAY_URL=http://localhost:18790
ENV NEXT_PUBLIC_GATEWAY_URL=$NEXT_PUBLIC_GATEWAY_URL
RUN npm run build --workspace web

FROM node:24-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/prisma prisma
COPY . .
COPY --from=web-build /app/web/.next web/.next
RUN useradd --create-home opentrade && chown -R opentrade /app
USER opentrade
EXPOSE 18790 3000
ENTRYPOINT ["node", "bin/opentrade.js"]
CMD ["gateway"]
