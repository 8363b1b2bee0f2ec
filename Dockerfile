# sweepflow: one image for the CLI, the workers and the dashboard.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY studies ./studies
COPY examples ./examples
COPY bench ./bench
COPY test ./test
COPY data ./data
# prepare compiles to dist/; optional tfjs-node installs where its binary can be fetched.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["worker"]
