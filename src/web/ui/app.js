// The shell of the web UI: sign-in, navigation (hash routes, so the server serves one page),
// light/dark theme, and the pages in ./pages/.
import { html, render, useEffect, useState } from "./vendor/preact-htm.js";
import { ApiError, apiKey, get, setApiKey } from "./api.js";
import { ErrorBox } from "./ui.js";
import { AskPage } from "./pages/ask.js";
import { ExplorePage } from "./pages/explore.js";
import { IndexesPage } from "./pages/indexes.js";
import { IngestPage } from "./pages/ingest.js";
import { SearchPage } from "./pages/search.js";
import { SqlPage } from "./pages/sql.js";
import { SystemPage } from "./pages/system.js";

const PAGES = [
  { id: "sql", title: "SQL", key: "1", page: SqlPage },
  { id: "explore", title: "Explore", key: "2", page: ExplorePage },
  { id: "search", title: "Search", key: "3", page: SearchPage },
  { id: "indexes", title: "Indexes & Jobs", key: "4", page: IndexesPage },
  { id: "ingest", title: "Ingest", key: "5", page: IngestPage },
  { id: "system", title: "System", key: "6", page: SystemPage },
  { id: "ask", title: "Ask", key: "7", page: AskPage },
];

// "#/explore/sotu" → {id: "explore", arg: "sotu"}
function parseHash() {
  const [id, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  return { id: PAGES.some((p) => p.id === id) ? id : "sql", arg: decodeURIComponent(rest.join("/")) };
}

const THEME_STORAGE = "lakehouse.theme";

function applyTheme(theme) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

function SignIn({ onSignedIn, error }) {
  const [key, setKey] = useState("");
  const submit = (e) => {
    e.preventDefault();
    setApiKey(key.trim());
    onSignedIn();
  };
  return html`<main class="signin">
    <h1>Lakehouse</h1>
    <form onSubmit=${submit}>
      <label for="api-key">API key</label>
      <input id="api-key" type="password" autocomplete="off" value=${key} autofocus
        onInput=${(e) => setKey(e.currentTarget.value)} />
      <button type="submit" class="primary">Sign in</button>
      <p class="hint">Kept in this tab's session storage only.</p>
      <${ErrorBox} error=${error} />
    </form>
  </main>`;
}

function App() {
  const [route, setRoute] = useState(parseHash());
  const [who, setWho] = useState(null);
  const [authError, setAuthError] = useState(null);
  const [theme, setTheme] = useState(localStorage.getItem(THEME_STORAGE) || "auto");
  const [menuOpen, setMenuOpen] = useState(false);

  const whoami = () =>
    get("/access/whoami").then(
      (w) => {
        setWho(w);
        setAuthError(null);
      },
      (e) => {
        setWho(false);
        // Without a key a 401 just means "sign in"; anything else is worth showing.
        const unauthenticated = e instanceof ApiError && e.status === 401;
        setAuthError(unauthenticated && !apiKey() ? null : e);
        if (unauthenticated) setApiKey(""); // a refused key is not kept
      },
    );

  useEffect(() => {
    whoami();
    const onHash = () => {
      setRoute(parseHash());
      setMenuOpen(false);
    };
    const onKey = (e) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const page = PAGES.find((p) => p.key === e.key);
      if (page) {
        e.preventDefault();
        location.hash = "#/" + page.id;
      }
    };
    addEventListener("hashchange", onHash);
    addEventListener("keydown", onKey);
    return () => {
      removeEventListener("hashchange", onHash);
      removeEventListener("keydown", onKey);
    };
  }, []);
  useEffect(() => {
    applyTheme(theme);
    localStorage.setItem(THEME_STORAGE, theme);
  }, [theme]);

  if (who === null) return html`<main class="loading">Loading…</main>`;
  if (who === false) return html`<${SignIn} onSignedIn=${whoami} error=${authError} />`;

  const current = PAGES.find((p) => p.id === route.id);
  const Page = current.page;
  const nextTheme = { auto: "light", light: "dark", dark: "auto" }[theme];
  return html`<div class="shell">
    <header class="top">
      <button class="menu" aria-label="menu" aria-expanded=${menuOpen}
        onClick=${() => setMenuOpen(!menuOpen)}>☰</button>
      <a class="brand" href="#/sql">Lakehouse</a>
      <span class="who" title=${(who.roles || []).join(", ")}>
        ${who.dev_mode ? "dev mode" : who.principal}
      </span>
      <button class="theme" onClick=${() => setTheme(nextTheme)} title="switch theme">
        theme: ${theme}
      </button>
      ${!who.dev_mode &&
      html`<button onClick=${() => {
        setApiKey("");
        setWho(false);
      }}>Sign out</button>`}
    </header>
    <nav class=${menuOpen ? "side open" : "side"} aria-label="pages">
      ${PAGES.map(
        (p) => html`<a href=${"#/" + p.id} aria-current=${p.id === route.id ? "page" : undefined}
          title=${"Alt+" + p.key}>${p.title}</a>`,
      )}
      <a href="/docs" target="_blank" rel="noopener">API reference</a>
    </nav>
    <main class="page" id="page" data-page=${current.id}>
      <h1>${current.title}</h1>
      <${Page} arg=${route.arg} who=${who} key=${current.id} />
    </main>
  </div>`;
}

applyTheme(localStorage.getItem(THEME_STORAGE) || "auto");
render(html`<${App} />`, document.getElementById("app"));
