// ESLint's recommended rules for the web UI's own modules (src/web/ui), browser globals; the
// vendored files are not ours to lint. Run by the web_ui_lint test.
// The packages are where scripts/setup.sh installed them (third_party/web-test), not beside us.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../third_party/web-test/package.json", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

export default [
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-unused-vars": ["error", { args: "none" }],
      eqeqeq: ["error", "smart"],
      "prefer-const": "error",
      "no-var": "error",
    },
  },
  {
    files: ["tests/web/*.mjs"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
