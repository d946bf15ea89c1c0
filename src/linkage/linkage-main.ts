/**
 * @module linkage/linkage-main
 * Stand-alone entry point for the linkage commands (`npx tsx src/linkage/linkage-main.ts linkage …`):
 * builds a `samen` program with only the linkage command. Used by the CLI tests; the platform's own
 * `samen` program registers the same command.
 */

import { Command } from "commander";
import { registerLinkageCommand } from "./linkage.cli";

const program = new Command("samen");
registerLinkageCommand(program);
await program.parseAsync(process.argv);
