/**
 * A bare `samen` program with only the `estimate` command, for running and testing the
 * command without the rest of the platform: `npx tsx src/estimation/estimate-main.ts
 * estimate data.csv --json`. The main CLI registers the same command.
 */

import { Command } from "commander";
import { registerEstimateCommand } from "./estimation.cli";

const program = new Command("samen");
registerEstimateCommand(program);
await program.parseAsync(process.argv);
