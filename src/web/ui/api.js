// The UI's one door to the server: every call goes through the public API, with the API key kept
// in session storage (gone when the tab closes) sent as X-API-Key. Errors come back as ApiError
// carrying the server's {"error": {code, message, request_id}} shape.

const KEY_STORAGE = "lakehouse.api_key";

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || "HTTP_" + status;
    this.requestId = error?.request_id || "";
    this.detail = error || {};
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function headers(extra = {}) {
  const out = { ...extra };
  const key = apiKey();
  if (key) out["X-API-Key"] = key;
  return out;
}

async function errorOf(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = body?.error ? { ...body.error, ...body } : null;
  if (error) delete error.error;
  return new ApiError(response.status, error);
}

// JSON in, JSON out. `options.signal` aborts (the server stops a query whose client went away).
export async function api(method, path, body, options = {}) {
  const init = { method, headers: headers({ Accept: "application/json" }), signal: options.signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path, options) => api("GET", path, undefined, options);
export const post = (path, body, options) => api("POST", path, body ?? {}, options);
export const patch = (path, body) => api("PATCH", path, body);

// A non-JSON answer (CSV export, Prometheus text) as a Blob or text.
export async function fetchRaw(method, path, body, accept) {
  const init = { method, headers: headers({ Accept: accept }) };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await errorOf(response);
  return response;
}

// multipart/form-data upload with progress (fetch cannot report upload progress; XHR can).
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    const key = apiKey();
    if (key) xhr.setRequestHeader("X-API-Key", key);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, { message: "network error during upload" }));
    xhr.onload = () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const error = body?.error ? { ...body.error, ...body } : null;
      if (error) delete error.error;
      reject(new ApiError(xhr.status, error));
    };
    xhr.send(form);
  });
}

// "dataset name" → "\"dataset name\"" for SQL.
export const quoteIdent = (name) => '"' + String(name).replaceAll('"', '""') + '"';
export const quoteLiteral = (value) => "'" + String(value).replaceAll("'", "''") + "'";
