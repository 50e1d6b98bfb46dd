import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createAppServer, type AppServer } from "../../server/app-server.ts";
import { projectRoot } from "./paths.ts";

/** Builds the app once if the production build is missing (npm test builds before vitest). */
function ensureBuild(): string {
  const buildDir = path.join(projectRoot, "build");
  if (!fs.existsSync(path.join(buildDir, "server/index.js"))) {
    execFileSync(process.execPath, [path.join(projectRoot, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
      cwd: projectRoot,
      stdio: "ignore",
    });
  }
  return buildDir;
}

export type TestApp = { url: string; server: AppServer; close(): Promise<void> };

/** The real production server (Express + Remix build + Socket.IO) on a free loopback port, using this test file's database. */
export async function startTestApp(): Promise<TestApp> {
  const server = await createAppServer({ mode: "production", publicUrl: "http://127.0.0.1", buildDir: ensureBuild() });
  const port = await server.listen(0, "127.0.0.1");
  return { url: `http://127.0.0.1:${port}`, server, close: () => server.close() };
}

/** A minimal browser: keeps cookies, follows nothing, reads the CSRF token from pages. */
export class HttpSession {
  private readonly cookies = new Map<string, string>();
  csrfToken = "";

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  rawSetCookies: string[] = [];

  private remember(response: Response) {
    const setCookies = response.headers.getSetCookie();
    this.rawSetCookies.push(...setCookies);
    for (const line of setCookies) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(pathname: string, headers: Record<string, string> = {}): Promise<Response & { text(): Promise<string> }> {
    const response = await fetch(new URL(pathname, this.baseUrl), { headers: { Cookie: this.cookieHeader(), ...headers }, redirect: "manual" });
    this.remember(response);
    const body = await response.text();
    const token = /name="csrf" value="([^"]+)"/.exec(body);
    if (token) this.csrfToken = token[1];
    return Object.assign(response, { text: async () => body });
  }

  async postForm(pathname: string, fields: Record<string, string | string[]>, options: { headers?: Record<string, string>; withCsrf?: boolean } = {}) {
    const body = new URLSearchParams();
    if (options.withCsrf !== false) body.append("csrf", this.csrfToken);
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
    const response = await fetch(new URL(pathname, this.baseUrl), {
      method: "POST",
      body,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), "Content-Type": "application/x-www-form-urlencoded", Origin: this.baseUrl, ...options.headers },
    });
    this.remember(response);
    return response;
  }

  /** Signs in through the real sign-in form. */
  async signIn(email: string, password: string) {
    await this.get("/connexion");
    return this.postForm("/connexion", { email, password });
  }
}
