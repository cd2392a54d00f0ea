// Builds the console into console/dist (served by src/server/console.ts at "/").
// Preact JSX is compiled by esbuild's automatic runtime; no plugin needed.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 400 },
  server: {
    // `npx vite` in console/ for development, against a server on the default port.
    proxy: { "/api": "http://127.0.0.1:8600" },
  },
});
