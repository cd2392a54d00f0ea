import { defineConfig } from "vitest/config";

// Tests start real servers and real processes: give them time, and run files in
// separate forks so a misbehaving child cannot wedge the others.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
