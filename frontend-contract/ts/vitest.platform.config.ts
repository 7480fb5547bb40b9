import { defineConfig } from "vitest/config";

// Against a running platform: devstack's FrontendIT starts one and sets AGORA_GATEWAY_URL.
export default defineConfig({
  test: { include: ["src/**/*.platform.ts"], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
});
