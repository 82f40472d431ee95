import { createContext, useContext } from "react";

// The per-request CSP nonce from the Express server (empty in the browser,
// where React hydrates the nonce attributes the server already rendered).
export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
