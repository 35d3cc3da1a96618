// The dashboard's entry point (contract §11): one page served from the Worker's own assets.
import { render } from "preact";
import { html } from "htm/preact";
import { ApiClient } from "./api/client";
import { App } from "./app";
import { SessionStore } from "./auth/session";

const session = new SessionStore(window.sessionStorage);
const api = new ApiClient(session);
render(html`<${App} api=${api} session=${session} />`, document.getElementById("app")!);
