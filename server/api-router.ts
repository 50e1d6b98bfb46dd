import { Readable } from "node:stream";
import type { NextFunction, Request, Response } from "express";
import { API_PREFIX, type ApiGateway, type ApiResponse } from "~/lib/api/gateway.server";

/**
 * The public API on Express: mounted at /api/v1 before the cross-site write guard, which it
 * does not need (it reads no cookie: a request carries its bearer token or is refused, so a
 * browser's ambient credentials can never act here). Hands each request to the gateway
 * (app/lib/api/gateway.server.ts), reads the body only once the gateway admitted the request and
 * only up to the operation's limit, and writes the answer back.
 */
export function publicApiRouter(gateway: ApiGateway) {
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      const head = {
        method: request.method.toUpperCase(),
        path: request.path || "/",
        search: request.originalUrl.includes("?") ? request.originalUrl.slice(request.originalUrl.indexOf("?")) : "",
        header: (name: string) => request.get(name) ?? undefined,
        clientAddress: request.ip ?? request.socket.remoteAddress ?? "",
      };
      const admission = await gateway.admit(head);
      if (admission.kind === "answer") return send(request, response, admission.response);
      const declared = Number(request.get("Content-Length") ?? 0);
      if (declared > admission.maxBodyBytes) return send(request, response, admission.tooLarge(), { close: true });
      const body = await readBody(request, admission.maxBodyBytes);
      if (body === "too-large") return send(request, response, admission.tooLarge(), { close: true });
      return send(request, response, await admission.proceed(body));
    } catch (error) {
      next(error);
    }
  };
}

function readBody(request: Request, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    request.on("error", reject);
  });
}

function send(request: Request, response: Response, answer: ApiResponse, options: { close?: boolean } = {}) {
  response.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (options.close) response.setHeader("Connection", "close");
  const withoutBody = request.method === "HEAD" || answer.status === 204 || answer.status === 304;
  if (answer.body === null || withoutBody) {
    if (answer.body && typeof answer.body !== "string") void answer.body.cancel();
    response.end();
    return;
  }
  if (typeof answer.body === "string") {
    response.end(answer.body);
    return;
  }
  Readable.fromWeb(answer.body as Parameters<typeof Readable.fromWeb>[0]).pipe(response);
}

export { API_PREFIX };
