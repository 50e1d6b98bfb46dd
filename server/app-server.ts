import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { DurableConsumer } from "~/domain/event-consumers.server";
import { notificationConsumer } from "~/domain/notifications/notifications.server";
import { automationConsumer } from "~/domain/automations/automation-consumer.server";
import { publicApiGateway } from "~/lib/api/v1/index.server";
import { API_PREFIX, publicApiRouter } from "./api-router.ts";
import { webhookConsumer } from "~/domain/webhooks/webhook-queue.server";
import { attachRealtime, type Realtime } from "./realtime/index.ts";
import { refuseCrossSiteWrites, securityHeaders } from "./http-security.ts";
import { startEventDispatcher, type EventDispatcher } from "./workers/event-dispatcher.ts";

export type AppServerOptions = {
  mode: "production" | "development";
  publicUrl: string;
  /** Trust X-Forwarded-* from a reverse proxy (Express "trust proxy" setting). */
  trustProxy?: string | boolean;
  /** Directory of the built app (production). */
  buildDir?: string;
  /** How often the event dispatcher looks for events written by other processes. */
  eventPollMs?: number;
};

/** The durable consumers of the event stream this process may run (one process holds each lease). */
export const durableConsumers: readonly DurableConsumer[] = [notificationConsumer, automationConsumer, webhookConsumer];

export type AppServer = {
  httpServer: http.Server;
  realtime: Realtime;
  events: EventDispatcher;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
};

/**
 * One Express + http server carrying Remix and Socket.IO on the same port. In development the
 * app is served through Vite's middleware (with HMR on this same server); in production from
 * the build.
 */
export async function createAppServer(options: AppServerOptions): Promise<AppServer> {
  const app = express();
  const httpServer = http.createServer(app);
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  app.use(compression());
  app.use(securityHeaders({ production: options.mode === "production" }));
  // The public API authenticates every request by its bearer token and never reads a cookie: it
  // sits before the cross-site write guard, which protects the cookie-authenticated app
  // (docs/decisions/011-public-api.md).
  app.use(API_PREFIX, publicApiRouter(publicApiGateway()));
  app.use(refuseCrossSiteWrites(new URL(options.publicUrl).origin));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite: (() => Promise<void>) | undefined;
  if (options.mode === "development") {
    const vite = await import("vite");
    const devServer = await vite.createServer({ server: { middlewareMode: true, hmr: { server: httpServer } }, appType: "custom" });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => devServer.close();
  } else {
    const buildDir = options.buildDir ?? path.resolve("build");
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: options.mode,
      getLoadContext: (request, response) => ({
        clientAddress: request.ip ?? request.socket.remoteAddress ?? "",
        cspNonce: response.locals.cspNonce as string | undefined,
      }),
    }),
  );

  const realtime = attachRealtime(httpServer, { publicUrl: options.publicUrl });
  // After the realtime listeners: the first events it hands on already reach the sockets.
  const events = await startEventDispatcher({ consumers: durableConsumers, pollMs: options.eventPollMs });

  return {
    httpServer,
    realtime,
    events,
    listen(port, host = "0.0.0.0") {
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    async close() {
      await events.stop();
      await realtime.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await closeVite?.();
    },
  };
}
