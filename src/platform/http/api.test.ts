import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { expect, it } from "vitest";
import { TestClient } from "../../../test/factories";
import { describeOnEachDatabase } from "../../../test/harness";

describeOnEachDatabase("API conventions", (h) => {
  it("unknown routes answer with a problem+json 404", async () => {
    for (const p of ["/api/v1/does-not-exist", "/api/v2/session", "/api/v1/session/extra/deep"]) {
      const res = await h().app.request(p);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 404, code: "NOT_FOUND" });
      expect(typeof body.detail).toBe("string");
    }
  });

  it("malformed JSON, a missing body and a wrong content type are clear 4xx errors, never 500s", async () => {
    const client = new TestClient(h().app, h().deps.now);
    const malformed = await client.request("POST", "/session", "{not json", {
      "content-type": "application/json",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe("VALIDATION_FAILED");
    const empty = await client.request("POST", "/session");
    expect(empty.status).toBe(415);
    const text = await client.request("POST", "/session", "email=x", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect(text.json).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      invalidParams: [{ name: "content-type" }],
    });
    const array = await client.request("POST", "/session", [1, 2]);
    expect(array.status).toBe(400);
  });

  it("over real HTTP, a body over 2 MB is a 413 problem, announced by Content-Length or streamed in chunks", async () => {
    const server = serve({ fetch: h().app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const post = (body: Buffer, chunked: boolean) =>
      new Promise<{ status: number; type: string | undefined; json: Record<string, unknown> }>(
        (resolve, reject) => {
          const req = http.request(
            {
              host: "127.0.0.1",
              port,
              method: "POST",
              path: "/api/v1/signals",
              headers: {
                "content-type": "application/json",
                ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": body.length }),
              },
            },
            (res) => {
              const parts: Buffer[] = [];
              res.on("data", (d: Buffer) => parts.push(d));
              res.on("end", () =>
                resolve({
                  status: res.statusCode ?? 0,
                  type: res.headers["content-type"],
                  json: JSON.parse(Buffer.concat(parts).toString() || "{}"),
                }),
              );
            },
          );
          req.on("error", reject);
          if (chunked)
            for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
          else req.write(body);
          req.end();
        },
      );
    try {
      const big = Buffer.from(JSON.stringify({ narrative: "x".repeat(2 * 1024 * 1024) }));
      for (const chunked of [false, true]) {
        const res = await post(big, chunked);
        expect(res.status, chunked ? "chunked" : "content-length").toBe(413);
        expect(res.type).toBe("application/problem+json");
        expect(res.json.code).toBe("PAYLOAD_TOO_LARGE");
      }
      // A body within the limit goes on to the route (here: no session, so 401), both ways.
      for (const chunked of [false, true]) {
        const res = await post(Buffer.from(JSON.stringify({ narrative: "klein" })), chunked);
        expect(res.status, chunked ? "chunked" : "content-length").toBe(401);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("every response carries API-Version and a request id; health and readiness answer", async () => {
    const health = await h().app.request("/api/v1/health");
    expect(health.status).toBe(200);
    expect(health.headers.get("api-version")).toBe("1.0.0");
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await h().app.request("/api/v1/ready");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok" });
  });

  it("request logs name the route pattern and request id, never a body or query", async () => {
    await new TestClient(h().app, h().deps.now).request("POST", "/session", {
      email: "log-probe@test.samen.example",
      password: "secret-password",
    });
    const lines = h().logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.findLast((l) => l.event === "http.request" && l.route === "/api/v1/session");
    expect(line).toMatchObject({ method: "POST", status: 401 });
    expect(h().logLines.join("\n")).not.toMatch(/log-probe|secret-password/);
  });

  it("security headers are set", async () => {
    const res = await h().app.request("/api/v1/health");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("publishes valid OpenAPI 3 that passes the Dutch API Design Rules linter with zero errors", async () => {
    const res = await h().app.request("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      info: { version: string };
    };
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/session", "/users", "/municipalities", "/audit-entries"]),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samen-oas-"));
    const file = path.join(dir, "openapi.json");
    fs.writeFileSync(file, JSON.stringify(doc));
    const spectral = spawnSync(
      process.execPath,
      [
        "node_modules/@stoplight/spectral-cli/dist/index.js",
        "lint",
        "-r",
        "reference/api-design-rules/ruleset.yaml",
        "-f",
        "json",
        "-q",
        file,
      ],
      { encoding: "utf8" },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    const results = JSON.parse(spectral.stdout || "[]") as {
      severity: number;
      code: string;
      message: string;
      path: string[];
    }[];
    const errors = results.filter((r) => r.severity === 0);
    expect(errors.map((e) => `${e.code} at ${e.path.join(".")}: ${e.message}`)).toEqual([]);
  });
});
