import { strykerConfig } from "../../stryker.shared.mjs";

export default strykerConfig("api", { mutate: ["src/**/*.ts", "!src/**/*.test.ts"] });
