/**
 * @module estimation.worker
 * Runs one estimation (estimation.compute) in a worker thread and posts back the result, or the
 * estimator's refusal (code, message, line) so the service can answer with a problem, or any other
 * failure as text.
 */
import { parentPort, workerData } from "node:worker_threads";
import { EstimationError } from "../estimation/errors";
import { computeEstimation, type EstimationJob } from "./estimation.compute";

try {
  parentPort!.postMessage({ ok: true, result: computeEstimation(workerData as EstimationJob) });
} catch (error) {
  parentPort!.postMessage(
    error instanceof EstimationError
      ? { ok: false, refusal: { code: error.code, message: error.message, line: error.line } }
      : { ok: false, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  );
}
