// Entry of the estimation worker thread: registers tsx, as bin/samen.mjs does for the server, and
// runs the TypeScript worker (estimation.worker.ts).
import { register } from "tsx/esm/api";

register();
await import("./estimation.worker.ts");
