/** What the server entry hands to every loader and action (see server/app-server.ts). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP address as Express resolved it (honours TRUST_PROXY). */
    clientAddress: string;
    /** Nonce allowed by this response's Content-Security-Policy for inline scripts. */
    cspNonce?: string;
  }
}

export {};
