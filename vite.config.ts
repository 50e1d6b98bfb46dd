import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
  build: { target: "es2022" },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/*.server.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  optimizeDeps: {
    include: ["socket.io-client"],
    exclude: ["@prisma/client", "@prisma/adapter-better-sqlite3"],
  },
  ssr: {
    external: ["@prisma/client", "@prisma/adapter-better-sqlite3", "better-sqlite3"],
  },
});
