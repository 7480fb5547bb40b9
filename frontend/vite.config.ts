import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API to a running `make run`; the built app is served by devstack's
// WebServer (make run, tests) or the frontend image (cluster), with /api on the same origin.
// The app and /api are one origin, as behind the ALB: the page's Origin header is not passed on.
const api = {
  target: process.env.AGORA_GATEWAY_URL ?? "http://127.0.0.1:8080",
  configure: (proxy: { on(event: "proxyReq", listener: (request: { removeHeader(name: string): void }) => void): void }) =>
    proxy.on("proxyReq", (request) => request.removeHeader("origin")),
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { "/api": api } },
  preview: { port: 5174, proxy: { "/api": api } },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 600 },
  test: { environment: "jsdom", include: ["src/**/*.test.{ts,tsx}"], setupFiles: ["src/test-setup.ts"], testTimeout: 15_000 },
});
