// Stylelint's recommended rules (possible errors: unknown properties and units, duplicate
// selectors, specificity out of order, …) for the web UI's own CSS (src/web/ui); the vendored
// stylesheets are not ours to lint. Run by the web_ui_css_lint test. The packages are where
// scripts/setup.sh installed them (third_party/web-test), not beside us.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../third_party/web-test/package.json", import.meta.url));

export default {
  extends: [require.resolve("stylelint-config-recommended")],
};
