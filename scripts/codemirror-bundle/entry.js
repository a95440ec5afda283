// What the SQL page uses of CodeMirror 6; build.sh bundles it into src/web/vendor/codemirror.js.
export { EditorView, basicSetup } from "codemirror";
export { keymap } from "@codemirror/view";
export { Prec } from "@codemirror/state";
export { sql, PostgreSQL } from "@codemirror/lang-sql";
export { setDiagnostics } from "@codemirror/lint";
