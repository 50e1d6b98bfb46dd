import { createContext, useContext } from "react";

/** The per-request Content-Security-Policy nonce, for the inline scripts Remix renders. */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
