import { strykerConfig } from "../../stryker.shared.mjs";

export default strykerConfig("auth", { mutate: ["src/**/*.ts", "!src/**/*.test.ts"] });
