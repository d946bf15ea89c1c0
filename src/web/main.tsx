import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./theme.css";
import { App } from "./App";
import { SessionProvider } from "./session";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
