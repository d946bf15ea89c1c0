// `npm start`: installs what is missing, builds the web app, and starts Samen. Without
// configuration this is the demo: embedded database in ./data, synthetic demo data on first start.
import { spawn } from "node:child_process";
import { buildWeb, ensurePackages } from "./ensure.mjs";

ensurePackages();
buildWeb();
const child = spawn(process.execPath, ["bin/samen.mjs", "start"], {
  stdio: "inherit",
  env: { SAMEN_DEMO_MODE: "true", ...process.env },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 1));
