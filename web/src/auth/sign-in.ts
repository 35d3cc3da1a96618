// Sign-in (contract §2, §11): a form with labelled fields; every failure shown as text.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../api/client";
import { followLink } from "../router";
import { errorText } from "../ui/errors";

export function SignIn({ api, notice, onSignedIn }: { api: ApiClient; notice: string | null; onSignedIn: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = "Sign in — slaguard";
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.signIn(email.trim(), password);
      onSignedIn();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return html`
    <section class="auth-card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      ${notice && html`<p class="notice" role="status">${notice}</p>`}
      <form onSubmit=${submit}>
        <label for="sign-in-email">Email</label>
        <input id="sign-in-email" name="email" type="email" autocomplete="username" required value=${email}
          onInput=${(e: Event) => setEmail((e.currentTarget as HTMLInputElement).value)} />
        <label for="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required value=${password}
          onInput=${(e: Event) => setPassword((e.currentTarget as HTMLInputElement).value)} />
        ${error && html`<p class="error" role="alert" data-testid="sign-in-error">${error}</p>`}
        <button type="submit" class="primary" disabled=${busy}>${busy ? "Signing in…" : "Sign in"}</button>
      </form>
      <p><a href="/forgot-password" onClick=${followLink}>Forgot your password?</a></p>
    </section>
  `;
}
