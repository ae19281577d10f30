import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../server/server-flags";

describe("server Node flags", () => {
  it("npm start passes exactly the flags the benchmark and the tests use", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as {
      scripts: Record<string, string>;
    };
    const start = pkg.scripts.start ?? "";
    const launch = /node ((?:--\S+ )*)server\/run-server\.mjs/.exec(start);
    expect(launch, `start script: ${start}`).not.toBeNull();
    expect(launch![1]!.trim().split(" ").filter(Boolean)).toEqual([...SERVER_NODE_FLAGS]);
  });

  it("every flag is one Node accepts", async () => {
    const { spawnSync } = await import("node:child_process");
    const res = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, "-e", "0"], {
      encoding: "utf8",
    });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
  });
});
