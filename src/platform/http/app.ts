/**
 * @module app
 * The HTTP application: request ids, structured request logs, security headers, the API under
 * /api/v1 (OpenAPI generated from the zod schemas), problem+json errors, and the web app.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { sessionMiddleware } from "../../accounts/auth.middleware";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { AppEnv } from "./context";
import { API_VERSION, fieldErrors, problemResponse } from "./problem";

export type { AppEnv };
export type Api = OpenAPIHono<AppEnv>;

/** A module's routes: registered on the /api/v1 app. */
export type RouteModule = (api: Api, deps: Deps) => void;

// SAMEN_WEB_DIST lets parallel builds (and their browser tests) use their own folder.
export const WEB_DIST = process.env.SAMEN_WEB_DIST
  ? path.resolve(process.env.SAMEN_WEB_DIST)
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../dist/web");

export function createApi(): Api {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError(
          "VALIDATION_FAILED",
          "De invoer is ongeldig; zie invalidParams. / The input is invalid; see invalidParams.",
          {
            fields: fieldErrors(result.error.issues),
          },
        );
      }
    },
  });
}

export function openApiDocument(api: Api) {
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "samen_session",
    description: "Session cookie set by POST /session; unsafe requests also need the X-CSRF-Token header.",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "Per-organisation key for partner systems.",
  });
  return api.getOpenAPIDocument({
    openapi: "3.0.3",
    info: {
      title: "Samen API",
      version: API_VERSION,
      description:
        "API of Samen, the platform for the chain-wide approach to human trafficking in the Netherlands. Every read of personal data is purpose-bound and audited.",
      contact: { name: "Samen maintainers", email: "samen@example.nl", url: "https://samen.example.nl" },
      license: {
        name: "EUPL-1.2",
        url: "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12",
      },
    },
    servers: [{ url: "/api/v1", description: "This server" }],
  });
}

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof SyntaxError || (error instanceof HTTPException && error.status === 400)) {
    return new AppError(
      "VALIDATION_FAILED",
      "De body is geen geldige JSON of mist het juiste content-type. / The body is not valid JSON or lacks the right content type.",
      {
        fields: [{ field: "(body)", message: error.message || "invalid JSON" }],
      },
    );
  }
  if (error instanceof HTTPException && error.status === 413)
    return new AppError("PAYLOAD_TOO_LARGE", "Het verzoek is te groot. / The request is too large.");
  return null;
}

/** The largest request body the API accepts. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Builds the whole application for the given dependencies. */
export function createApp(deps: Deps, modules: RouteModule[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header("x-request-id", requestId);
    // Route pattern, never the concrete URL: paths and query strings can carry identifiers.
    deps.logger.info("http.request", {
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "no-referrer",
      crossOriginResourcePolicy: "same-origin",
    }),
  );

  app.onError((error, c) => {
    const appError = toAppError(error);
    if (appError) return problemResponse(c, appError);
    deps.logger.error("http.unhandled", {
      requestId: c.get("requestId"),
      error: (error as Error).name,
      route: c.req.routePath,
    });
    return problemResponse(
      c,
      new AppError(
        "INTERNAL",
        "Er ging iets mis; vermeld het request-id. / Something went wrong; quote the request id.",
      ),
    );
  });

  const api = createApi();
  api.use("*", async (c, next) => {
    await next();
    c.header("API-Version", API_VERSION);
  });
  const tooLarge = () => {
    throw new AppError("PAYLOAD_TOO_LARGE", "Het verzoek is groter dan 2 MB. / The request exceeds 2 MB.");
  };
  const streamedBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  api.use("*", async (c, next) => {
    // With a Content-Length (and no Transfer-Encoding) the HTTP parser delivers exactly that many
    // bytes, so the header decides. Only a streamed body is counted as it arrives: hono's bodyLimit
    // turns the request into a full web Request to do so, which costs every request noticeably.
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined)
      return Number.parseInt(length, 10) > MAX_BODY_BYTES ? tooLarge() : next();
    return streamedBodyLimit(c, next);
  });
  api.use("*", sessionMiddleware(deps));
  for (const register of modules) register(api, deps);

  const document = () => openApiDocument(api);
  let cached: ReturnType<typeof document> | undefined;
  api.get("/openapi.json", (c) => {
    cached ??= document();
    return c.json(cached);
  });
  api.notFound((c) =>
    problemResponse(c, new AppError("NOT_FOUND", "Deze route bestaat niet. / This route does not exist.")),
  );
  app.route("/api/v1", api);
  app.all("/api/*", (c) =>
    problemResponse(
      c,
      new AppError(
        "NOT_FOUND",
        "Deze route bestaat niet (de API staat onder /api/v1). / This route does not exist (the API lives under /api/v1).",
      ),
    ),
  );

  // The web app: built assets, and index.html for every client-side route.
  const indexFile = path.join(WEB_DIST, "index.html");
  if (fs.existsSync(indexFile)) {
    const index = fs.readFileSync(indexFile, "utf8");
    app.use("/assets/*", serveStatic({ root: path.relative(process.cwd(), WEB_DIST) }));
    app.use("/favicon.svg", serveStatic({ root: path.relative(process.cwd(), WEB_DIST) }));
    app.get("*", (c) => c.html(index));
  } else {
    app.get("*", (c) =>
      c.text(
        "Samen: de webapp is nog niet gebouwd (npm run build:web). / The web app has not been built.",
        503,
      ),
    );
  }
  return app;
}

export { API_VERSION };
