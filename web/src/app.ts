// The page: the signed-out screens (sign in, forgot password, reset password) or the signed-in shell.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { ApiClient } from "./api/client";
import { ForgotPassword } from "./auth/forgot-password";
import { ResetPassword } from "./auth/reset-password";
import type { SessionStore } from "./auth/session";
import { SignIn } from "./auth/sign-in";
import { navigate, routeOf, usePath } from "./router";
import { Shell } from "./shell";

export function App({ api, session }: { api: ApiClient; session: SessionStore }) {
  const [user, setUser] = useState(session.session?.user ?? null);
  /** A sentence for the sign-in screen after a reset or a forced sign-out. */
  const [notice, setNotice] = useState<string | null>(null);
  const route = routeOf(usePath());

  useEffect(
    () =>
      session.subscribe((next) => {
        if (!next && user) setNotice("Your session ended. Please sign in again.");
        setUser(next?.user ?? null);
      }),
    [session, user],
  );

  if (route === "reset-password" || route === "forgot-password") {
    const done = (message: string) => {
      setNotice(message);
      navigate("/", true);
    };
    return html`<${SignedOutLayout}>
      ${route === "reset-password" ? html`<${ResetPassword} api=${api} onDone=${done} />` : html`<${ForgotPassword} api=${api} />`}
    <//>`;
  }
  if (!user) {
    return html`<${SignedOutLayout}><${SignIn} api=${api} notice=${notice} onSignedIn=${() => setNotice(null)} /><//>`;
  }
  const signOut = async () => {
    await api.signOut();
    setNotice("You are signed out.");
  };
  return html`<${Shell} api=${api} user=${user} route=${route} onSignOut=${signOut} />`;
}

function SignedOutLayout({ children }: { children?: unknown }) {
  return html`
    <header class="site-header">
      <p class="brand">slaguard</p>
    </header>
    <main id="main" class="signed-out">${children}</main>
  `;
}
