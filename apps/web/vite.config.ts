import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { compression } from "vite-plugin-compression2";
import { vitestConfig } from "../../vitest.shared.ts";

const api = "http://127.0.0.1:3000";

export default defineConfig({
  // Brotli and gzip copies of every text asset, made once at build time: the server sends them
  // as they are (@fastify/static's preCompressed), so compression costs nothing per request.
  plugins: [react(), compression()],
  server: {
    // One name for the app: the API server's passkeys (PUBLIC_URL in its dev script) belong to localhost.
    host: "localhost",
    port: 5173,
    // In development the API server runs beside Vite; same-origin requests keep the cookie simple.
    proxy: { "/trpc": api, "/api": api, "/docs": api, "/auth": api, "/dev/mail": api },
  },
  build: { outDir: "dist", sourcemap: true },
  test: { ...vitestConfig("web").test, environment: "jsdom", include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"] },
});
