// Sign-in in the browser, against a server with API keys: the sign-in form, a wrong key refused,
// the right one kept for the tab's session (not local storage), redacted in System's configuration,
// forgotten on sign-out; a key granted one dataset sees only that one.
import { base, allow, check, page, step, go, text, shot, setEditor, runEditor } from "./ui_harness.mjs";

export async function signInSteps(signInKey, viewerKey) {
  await step("sign-in: a wrong key is refused, the right one opens the UI", async () => {
    allow(["GET", "/access/whoami", 401]);
    await page.goto(base + "/#/explore", { waitUntil: "load" });
    await page.waitForSelector("#api-key");
    await page.type("#api-key", "lh_not_a_key");
    await page.click(".signin button[type=submit]");
    await page.waitForSelector(".signin .error");
    await shot("signin");
    await page.$eval("#api-key", (i) => (i.value = ""));
    await page.type("#api-key", signInKey);
    await page.click(".signin button[type=submit]");
    await page.waitForSelector("#datasets, .page p");
    check((await text(".who")) !== "dev mode", "signed in as a principal");
    check((await page.evaluate(() => Object.keys(localStorage).join())).includes("lakehouse.api_key") === false, "the key is not in local storage");
    allow();
  });
  await step("sign-in: System shows the configuration with the key redacted", async () => {
    await go("#/system", "#config table");
    const row = await page.$$eval("#config tr", (rs) => rs.map((r) => r.textContent).find((t) => t.startsWith("server.api_keys")));
    check(row === 'server.api_keys["***"]', "the key is redacted: " + row);
    check(!(await page.content()).includes(signInKey), "the key is nowhere on the page");
  });
  await step("sign-in: kept across a reload, gone after sign-out", async () => {
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(".who");
    await page.click(".top button:last-child");
    await page.waitForSelector("#api-key");
    check((await page.evaluate(() => sessionStorage.length)) === 0, "sign-out forgets the key");
  });
  await step("sign-in: a key granted one dataset sees only that one", async () => {
    await page.type("#api-key", viewerKey);
    await page.click(".signin button[type=submit]");
    await go("#/explore", "#datasets a.card");
    const names = await page.$$eval("#datasets strong", (s) => s.map((e) => e.textContent));
    check(names.join() === "open_data", "only the granted dataset: " + names);
    check((await text(".who")) === "viewer", "signed in as viewer: " + (await text(".who")));
    await go("#/sql", ".cm-content");
    await setEditor("SELECT count(*) FROM open_data");
    await runEditor();
    await page.waitForFunction(() => document.querySelector("#row-count")?.textContent.startsWith("1 rows"));
  });
}
