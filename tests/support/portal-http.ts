/**
 * A minimal browser for the customers' side: keeps cookies, follows nothing, and reads the
 * CSRF token and the public form's token from each page. Posts urlencoded or multipart forms
 * (files), with the headers a same-origin browser sends unless told otherwise.
 */
export class CustomerBrowser {
  private readonly cookies = new Map<string, string>();
  csrfToken = "";
  formToken = "";
  rawSetCookies: string[] = [];

  constructor(readonly baseUrl: string) {}

  setCookie(pair: string) {
    const index = pair.indexOf("=");
    this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

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

  private readTokens(body: string) {
    const csrf = /name="csrf" value="([^"]+)"/.exec(body);
    if (csrf) this.csrfToken = csrf[1];
    const form = /name="jeton" value="([^"]+)"/.exec(body);
    if (form) this.formToken = form[1];
  }

  async get(pathname: string, headers: Record<string, string> = {}) {
    const response = await fetch(new URL(pathname, this.baseUrl), { headers: { Cookie: this.cookieHeader(), ...headers }, redirect: "manual" });
    this.remember(response);
    const body = await response.text();
    this.readTokens(body);
    return { status: response.status, headers: response.headers, body };
  }

  async post(pathname: string, fields: Record<string, string | string[]>, options: { files?: Array<{ name: string; filename: string; content: Buffer | string; type?: string }>; headers?: Record<string, string>; multipart?: boolean; withCsrf?: boolean } = {}) {
    const multipart = options.multipart ?? Boolean(options.files);
    let body: FormData | URLSearchParams;
    if (multipart) {
      const form = new FormData();
      if (options.withCsrf !== false && this.csrfToken) form.append("csrf", this.csrfToken);
      for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
      for (const file of options.files ?? []) {
        const content = typeof file.content === "string" ? Buffer.from(file.content) : file.content;
        form.append(file.name, new Blob([new Uint8Array(content)], { type: file.type ?? "application/octet-stream" }), file.filename);
      }
      body = form;
    } else {
      const form = new URLSearchParams();
      if (options.withCsrf !== false && this.csrfToken) form.append("csrf", this.csrfToken);
      for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
      body = form;
    }
    const response = await fetch(new URL(pathname, this.baseUrl), {
      method: "POST",
      body,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), Origin: this.baseUrl, "Sec-Fetch-Site": "same-origin", ...options.headers },
    });
    this.remember(response);
    const text = await response.text();
    this.readTokens(text);
    return { status: response.status, headers: response.headers, body: text, location: response.headers.get("location") };
  }
}

/** The visible text of an HTML page, roughly (tags removed, entities decoded), for "shown as text" checks. */
export function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
