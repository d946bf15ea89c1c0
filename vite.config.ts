import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app lives in src/web (shell) and in the capability folders (pages); it is built into
// dist/web and served by the same server as the API.
export default defineConfig({
  root: path.resolve(import.meta.dirname, "src/web"),
  plugins: [react()],
  build: {
    target: "es2022",
    outDir: path.resolve(import.meta.dirname, "dist/web"),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { "/api": "http://localhost:8080" } },
});
